"""Flooding the page cache: junk anonymous requests (random 404 paths, random query strings on
a cached page) store nothing, so the page cache stays within its bound, and they cannot push
out the rate limits' counters, which live in their own store ("limits", in the database)."""

import secrets

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.urls import reverse

from policy_docs.enums import DraftStatus, SectionLevel
from tests.consultation.comment_forms import post_comment
from tests.policy_docs.factories import DraftPageFactory, section


@pytest.fixture
def closed(policy):
    return DraftPageFactory(
        parent=policy,
        slug="draft-1",
        status=DraftStatus.CLOSED,
        sections=[section("Vision", level=SectionLevel.CHAPTER)],
    )


def page_cache_entries() -> int:
    return len(caches["pages"]._cache)  # LocMemCache, as without REDIS_URL


def test_the_page_cache_settings_keep_counters_apart_and_every_entry_expires():
    assert django_settings.RATELIMIT_USE_CACHE == "limits"
    assert django_settings.CACHES["limits"]["BACKEND"].endswith("DatabaseCache")
    assert caches["limits"]._table != "pages"
    assert django_settings.CACHES["pages"]["OPTIONS"]["MAX_ENTRIES"] > 0


def test_junk_requests_neither_grow_the_page_cache_nor_reset_the_comment_limit(
    client, closed, dual, settings
):
    # A day's window: the flood takes most of a minute, and an hour's window ended during it
    # about once in a hundred runs (its counter then starts again at nought).
    settings.COMMENT_RATE_PER_IP = "3/d"
    settings.PUBLIC_PAGE_CACHE_SECONDS = 3600  # nothing expires during the flood
    for number in range(3):
        response = post_comment(client, dual, comment=f"Comment {number}.")
        assert response.status_code == 302
    assert post_comment(client, dual, comment="One too many.").status_code == 429

    client.cookies.clear()  # an anonymous reader with no session: what the cache serves
    # The section pages the posts came from are kept too (open drafts are cached): start empty.
    caches["pages"].clear()
    caches["near"].clear()
    client.get(closed.url)  # a settled page, kept once
    baseline = page_cache_entries()
    assert baseline == 2  # the path's token and the page
    for number in range(2_100):
        junk = secrets.token_hex(6)
        if number % 2:
            assert client.get(f"/{junk}/").status_code == 404
        else:
            assert client.get(f"{closed.url}?{junk}={number}").status_code == 200
    assert page_cache_entries() == baseline
    assert len(caches["near"]._cache) <= baseline

    # The counter survived: the limit still holds.
    assert post_comment(client, dual, comment="After the flood.").status_code == 429


def test_a_cached_page_still_answers_a_request_with_an_unknown_query_string(client, closed):
    first = client.get(f"{closed.url}?utm_source=newsletter")
    assert first.status_code == 200
    assert page_cache_entries() == 0  # not kept: the draft page declares no query parameter
    assert client.get(closed.url).status_code == 200
    assert page_cache_entries() == 2


def test_every_page_and_token_expires(client, closed):
    client.get(closed.url)
    pages = caches["pages"]
    expiries = list(pages._expire_info.values())
    assert expiries and all(expiry is not None for expiry in expiries)


def test_nothing_is_stored_for_a_404(client, policy):
    for _ in range(3):
        assert client.get("/no-such-page/").status_code == 404
        assert client.get(reverse("what_we_heard", args=[999_999])).status_code == 404
    assert page_cache_entries() == 0
