"""The drafters' dashboard of a draft and the publication of their responses."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from policy_docs.models import DraftPage

from ..models import FeedbackItem
from .admin import ReviewPermissionPolicy
from .publication import PublicationRefused, draft_publish_responses
from .statistics import bar_chart, draft_statistics


class ReviewerRequiredMixin(PermissionCheckedMixin):
    """The inbox's own permission policy: drafters and administrators."""

    permission_policy = ReviewPermissionPolicy(FeedbackItem)
    permission_required = "view"
    _show_breadcrumbs = True


class DashboardView(ReviewerRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "consultation/review/dashboard.html"
    page_title = gettext_lazy("Feedback dashboard")
    header_icon = "table"

    def get_draft(self):
        draft_id = self.kwargs.get("draft_id") or self.request.GET.get("draft")
        if draft_id:
            return get_object_or_404(DraftPage, pk=draft_id)
        return FeedbackItem.objects.drafts().order_by("-path").first()

    def get_page_subtitle(self):
        return self.draft.get_parent().title + " · " + self.draft.title if self.draft else ""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        self.draft = self.get_draft()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        draft = self.draft
        context["drafts"] = DraftPage.objects.order_by("path")
        context["draft"] = draft
        if draft is None:
            return context
        stats = draft_statistics(draft)
        context.update(
            stats=stats,
            section_chart=bar_chart(stats.by_section),
            country_chart=bar_chart(stats.by_country),
            status_chart=bar_chart(stats.by_status),
            time_chart=bar_chart(stats.over_time, label_width=110),
            inbox_url=reverse("feedback:list") + f"?draft={draft.pk}",
            publication=getattr(draft, "response_publication", None),
            can_publish=not draft.is_open_for_comments(),
        )
        return context


class PublishResponsesView(ReviewerRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Asks for confirmation (GET), then publishes the responses (POST)."""

    template_name = "consultation/review/publish_responses.html"
    page_title = gettext_lazy("Publish the responses")
    header_icon = "globe"

    def dispatch(self, request, *args, **kwargs):
        self.draft = get_object_or_404(DraftPage, pk=kwargs["draft_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.draft.title

    def get_breadcrumbs_items(self):
        dashboard = reverse("feedback_dashboard", args=[self.draft.pk])
        return [
            *self.breadcrumbs_items,
            {"url": dashboard, "label": _("Feedback dashboard")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["draft"] = self.draft
        context["answered"] = (
            FeedbackItem.objects.in_review().filter(draft=self.draft, status="answered").count()
        )
        context["total"] = FeedbackItem.objects.in_review().filter(draft=self.draft).count()
        context["dashboard_url"] = reverse("feedback_dashboard", args=[self.draft.pk])
        return context

    def post(self, request, *args, **kwargs):
        try:
            draft_publish_responses(draft=self.draft, user=request.user)
        except PublicationRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                _("The responses to %(draft)s are public; commenters who asked were told.")
                % {"draft": self.draft.title},
            )
        return redirect("feedback_dashboard", self.draft.pk)
