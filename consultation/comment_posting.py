"""How a posted comment is stored: at once for a signed-in commenter; for anyone else, only
once they confirm the e-mail address they gave.

This replaces django-comments-xtd's own storing, whose confirmation links carried the whole
comment (name, address, internet address, gender, country, text) as a signed pickle in the
URL: readable in every access log, never expiring, confirmed by a mere GET, and turning a
leaked SECRET_KEY into code execution. Here the link holds a random token; the comment waits
in a PendingComment row that only the token's hash finds, and it is stored when its author
presses the button on the page the link opens (mail scanners open links, they do not press
buttons)."""

import datetime
import enum
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_comments_xtd.models import TmpXtdComment
from django_comments_xtd.signals import confirmation_received

from policy_docs.models import DraftSection

from .commenting import confirmation_rate_limited, duplicate_of
from .follow_ups import followers_notify
from .models import PendingComment, SectionComment
from .models.pending_comments import token_digest

# What a PendingComment keeps of the comment xtd's form made: everything but the objects
# (found again from the section) and the account (a pending comment has none).
_NOT_KEPT = {"content_type", "content_object", "user", "xtd_comment"}
_DATETIMES = ("submit_date", "consent_given_at")


def comment_store(*, tmp_comment, request) -> SectionComment:
    """Store the comment xtd's form made (in the caller's transaction: with its feedback
    item, or not at all) and tell the section's followers if it is public."""
    values = {key: value for key, value in tmp_comment.items() if key != "xtd_comment"}
    comment = SectionComment(**values)
    comment.save()
    tmp_comment.xtd_comment = comment  # the "sent" page's ?c= is then the comment's id
    # Moderators' notifications hang on it (django_comments_xtd.moderation).
    confirmation_received.send(sender=TmpXtdComment, comment=tmp_comment, request=request)
    followers_notify(comment=comment)
    return comment


def pending_comment_create(*, tmp_comment) -> PendingComment:
    """Keep the comment of a visitor who is not signed in until they confirm it, and e-mail
    them the link. The e-mail names the section and the draft, never the comment's text or
    the name they gave: whoever gave someone else's address cannot make the site send that
    person their words."""
    token = secrets.token_urlsafe(32)
    data = {key: value for key, value in tmp_comment.items() if key not in _NOT_KEPT}
    for key in _DATETIMES:
        if data.get(key):
            data[key] = data[key].isoformat()
    now = timezone.now()
    pending = PendingComment.objects.create(
        token_hash=token_digest(token),
        section=tmp_comment.content_object,
        email=tmp_comment.user_email,
        comment_data=data,
        created_at=now,
        expires_at=now + datetime.timedelta(days=settings.COMMENT_CONFIRMATION_DAYS),
    )
    _send_confirmation_request(pending, token)
    return pending


def _send_confirmation_request(pending, token: str) -> None:
    section = pending.section
    body = render_to_string(
        "consultation/email/comment_confirmation.txt",
        {
            "section": section,
            "draft": section.page,
            "confirmation_url": reverse("comments-xtd-confirm", args=[token]),
            "expires_at": pending.expires_at,
        },
    )
    subject = _("Confirm your comment on %(draft)s") % {"draft": section.page.title}
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [pending.email])
    get_connection().send_messages([message])


class Outcome(enum.Enum):
    """What became of a confirmation link (or of pressing its button)."""

    READY = "ready"  # the page asks to confirm
    CONFIRMED = "confirmed"
    ALREADY_CONFIRMED = "already-confirmed"
    UNKNOWN = "unknown"  # forged, damaged, deleted, or from before the tokens
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"  # the draft is no longer published
    CLOSED = "closed"
    REPLY_GONE = "reply-gone"  # the comment it answers is no longer shown
    RATE_LIMITED = "rate-limited"
    DUPLICATE = "duplicate"


@dataclass
class Confirmation:
    outcome: Outcome
    pending: PendingComment | None = None
    comment: SectionComment | None = None

    @property
    def section(self):
        """The section, when its draft is still published: the pages may link to it."""
        if self.pending is None or not self.pending.section.page.live:
            return None
        return self.pending.section


def pending_comment_check(*, token: str, now=None) -> Confirmation:
    """Where the comment behind a confirmation link stands, changing nothing."""
    pending = (
        PendingComment.objects.for_token(token).select_related("section__page", "comment").first()
    )
    if pending is None:
        return Confirmation(Outcome.UNKNOWN)
    if pending.confirmed_at is not None:
        return Confirmation(Outcome.ALREADY_CONFIRMED, pending, pending.comment)
    if pending.is_expired(now):
        return Confirmation(Outcome.EXPIRED, pending)
    draft = pending.section.page
    if not draft.live:
        return Confirmation(Outcome.WITHDRAWN, pending)
    if not draft.is_open_for_comments(now):
        return Confirmation(Outcome.CLOSED, pending)
    return Confirmation(Outcome.READY, pending)


def _reply_target_shown(section, parent_id) -> bool:
    if not parent_id:
        return True
    parent = SectionComment.objects.published().filter(pk=parent_id, section=section).first()
    return parent is not None and parent.allow_thread()


def _tmp_comment(pending) -> TmpXtdComment:
    data = dict(pending.comment_data)
    for key in _DATETIMES:
        if data.get(key):
            data[key] = datetime.datetime.fromisoformat(data[key])
    return TmpXtdComment(
        content_type=ContentType.objects.get_for_model(DraftSection),
        content_object=pending.section,
        **data,
    )


def pending_comment_confirm(*, token: str, request) -> Confirmation:
    """Store the comment behind a confirmation link, exactly once, if the consultation window,
    the draft, the comment it replies to, the rate limit and the duplicate rule still allow
    it. The comment, its feedback item and the confirmation are written in one transaction."""
    with transaction.atomic():
        checked = pending_comment_check(token=token)
        if checked.outcome is not Outcome.READY:
            return checked
        pending = checked.pending
        data = pending.comment_data
        section = pending.section
        if not _reply_target_shown(section, data.get("parent_id")):
            return Confirmation(Outcome.REPLY_GONE, pending)
        if confirmation_rate_limited(request, pending.email):
            return Confirmation(Outcome.RATE_LIMITED, pending)
        tmp_comment = _tmp_comment(pending)
        duplicate = duplicate_of(
            section=section,
            text=tmp_comment.comment,
            email=pending.email,
            sent_at=tmp_comment.submit_date,
        )
        # Claimed by a conditional update: of two presses at once, one stores the comment
        # and the other finds the row already confirmed.
        claimed = PendingComment.objects.filter(pk=pending.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now(), email="", comment_data={}
        )
        if not claimed:
            return pending_comment_check(token=token)
        comment = duplicate or comment_store(tmp_comment=tmp_comment, request=request)
        PendingComment.objects.filter(pk=pending.pk).update(comment=comment)
        outcome = Outcome.DUPLICATE if duplicate else Outcome.CONFIRMED
        return Confirmation(outcome, pending, comment)
