"""Follow-up e-mails: people who asked to hear of new comments on a section get one when a
comment is published there, with a link to stop.

The stop link carries the follower's comment id, signed with Django's signing (JSON), and
nothing else: no name, no address, nothing that would need to be unpickled."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from policy_docs import visibility

from .models import SectionComment

STOP_SALT = "consultation.follow-ups.stop"


def stop_key(comment) -> str:
    return signing.dumps(comment.pk, salt=STOP_SALT)


def comment_for_stop_key(key: str) -> SectionComment | None:
    """The follower's comment a stop link was made for; None for a link that is damaged,
    forged or from before the links were signed this way."""
    try:
        pk = signing.loads(key, salt=STOP_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return SectionComment.objects.select_related("section__page").filter(pk=pk).first()


def followups_stop(*, comment) -> int:
    """No more follow-up e-mails to the author of `comment` about its section."""
    if not comment.user_email:  # erased: nothing is sent to it anyway
        return 0
    return SectionComment.objects.filter(
        section_id=comment.section_id, user_email__iexact=comment.user_email, followup=True
    ).update(followup=False)


def followers_notify(*, comment) -> int:
    """E-mail each follower of the section once about `comment`, if it is public. Followers
    are the authors of its public comments who asked for follow-ups, except the comment's own
    author, and, when the draft is not public, those who may read it (the e-mail carries the
    comment). Queued in the caller's transaction (consultation/mail_queue.py)."""
    if not comment.is_public or comment.is_removed:
        return 0
    followers = {}
    for follower in (
        SectionComment.objects.filter(section_id=comment.section_id, is_public=True, followup=True)
        .exclude(user_email="")
        .exclude(user_email__iexact=comment.user_email)
        .select_related("user")
        .order_by("submit_date", "pk")
    ):
        followers.setdefault(follower.user_email.lower(), follower)
    section = comment.section
    if not visibility.is_public(section.page):
        followers = {
            address: follower
            for address, follower in followers.items()
            if visibility.draft_visible_to_account(section.page, follower.user)
        }
    messages = []
    for follower in followers.values():
        body = render_to_string(
            "consultation/email/comment_followup.txt",
            {
                "user_name": follower.user_name,
                "comment": comment,
                "section": section,
                "stop_url": reverse("comments-xtd-mute", args=[stop_key(follower)]),
            },
        )
        subject = _("New comment on “%(heading)s”") % {"heading": section.heading}
        messages.append(
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [follower.user_email])
        )
    if messages:
        get_connection().send_messages(messages)
    return len(messages)
