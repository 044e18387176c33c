"""Rules for posting comments: the consultation window, duplicates and rate limits."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_ratelimit.core import is_ratelimited

from .models import SectionComment

DUPLICATE_WINDOW = datetime.timedelta(minutes=10)


def is_duplicate(*, section, text: str, user=None, email: str = "") -> bool:
    """The same text on the same section from the same person within ten minutes."""
    same_person = Q(user=user) if user is not None and user.is_authenticated else Q()
    if email:
        same_person |= Q(user_email__iexact=email)
    if not same_person:
        return False
    return (
        SectionComment.objects.filter(same_person, section=section, comment=text.strip())
        .filter(submit_date__gte=timezone.now() - DUPLICATE_WINDOW)
        .exists()
    )


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
