"""Public pages that rarely change, served from the cache to readers who are not signed in:
the adopted policy, closed drafts and "What we heard". A view marks its response with
`cache_for_readers = True`; `PublicPageCacheMiddleware` keeps it per path, query and interface
language, and answers the next reader before any view or database query runs.

Each path has a version token in the shared cache (Redis in production); purging a draft's
pages gives their paths new tokens, so the old entries are never read again and expire by
themselves. A token evicted from the cache is replaced by a new one, never by an old one: an
eviction costs a miss, not a stale page. The purge runs when a draft is published or
unpublished, when a comment on it is saved (approved, removed, edited) and when its feedback or
responses change (signal_handlers.py). PUBLIC_PAGE_CACHE_SECONDS bounds what a change made
without a signal (a bulk update) can leave stale.

The pages themselves are also kept in each process's memory (the "near" cache): the entry under
a given token never changes, so a hit reads only the small token from Redis, not the page
(reading the whole page from Redis on each hit kept the throughput under half of whitenoise's
for the same HTML as a static file; tests/load/page_cache_throughput.py measures it).
"""

import hashlib
import uuid

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.regex_helper import _lazy_re_compile

from policy_docs.models import DraftPage
from policy_docs.translations import source_draft

_near = caches["near"]
# As GZipMiddleware decides whether to compress.
ACCEPTS_GZIP = _lazy_re_compile(r"\bgzip\b")


def _version_key(path: str) -> str:
    return "public-page:version:" + hashlib.sha256(path.encode()).hexdigest()


def _path_version(path: str) -> str:
    key = _version_key(path)
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(key, version, timeout=None):
            version = cache.get(key, version)
    return version


def _page_key(request, version: str) -> str:
    where = f"{request.path}?{request.META.get('QUERY_STRING', '')}"
    digest = hashlib.sha256(where.encode()).hexdigest()
    language = translation.get_language_from_request(request)
    encoding = "gzip" if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")) else ""
    return f"public-page:{digest}:{version}:{language}:{encoding}"


def _for_a_reader(request) -> bool:
    """A GET with no session (so not signed in) and no message waiting to be shown: what the
    visitor sees is what every such reader sees in their language."""
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


class PublicPageCacheMiddleware:
    """Placed before the compression and session middleware, so that a hit costs one read of
    the shared cache (the path's token), one of the process's memory and no other work: the
    stored response is the one readers got, compressed or not, with its headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _for_a_reader(request):
            return self.get_response(request)
        key = _page_key(request, _path_version(request.path))
        cached = _near.get(key)
        if cached is None and (cached := cache.get(key)) is not None:
            _near.set(key, cached, settings.PUBLIC_PAGE_CACHE_SECONDS)
        if cached is not None:
            return cached
        response = self.get_response(request)
        if (
            getattr(response, "cache_for_readers", False)
            and response.status_code == 200
            and not response.streaming
            # A cookie set on the way (a session, a CSRF token) belongs to this visitor only.
            and not response.cookies
        ):
            cache.set(key, response, settings.PUBLIC_PAGE_CACHE_SECONDS)
            _near.set(key, response, settings.PUBLIC_PAGE_CACHE_SECONDS)
        return response


def public_paths_of(draft: DraftPage) -> list[str]:
    """The cached paths that show `draft` or its comments, in every language version."""
    paths = []
    for version in draft.get_translations(inclusive=True).specific():
        parts = version.get_url_parts()
        if parts is None:  # not routable (e.g. not under a site)
            continue
        paths.append(parts[2])
        policy_parts = version.get_parent().get_url_parts()
        if policy_parts is not None:
            paths.append(policy_parts[2] + "adopted/")
    paths.append(reverse("what_we_heard", args=[source_draft(draft).pk]))
    return paths


def public_pages_purge(*, draft: DraftPage) -> None:
    """Give the draft's paths new tokens once the current transaction commits: before, a
    reader could still get the old page from the database and cache it under the new token."""
    transaction.on_commit(lambda: _give_new_tokens(public_paths_of(draft)))


def _give_new_tokens(paths: list[str]) -> None:
    cache.set_many({_version_key(path): uuid.uuid4().hex for path in paths}, None)
