"""Moderators' decisions on comments and written submissions. Nothing is ever deleted: a
rejected or removed item is kept for the record, and every decision is logged in Wagtail's
history with who, when and why."""

from django.db import transaction
from wagtail.log_actions import log

from .follow_ups import followers_notify
from .models import SectionComment

APPROVE = "consultation.moderation.approve"
REJECT = "consultation.moderation.reject"
REMOVE = "consultation.moderation.remove"
PUBLISH_ATTACHMENT = "consultation.moderation.publish_attachment"


def _decide(item, *, user, action: str, reason: str, **fields):
    with transaction.atomic():
        for name, value in fields.items():
            setattr(item, name, value)
        item.save(update_fields=list(fields))
        log(instance=item, action=action, user=user, data={"reason": reason})
    return item


def moderation_approve(*, item, user, reason: str = ""):
    """Publish a comment or a written submission (its attachment stays private). A comment
    published for the first time is sent to the section's followers (pre-moderation holds
    every new comment until this moment)."""
    first_publication = isinstance(item, SectionComment) and not item.is_public
    with transaction.atomic():
        _decide(item, user=user, action=APPROVE, reason=reason, is_public=True,
                is_removed=False)  # fmt: skip
        if first_publication:
            followers_notify(comment=item)
    return item


def moderation_reject(*, item, user, reason: str):
    """Never to be published: it breaks the rules of the consultation."""
    return _decide(item, user=user, action=REJECT, reason=reason, is_public=False,
                   is_removed=True)  # fmt: skip


def moderation_remove(*, item, user, reason: str):
    """Taken down after publication (post-moderation, or flagged by visitors)."""
    return _decide(item, user=user, action=REMOVE, reason=reason, is_removed=True)


def submission_publish_attachment(*, item, user, reason: str = ""):
    """Publish a submission together with its attachment."""
    return _decide(item, user=user, action=PUBLISH_ATTACHMENT, reason=reason, is_public=True,
                   is_removed=False, attachment_is_public=True)  # fmt: skip
