"""Rules for posting comments: the consultation window, duplicates and rate limits."""

import datetime
import hashlib

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_ratelimit.core import is_ratelimited

from .models import SectionComment

DUPLICATE_WINDOW = datetime.timedelta(minutes=10)


def duplicate_of(*, section, text: str, user=None, email: str = "", sent_at=None):
    """The stored comment with the same text on the same section from the same person, sent
    within ten minutes of `sent_at` (now by default), if there is one."""
    same_person = Q(user=user) if user is not None and user.is_authenticated else Q()
    if email:
        same_person |= Q(user_email__iexact=email)
    if not same_person:
        return None
    sent_at = sent_at or timezone.now()
    return (
        SectionComment.objects.filter(same_person, section=section, comment=text.strip())
        .filter(submit_date__range=(sent_at - DUPLICATE_WINDOW, sent_at + DUPLICATE_WINDOW))
        .first()
    )


def is_duplicate(*, section, text: str, user=None, email: str = "") -> bool:
    """The same text on the same section from the same person within ten minutes."""
    return duplicate_of(section=section, text=text, user=user, email=email) is not None


def posting_rate_limited(request) -> bool:
    """Counts this attempt and says whether the IP address or the account is over its limit."""
    limited = is_ratelimited(
        request, group="comment-post", key="ip", rate=settings.COMMENT_RATE_PER_IP, increment=True
    )
    if request.user.is_authenticated:
        limited |= is_ratelimited(
            request,
            group="comment-post-user",
            key="user",
            rate=settings.COMMENT_RATE_PER_USER,
            increment=True,
        )
    return limited


def _address_key(email: str):
    # The rate-limit counters are known by a digest of the address, never by the address.
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return lambda group, request: digest


def confirmation_emails_exhausted(request, email: str) -> bool:
    """Counts a confirmation e-mail about to be sent to `email` and says whether the address
    has had its allowance for the day (COMMENT_CONFIRMATION_EMAILS_PER_ADDRESS): nobody can
    make the site send a stranger more than a few e-mails."""
    return is_ratelimited(
        request,
        group="comment-confirmation-email",
        key=_address_key(email),
        rate=settings.COMMENT_CONFIRMATION_EMAILS_PER_ADDRESS,
        increment=True,
    )


def confirmation_rate_limited(request, email: str) -> bool:
    """Counts a confirmation and says whether the address is over the posting limit of an
    account (COMMENT_RATE_PER_USER): comments sent from many places and confirmed at once
    are limited like an account's."""
    return is_ratelimited(
        request,
        group="comment-confirm-address",
        key=_address_key(email),
        rate=settings.COMMENT_RATE_PER_USER,
        increment=True,
    )
