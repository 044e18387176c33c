"""Admin views of the policy documents."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .drafts import draft_start_next
from .models import PolicyPage


class StartNextDraftView(WagtailAdminTemplateMixin, TemplateView):
    """Asks for confirmation (GET), then copies the latest draft into a new one (POST)."""

    template_name = "policy_docs/admin/start_next_draft.html"
    page_title = gettext_lazy("Start next draft")
    header_icon = "doc-full"

    def dispatch(self, request, policy_id):
        self.policy = get_object_or_404(PolicyPage, pk=policy_id)
        if not self.policy.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        return super().dispatch(request)

    def get_page_subtitle(self):
        return self.policy.title

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
