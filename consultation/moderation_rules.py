"""How new comments enter moderation: django-comments' moderator asks `moderate()` for every
comment posted on a draft section."""

from django.conf import settings
from django_comments_xtd.moderation import XtdCommentModerator

from .enums import ModerationMode


class SectionCommentModerator(XtdCommentModerator):
    email_notification = False

    def moderate(self, comment, content_object, request):
        """True keeps the comment hidden until a moderator approves it."""
        return settings.MODERATION_MODE != ModerationMode.POST
