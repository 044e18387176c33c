"""The cross-site request forgery check of the comment form, made by the posting view itself.

The section pages that carry the form are kept in the page cache for readers who are not
signed in (page_cache.py), so the form cannot carry a token of its own for each visitor, and
setting the CSRF cookie would stop the page from being kept. So:
- a request with a session cookie (signed in, or any session) gets Django's full check, the
  token included: the form carries one whenever the page was made for a session;
- a request without a session speaks for nobody, so a forged one can do no more than its
  sender could do directly; it must still come from one of the site's pages: its Origin (or,
  failing that, its Referer) must be the site's, as Django checks for HTTPS requests.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils.http import is_same_domain


def has_session(request) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def form_token(request) -> str | None:
    """The CSRF token to put in the comment form, or None for a page made for a request
    without a session (which may be kept in the page cache for every such reader)."""
    return get_token(request) if has_session(request) else None


def _is_site_origin(request, origin: str) -> bool:
    try:
        host = request.get_host()
    except DisallowedHost:
        return False
    if origin == f"{request.scheme}://{host}" or origin in settings.CSRF_TRUSTED_ORIGINS:
        return True
    scheme, netloc = urlsplit(origin)[:2]
    return any(
        is_same_domain(netloc, trusted.split("://", 1)[1])
        for trusted in settings.CSRF_TRUSTED_ORIGINS
        if "*" in trusted and trusted.startswith(f"{scheme}://")
    )


def comes_from_the_site(request) -> bool:
    """The request's Origin, or failing that its Referer's origin, is the site's own."""
    if origin := request.headers.get("Origin"):
        return _is_site_origin(request, origin)
    try:
        referer = urlsplit(request.headers.get("Referer", ""))
    except ValueError:
        return False
    return bool(referer.scheme and referer.netloc) and _is_site_origin(
        request, f"{referer.scheme}://{referer.netloc}"
    )


def _checked_view(request):  # stands for a view Django protects, to run its full check
    raise NotImplementedError


def forgery_suspected(request) -> bool:
    """True when the post must be refused. When it passes, Django's own checks further on
    (django-comments' view is csrf_protect-ed) pass too."""
    if getattr(request, "_dont_enforce_csrf_checks", False):  # Django's test client's default
        return False
    if has_session(request):
        rejected = CsrfViewMiddleware(_checked_view).process_view(request, _checked_view, (), {})
        return rejected is not None
    if not comes_from_the_site(request):
        return True
    request.csrf_processing_done = True  # as CsrfViewMiddleware marks a request it accepted
    return False
