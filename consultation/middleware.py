"""Requests the site refuses before any view runs, each with a clear page rather than a server
error: search that can't run while its index is rebuilt (503), and bodies larger than the site
accepts (413)."""

import logging

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from search_index.backend import SearchIndexUnavailableError

logger = logging.getLogger(__name__)


# How long a client should wait before searching again: a rebuild of the whole site takes
# seconds to a few minutes.
SEARCH_RETRY_AFTER_SECONDS = 120


def search_unavailable_response(response):
    """Mark a "search is being rebuilt" page as temporary: 503 with Retry-After, so that
    caches, crawlers and monitors neither keep nor index it."""
    response.status_code = 503
    response["Retry-After"] = str(SEARCH_RETRY_AFTER_SECONDS)
    return response


class SearchUnavailableMiddleware:
    """Search that can't run, wherever it is asked for (Wagtail's admin page search, choosers,
    snippet listings). The public search page and the feedback inbox handle it themselves,
    more gently."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, SearchIndexUnavailableError):
            return None
        logger.error("Search unavailable at %s: %s", request.path, exception)
        return search_unavailable_response(render(request, "search_unavailable.html"))


class RequestSizeLimitMiddleware:
    """Refuse a request whose body is larger than the site accepts (MAX_REQUEST_BYTES, or
    MAX_ADMIN_REQUEST_BYTES under /admin/ where drafters import Word files) with a 413 page,
    from its Content-Length, before anything reads the body: Django would otherwise stream a
    whole oversized upload to a temporary file before the form could refuse it. Listed before
    CsrfViewMiddleware, whose process_view is the first to read a POST body; a response from
    process_view still passes through every middleware (security headers, language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None  # Django reads such a body as empty
        if length <= min(settings.MAX_REQUEST_BYTES, settings.MAX_ADMIN_REQUEST_BYTES):
            return None
        admin = request.path.startswith(reverse("wagtailadmin_home"))
        limit = settings.MAX_ADMIN_REQUEST_BYTES if admin else settings.MAX_REQUEST_BYTES
        if length <= limit:
            return None
        logger.warning("Refused %d bytes sent to %s (limit %d)", length, request.path, limit)
        mb = 1024 * 1024
        message = _(
            "What you sent (%(size).1f MB) is larger than this site accepts (%(limit)d MB), so "
            "nothing was saved. An attachment to a written submission may be at most "
            "%(attachment)d MB: go back and choose a smaller file."
        ) % {
            "size": length / mb,
            "limit": limit // mb,
            "attachment": settings.SUBMISSION_MAX_UPLOAD_BYTES // mb,
        }
        context = {"title": _("Too large to receive"), "message": message}
        return render(request, "consultation/refused.html", context, status=413)
