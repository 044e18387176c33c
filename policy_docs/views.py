"""Admin views of the policy documents."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .drafts import draft_start_next
from .forms import DraftImportForm
from .models import DraftImport, DraftPage, PolicyPage
from .word_import import ImportReport, WordImportError
from .word_import.background import draft_import_request


class PolicyDraftPermissionMixin:
    """Views on a policy that make a new draft of it: for those who may add pages under it."""

    def dispatch(self, request, policy_id, **kwargs):
        self.policy = get_object_or_404(PolicyPage, pk=policy_id)
        if not self.policy.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        return super().dispatch(request, **kwargs)

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
    """Uploads a Word document (GET shows the form) and queues its import (POST), then sends
    the drafter to the page that follows it. Refused on the form, with nothing kept, while a
    draft is pending or when the file's first bytes already say it is no Word document."""

    template_name = "policy_docs/admin/import_word_draft.html"
    form_class = DraftImportForm
    page_title = gettext_lazy("Import Word draft")
    header_icon = "upload"
    recent_imports = 5

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        children = DraftPage.objects.child_of(self.policy).order_by("path")
        context.update(
            policy=self.policy,
            latest=children.live().last(),
            pending=children.filter(live=False).last(),
            imports=DraftImport.objects.filter(policy=self.policy)[: self.recent_imports],
        )
        return context

    def form_valid(self, form):
        try:
            job = draft_import_request(
                policy=self.policy,
                upload=form.cleaned_data["file"],
                user=self.request.user,
                label=form.cleaned_data["label"],
            )
        except WordImportError as error:
            form.add_error("file", error.messages)
            return self.form_invalid(form)
        except ValidationError as error:  # a draft is pending
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        return redirect("policy_docs_word_import", self.policy.pk, job.pk)


class DraftImportView(PolicyDraftPermissionMixin, WagtailAdminTemplateMixin, DetailView):
    """Where an import stands: its progress while the worker reads the document, updated
    every few seconds (in place with JavaScript, by a meta refresh without it), then the
    import report, or the refusal."""

    template_name = "policy_docs/admin/word_import.html"
    context_object_name = "job"
    page_title = gettext_lazy("Import Word draft")
    header_icon = "upload"
    refresh_seconds = 3

    def get_queryset(self):
        return DraftImport.objects.filter(policy=self.policy).select_related("requested_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.object
        context.update(
            policy=self.policy,
            refresh_seconds=self.refresh_seconds,
            steps=len(job.STEPS),
            report=ImportReport.from_data(job.report) if job.report else None,
        )
        return context
