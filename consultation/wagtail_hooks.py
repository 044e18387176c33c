from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import moderation, second_factor
from .admin_views import (
    CommentModerationViewSet,
    ModerationPermissionPolicy,
    SubmissionModerationViewSet,
)
from .exports.views import (
    FeedbackExportDownloadView,
    FeedbackExportListView,
    FeedbackExportStartView,
    FeedbackExportView,
)
from .models import FeedbackItem, SectionComment, Sector, WrittenSubmission
from .review import feedback, publication
from .review.admin import REVIEW, FeedbackViewSet, ReviewPermissionPolicy
from .review.bulk_actions import BulkReviewAction
from .review.views import DashboardView, PublishResponsesView
from .views import second_factor as second_factor_views

register_permission_policy(SectionComment, ModerationPermissionPolicy(SectionComment))
register_permission_policy(WrittenSubmission, ModerationPermissionPolicy(WrittenSubmission))


@hooks.register("register_admin_viewset")
def register_comment_moderation():
    return CommentModerationViewSet()


@hooks.register("register_admin_viewset")
def register_submission_moderation():
    return SubmissionModerationViewSet()


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    actions.register_action(moderation.APPROVE, _("Approve"), _("Approved"))
    actions.register_action(moderation.REJECT, _("Reject"), _("Rejected"))
    actions.register_action(moderation.REMOVE, _("Remove"), _("Removed"))
    actions.register_action(
        moderation.PUBLISH_ATTACHMENT, _("Publish with attachment"), _("Published with attachment")
    )


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "group"
    menu_label = _("Sectors")
    list_display = ["name", "sort_order", "is_active"]


register_snippet(SectorViewSet)


class ReviewChangesFormatter(LogFormatter):
    """History lines that say what changed: "Decision: Not accepted → Accepted"."""

    labels = {
        "status": _("Status"),
        "decision": _("Decision"),
        "response": _("Response"),
        "addressed_in": _("Addressed in"),
        "assignee": _("Assigned to"),
        "themes": _("Themes"),
    }

    def format_message(self, log_entry):
        changes = log_entry.data.get("changes", {})
        if not changes:
            return str(self.label) + ": " + str(_("nothing changed"))
        parts = []
        for name, (before, after) in changes.items():
            if name == "response":
                parts.append(str(_("response changed")) if before else str(_("response written")))
            else:
                parts.append(f"{self.labels.get(name, name)}: {before or '–'} → {after or '–'}")
        return f"{self.label}: " + "; ".join(parts)


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    @actions.register_action(feedback.RESPOND)
    class Respond(ReviewChangesFormatter):
        label = _("Response recorded")

    @actions.register_action(feedback.BULK_UPDATE)
    class BulkUpdate(ReviewChangesFormatter):
        label = _("Changed with other items")

    actions.register_action(
        publication.PUBLISH_RESPONSES, _("Publish responses"), _("Responses published")
    )


register_permission_policy(FeedbackItem, ReviewPermissionPolicy(FeedbackItem))
register_snippet(FeedbackViewSet)


hooks.register("register_bulk_action", BulkReviewAction)


@hooks.register("register_admin_urls")
def register_review_urls():
    return [
        path("feedback-dashboard/", DashboardView.as_view(), name="feedback_dashboard_index"),
        path(
            "feedback-dashboard/<int:draft_id>/",
            DashboardView.as_view(),
            name="feedback_dashboard",
        ),
        path(
            "feedback-dashboard/<int:draft_id>/publish-responses/",
            PublishResponsesView.as_view(),
            name="feedback_publish_responses",
        ),
        path("feedback-exports/", FeedbackExportListView.as_view(), name="feedback_exports"),
        path(
            "feedback-exports/new/", FeedbackExportStartView.as_view(), name="feedback_export_new"
        ),
        path("feedback-exports/<int:pk>/", FeedbackExportView.as_view(), name="feedback_export"),
        path(
            "feedback-exports/<int:pk>/download/",
            FeedbackExportDownloadView.as_view(),
            name="feedback_export_download",
        ),
    ]


class ReviewerMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REVIEW)


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return ReviewerMenuItem(
        _("Feedback dashboard"),
        reverse_lazy("feedback_dashboard_index"),
        icon_name="table",
        order=241,
        name="feedback-dashboard",
    )


# Two-step verification of team members (second_factor.py): an administrator's reset.


@hooks.register("register_admin_urls")
def register_second_factor_reset_url():
    return [
        path(
            "second-factor-reset/<int:user_id>/",
            second_factor_views.second_factor_reset,
            name="second_factor_reset",
        )
    ]


@hooks.register("register_user_listing_buttons")
def second_factor_reset_button(user, request_user):
    if request_user.is_superuser and second_factor.can_reach_admin(user):
        yield Button(
            _("Reset two-step verification"),
            reverse("second_factor_reset", args=[user.pk]),
            icon_name="key",
            priority=60,
        )


@hooks.register("register_log_actions")
def register_second_factor_log_actions(actions):
    actions.register_action(
        second_factor.SECOND_FACTOR_RESET,
        _("Reset two-step verification"),
        _("Two-step verification reset"),
    )
