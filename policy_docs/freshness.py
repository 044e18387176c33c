"""How long a public page about drafts stays true. What such a page says changes when a draft
is published or its comments change (the page cache is purged then), and also when a
consultation window opens or closes, which no event announces: a kept page must not outlive
that moment."""

import math

from django.conf import settings
from django.utils import timezone

from . import visibility


def next_window_change(drafts, now=None):
    """The earliest moment after `now` at which one of `drafts` opens or closes for
    comments, or None when none will."""
    now = now or timezone.now()
    moments = [
        moment
        for draft in drafts
        for moment in (draft.opens_at, draft.closes_at)
        if moment is not None and moment > now
    ]
    return min(moments, default=None)


def cache_seconds_for(drafts, now=None) -> int:
    """Seconds a page showing `drafts` may be kept: PUBLIC_PAGE_CACHE_SECONDS, or fewer when
    a window opens or closes sooner (0: do not keep it, the change is less than a second
    away)."""
    now = now or timezone.now()
    seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
    if (change := next_window_change(drafts, now)) is not None:
        seconds = min(seconds, math.floor((change - now).total_seconds()))
    return max(0, seconds)


def readers_may_keep(response, request, *, page, drafts, query_params=()):
    """Declare `response` fit for the page cache (consultation/page_cache.py) for as long as
    `drafts` stay as they are, if anyone may see `page`; never a restricted page. A signed-in
    request is never answered from the cache, so it is not asked (one query less)."""
    response.cache_for_readers = False
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return response
    seconds = cache_seconds_for(drafts)
    if seconds > 0 and visibility.is_public(page):
        response.cache_for_readers = True
        response.cache_seconds = seconds
        response.cache_query_params = set(query_params)
    return response
