from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import moderation
from .admin_views import (
    CommentModerationViewSet,
    ModerationPermissionPolicy,
    SubmissionModerationViewSet,
)
from .models import SectionComment, Sector, WrittenSubmission

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
