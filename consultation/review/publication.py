""" "You said, we did": the drafters publish their responses to a closed draft in one explicit
step. Before it nothing of the review is public; after it every public comment shows its
decision and response, and every commenter who asked for follow-up gets one e-mail."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from policy_docs import visibility

from ..enums import ReviewStatus
from ..models import FeedbackItem, ResponsePublication, SectionComment

PUBLISH_RESPONSES = "consultation.review.publish_responses"


class PublicationRefused(Exception):
    """Why the responses to this draft cannot be published now, in words for the drafter."""


def responses_published(draft) -> bool:
    """Whether the responses to this draft, or to the draft it is a language version of, are
    public (they are published on the default-language draft, which holds all the feedback)."""
    return ResponsePublication.objects.filter(draft__translation_key=draft.translation_key).exists()


def answered_comments_to_notify(draft):
    """Public comments on the draft (in any of its language versions), answered, whose authors
    asked for follow-up e-mails."""
    return (
        SectionComment.objects.published()
        .filter(
            feedback__draft=draft,
            followup=True,
            feedback__status=ReviewStatus.ANSWERED,
        )
        .select_related("section", "feedback", "user")
        .order_by("submit_date")
    )


def _answer_emails(draft) -> list[EmailMessage]:
    by_address = defaultdict(list)
    # Each e-mail links to the comments it answers: their pages found in one query.
    for comment in SectionComment.with_thread_pages(list(answered_comments_to_notify(draft))):
        by_address[comment.user_email.lower()].append(comment)
    if not visibility.is_public(draft):
        # A draft restricted since: only those who may still read it hear of the answers.
        by_address = {
            address: comments
            for address, comments in by_address.items()
            if visibility.draft_visible_to_account(draft, comments[0].user)
        }
    messages = []
    for comments in by_address.values():
        body = render_to_string(
            "consultation/email/responses_published.txt",
            {
                "draft": draft,
                "name": comments[0].user_name,
                "comments": comments,
            },
        )
        subject = _("Your comment on %(draft)s was answered") % {"draft": draft.title}
        messages.append(
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [comments[0].user_email])
        )
    return messages


def draft_publish_responses(*, draft, user) -> ResponsePublication:
    """Publish the drafters' responses to a draft whose consultation is over, and tell each
    commenter who asked for follow-up, once."""
    if draft.is_open_for_comments():
        raise PublicationRefused(
            _("%(draft)s is still open for comments: publish the responses once it closes.")
            % {"draft": draft.title}
        )
    with transaction.atomic():
        publication, created = ResponsePublication.objects.select_for_update().get_or_create(
            draft=draft, defaults={"published_by": user}
        )
        if not created:
            raise PublicationRefused(
                _("The responses to %(draft)s were already published.") % {"draft": draft.title}
            )
        answered = FeedbackItem.objects.in_review().filter(
            draft=draft, status=ReviewStatus.ANSWERED
        )
        messages = _answer_emails(draft)
        log(
            instance=draft,
            action=PUBLISH_RESPONSES,
            user=user,
            data={"answered": answered.count(), "emails": len(messages)},
        )
        # Queued in the same transaction as the publication (consultation/mail_queue.py): both
        # are kept or neither, so the e-mails are neither lost nor sent twice.
        get_connection().send_messages(messages)
    return publication
