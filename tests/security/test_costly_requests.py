"""Requests that cost the server real work cannot be repeated at will: a draft's Word file is
written once per published revision and kept, and downloads and searches are throttled per
client address with a clear 429 page."""

import io

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from policy_docs.enums import DraftStatus, SectionLevel
from tests.consultation.word_reading import all_text
from tests.policy_docs.factories import DraftPageFactory, section


@pytest.fixture
def closed(policy):
    return DraftPageFactory(
        parent=policy,
        title="Draft 1",
        slug="draft-1",
        status=DraftStatus.CLOSED,
        sections=[section("Vision", level=SectionLevel.CHAPTER, text="First wording.")],
    )


def document_text(body: bytes) -> str:
    return all_text(Document(io.BytesIO(body)))


def download(client, draft, address="198.51.100.7"):
    url = reverse("policy_docs:draft_download", args=[draft.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, REMOTE_ADDR=address)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body, len(queries)


def test_a_drafts_word_file_is_kept_until_the_draft_is_published_again(client, closed):
    first, body, written = download(client, closed)
    assert first.status_code == 200 and "First wording." in document_text(body)
    _, again, kept = download(client, closed)
    assert again == body and kept < written  # the sections were not read again
    closed.refresh_from_db()
    key = f"draft-download:{closed.pk}:{closed.live_revision_id}:en:"
    assert any(key in stored for stored in caches["pages"]._cache)

    closed.title = "Draft 1, corrected"
    closed.save_revision().publish()
    _, body, _ = download(client, closed)
    assert "Draft 1, corrected" in document_text(body)


def test_downloads_are_throttled_per_address(client, closed, settings):
    settings.DRAFT_DOWNLOAD_RATE_PER_IP = "3/m"
    for _ in range(3):
        assert download(client, closed)[0].status_code == 200
    refused, body, _ = download(client, closed)
    assert refused.status_code == 429
    assert b"You have downloaded many Word files in a short time" in body
    assert download(client, closed, address="203.0.113.9")[0].status_code == 200


def test_searches_are_throttled_per_address(client, closed, settings, search_index):
    settings.SEARCH_RATE_PER_IP = "3/m"
    for _ in range(3):
        assert client.get("/search/?q=wording", REMOTE_ADDR="198.51.100.7").status_code == 200
    refused = client.get("/search/?q=wording", REMOTE_ADDR="198.51.100.7")
    assert refused.status_code == 429
    assert "You have searched many times in a short time" in refused.text
    assert client.get("/search/?q=wording", REMOTE_ADDR="203.0.113.9").status_code == 200
    # The empty search page (the box alone) costs nothing and is not counted.
    assert client.get("/search/", REMOTE_ADDR="198.51.100.7").status_code == 200
