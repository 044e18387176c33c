"""Moderators' decisions on comments. Nothing is ever deleted: a rejected or removed comment
is kept for the record, and every decision is logged in Wagtail's history with who, when
and why."""

from django.db import transaction
from wagtail.log_actions import log

from .models import SectionComment

APPROVE = "consultation.comment.approve"
REJECT = "consultation.comment.reject"
REMOVE = "consultation.comment.remove"


def _decide(comment: SectionComment, *, user, action: str, reason: str, **fields):
    with transaction.atomic():
        for name, value in fields.items():
            setattr(comment, name, value)
        comment.save(update_fields=list(fields))
        log(instance=comment, action=action, user=user, data={"reason": reason})
    return comment


def comment_approve(*, comment: SectionComment, user, reason: str = "") -> SectionComment:
    return _decide(comment, user=user, action=APPROVE, reason=reason, is_public=True,
                   is_removed=False)  # fmt: skip


def comment_reject(*, comment: SectionComment, user, reason: str) -> SectionComment:
    """Never published: a comment that breaks the rules of the consultation."""
    return _decide(comment, user=user, action=REJECT, reason=reason, is_public=False,
                   is_removed=True)  # fmt: skip


def comment_remove(*, comment: SectionComment, user, reason: str) -> SectionComment:
    """Taken down after publication (post-moderation, or a flagged comment)."""
    return _decide(comment, user=user, action=REMOVE, reason=reason, is_removed=True)
