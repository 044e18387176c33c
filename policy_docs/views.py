"""Admin views of the policy documents."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .drafts import draft_start_next
from .forms import DraftImportForm
from .models import DraftPage, PolicyPage
from .word_import import WordImportError, draft_import_docx


class PolicyDraftPermissionMixin:
    """Views on a policy that make a new draft of it: for those who may add pages under it."""

    def dispatch(self, request, policy_id):
        self.policy = get_object_or_404(PolicyPage, pk=policy_id)
        if not self.policy.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        return super().dispatch(request)

    def get_page_subtitle(self):
        return self.policy.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_explore", args=[self.policy.pk]),
                "label": self.policy.title,
            },
            {"url": "", "label": self.get_page_title()},
        ]


class StartNextDraftView(PolicyDraftPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """Asks for confirmation (GET), then copies the latest draft into a new one (POST)."""

    template_name = "policy_docs/admin/start_next_draft.html"
    page_title = gettext_lazy("Start next draft")
    header_icon = "doc-full"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        drafts = list(self.policy.drafts())
        context.update(policy=self.policy, latest=drafts[-1] if drafts else None)
        return context

    def post(self, request):
        try:
            new_draft = draft_start_next(policy=self.policy, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("wagtailadmin_explore", self.policy.pk)
        messages.success(
            request,
            _(
                "“%(draft)s” was started from the latest draft with its %(count)d sections; "
                "their keys were carried over. It is unpublished until you publish it."
            )
            % {"draft": new_draft.title, "count": new_draft.sections.count()},
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=[new_draft.pk]))


class ImportWordDraftView(PolicyDraftPermissionMixin, WagtailAdminTemplateMixin, FormView):
    """Uploads a Word document (GET shows the form) and makes a new draft of it (POST): the
    import report on success, the reason on the form otherwise, with nothing saved."""

    template_name = "policy_docs/admin/import_word_draft.html"
    report_template_name = "policy_docs/admin/import_word_draft_report.html"
    form_class = DraftImportForm
    page_title = gettext_lazy("Import Word draft")
    header_icon = "upload"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        children = DraftPage.objects.child_of(self.policy).order_by("path")
        context.update(
            policy=self.policy,
            latest=children.live().last(),
            pending=children.filter(live=False).last(),
        )
        return context

    def form_valid(self, form):
        try:
            report = draft_import_docx(
                policy=self.policy,
                file=form.cleaned_data["file"],
                user=self.request.user,
                label=form.cleaned_data["label"],
            )
        except WordImportError as error:
            form.add_error("file", error.messages)
            return self.form_invalid(form)
        except ValidationError as error:  # a draft is pending
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        return TemplateResponse(
            self.request, self.report_template_name, self.get_context_data(report=report)
        )
