"""Search that can't run, wherever it is asked for (Wagtail's admin page search, choosers,
snippet listings): a clear 503 page instead of a server error while the index is rebuilt.
The public search page and the feedback inbox handle it themselves, more gently."""

import logging

from django.shortcuts import render

from search_index.backend import SearchIndexUnavailableError

logger = logging.getLogger(__name__)


class SearchUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, SearchIndexUnavailableError):
            return None
        logger.error("Search unavailable at %s: %s", request.path, exception)
        return render(request, "search_unavailable.html", status=503)
