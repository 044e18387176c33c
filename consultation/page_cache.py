"""Public pages that change only on rare events, served from the cache to readers who are not
signed in: the front page, drafts (open ones too: pre-moderation makes a published comment a
rare event), their sections' comment pages, policy pages and their comparisons, the adopted
policy and "What we heard". A page showing a consultation window is kept no longer than until
it opens or closes (policy_docs/freshness.py). `PublicPageCacheMiddleware` keeps a
response per path, query and interface language, and answers the next reader before any view
or database query runs.

A view declares that its response may be kept by setting attributes on it:
- `cache_for_readers = True`: the page is the same for every reader who is not signed in and
  that anyone may see (never a restricted draft: policy_docs.visibility.is_public);
- `cache_query_params = {"page", ...}`: the query parameters that make a different page
  (none by default). A request with any other parameter, or one twice, is answered but not
  kept, so junk query strings store nothing. A view that declares one must answer a value
  it does not know with an error or a redirect, never with a 200 to keep;
- `cache_seconds`: how long it may be kept (default PUBLIC_PAGE_CACHE_SECONDS).
Only a 200 without cookies, without `Cache-Control: private` or `no-store`, is kept.

Each kept path has a version token in the shared "pages" cache (Redis in production); purging
a draft's pages gives their paths new tokens, so the old entries are never read again and
expire by themselves. A token is made only when a page is kept (a 404 makes none), and every
token and entry expires after PUBLIC_PAGE_CACHE_SECONDS. A token evicted from the cache is
replaced by a new one, never by an old one: an eviction costs a miss, not a stale page. The
purge runs when a draft is published or unpublished (or a page above it), when a comment on
it that the public sees or saw is saved (approved, removed, edited; not one waiting for
moderation), when its responses are published, and when a view restriction over it changes
(signal_handlers.py). A draft's purge covers its page, its sections' comment pages, its
policy's page, adopted text and comparisons, and its "What we heard".

The pages themselves are also kept in each process's memory (the "near" cache): the entry under
a given token never changes, so a hit reads only the small token from Redis, not the page
(reading the whole page from Redis on each hit kept the throughput under half of whitenoise's
for the same HTML as a static file; tests/load/page_cache_throughput.py measures it).

The cache is an optimisation, never a dependency: while Redis cannot be reached, the token
reads as missing (django-redis IGNORE_EXCEPTIONS, within REDIS_TIMEOUT_SECONDS), so no page is
served from any cache and each is made afresh; a purge made meanwhile is lost, and what it
would have purged expires within PUBLIC_PAGE_CACHE_SECONDS.
"""

import hashlib
import uuid
from urllib.parse import parse_qsl

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.regex_helper import _lazy_re_compile
from wagtail.models import Page

from policy_docs.models import DraftPage
from policy_docs.translations import source_draft

_pages = caches["pages"]
_near = caches["near"]
# As GZipMiddleware decides whether to compress.
ACCEPTS_GZIP = _lazy_re_compile(r"\bgzip\b")
# Appended to a page's path for the token of the fragments of it kept (fragment_version).
FRAGMENTS = "#fragments"
# Responses a browser or proxy may not keep are not kept here either.
PRIVATE_CACHE_CONTROL = _lazy_re_compile(r"\b(private|no-store)\b")


def _version_key(path: str) -> str:
    return "public-page:version:" + hashlib.sha256(path.encode()).hexdigest()


def _path_version(path: str) -> str | None:
    """The path's current token, or None when it has none (nothing kept for it) or the
    shared cache cannot be reached."""
    return _pages.get(_version_key(path))


def _new_path_version(path: str) -> str | None:
    """A new token for a path that had none when the request began. None if another process
    made one meanwhile (a reader, or a purge: what this request read may be older than it),
    or the shared cache cannot be reached: this response is then not kept."""
    version = uuid.uuid4().hex
    if _pages.add(_version_key(path), version, timeout=settings.PUBLIC_PAGE_CACHE_SECONDS):
        return version
    return None


def fragment_version(path: str) -> str | None:
    """The current token of `path`, made if it has none, for a fragment of its page kept for
    signed-in visitors too (consultation/discussion.py): the page's purge gives the path a new
    token, so the fragment is never read again. Read before the fragment's data, as the
    middleware does. None when the shared cache cannot be reached: nothing is kept then."""
    # A token of its own: the page's token is made by the middleware, before the view reads
    # anything, and one made here in the middle of the view would stop the page being kept.
    path = path + FRAGMENTS
    return _path_version(path) or _new_path_version(path) or _path_version(path)


def fragment_get(key: str):
    return _pages.get(key)


def fragment_set(key: str, value) -> None:
    _pages.set(key, value, settings.PUBLIC_PAGE_CACHE_SECONDS)


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


def _query_is_declared(request, response) -> bool:
    """Only the query parameters the view declared, each once: anything else is not kept."""
    allowed = set(getattr(response, "cache_query_params", ()))
    names = [name for name, _value in parse_qsl(request.META.get("QUERY_STRING", ""), True)]
    return set(names) <= allowed and len(names) == len(set(names))


def _may_keep(request, response) -> bool:
    return (
        getattr(response, "cache_for_readers", False) is True
        and response.status_code == 200
        and not response.streaming
        # A cookie set on the way (a session, a CSRF token) belongs to this visitor only.
        and not response.cookies
        and not PRIVATE_CACHE_CONTROL.search(response.get("Cache-Control", ""))
        and _query_is_declared(request, response)
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
        version = _path_version(request.path)
        if version is not None:
            key = _page_key(request, version)
            cached = _near.get(key)
            if cached is None and (cached := _pages.get(key)) is not None:
                _near.set(key, cached, settings.PUBLIC_PAGE_CACHE_SECONDS)
            if cached is not None:
                return cached
        response = self.get_response(request)
        if _may_keep(request, response):
            version = version or _new_path_version(request.path)
            if version is not None:
                key = _page_key(request, version)
                seconds = getattr(response, "cache_seconds", settings.PUBLIC_PAGE_CACHE_SECONDS)
                _pages.set(key, response, seconds)
                _near.set(key, response, seconds)
        return response


def own_paths_of(page: Page) -> list[str]:
    """A page's own path in every language version (none when it is not under a site)."""
    return [
        parts[2]
        for version in page.get_translations(inclusive=True)
        if (parts := version.get_url_parts()) is not None
    ]


def policy_paths_of(policy: Page) -> list[str]:
    """The cached paths of a policy page, in every language version: the page itself, its
    adopted text and every comparison of its drafts (one path, whatever the query), and the
    front page above it, which says where the policy stands."""
    paths = []
    for path in own_paths_of(policy):
        paths += [path, path + "adopted/", path + "compare/"]
    if (parent := policy.get_parent()) is not None:
        paths += own_paths_of(parent)
    return paths


def public_paths_of(draft: DraftPage) -> list[str]:
    """The cached paths that show `draft` or its comments, in every language version: its
    page, its sections' comment pages, its policy's pages and "What we heard"."""
    paths = []
    for version in draft.get_translations(inclusive=True).specific():
        if (parts := version.get_url_parts()) is None:  # not routable (e.g. not under a site)
            continue
        paths.append(parts[2])
        paths += [
            reverse("section_comment", args=[section_id])
            for section_id in version.sections.values_list("pk", flat=True)
        ]
    paths += policy_paths_of(draft.get_parent())
    paths.append(reverse("what_we_heard", args=[source_draft(draft).pk]))
    return paths


def public_paths_of_policy_drafts(draft: DraftPage) -> list[str]:
    """The cached paths of `draft` and of every other draft of its policy: a draft's pages also
    show what became of its predecessor's comments (the decisions, once published) and where
    its own comments were taken up in the next draft."""
    paths = []
    for each in DraftPage.objects.sibling_of(draft, inclusive=True):
        paths += public_paths_of(each)
    return list(dict.fromkeys(paths))


def public_pages_purge(*, draft: DraftPage) -> None:
    """Give the paths of the draft and of its policy's other drafts new tokens once the current
    transaction commits: before, a reader could still get the old page from the database and
    cache it under the new token."""
    transaction.on_commit(lambda: _give_new_tokens(public_paths_of_policy_drafts(draft)))


def policy_pages_purge(*, policy: Page) -> None:
    """The same for a policy's own pages (a policy with no draft yet has them too)."""
    transaction.on_commit(lambda: _give_new_tokens(policy_paths_of(policy)))


def own_pages_purge(*, page: Page) -> None:
    """The same for a page's own path alone (the front page, edited itself)."""
    transaction.on_commit(lambda: _give_new_tokens(own_paths_of(page)))


def _give_new_tokens(paths: list[str]) -> None:
    _pages.set_many(
        {
            _version_key(each): uuid.uuid4().hex
            for path in paths
            for each in (path, path + FRAGMENTS)
        },
        settings.PUBLIC_PAGE_CACHE_SECONDS,
    )
