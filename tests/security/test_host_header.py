"""A forged Host header cannot poison what the page cache gives every reader: the canonical
link of the adopted policy and the address inside a draft's Word file come from the site's
configured address (Wagtail's Site), never from the request."""

import io

import pytest
from django.urls import reverse
from docx import Document

from policy_docs.enums import DraftStatus, SectionLevel
from tests.policy_docs.factories import DraftPageFactory, section

FORGED = "127.0.0.1:8000"  # an allowed host, but not the site's address


@pytest.fixture
def adopted(policy):
    return DraftPageFactory(
        parent=policy,
        title="Adopted policy",
        slug="adopted-2026",
        status=DraftStatus.ADOPTED,
        sections=[section("Vision", level=SectionLevel.CHAPTER)],
    )


def test_a_forged_host_cannot_poison_the_cached_canonical_link(client, policy, adopted):
    url = f"{policy.url}adopted/"
    poisoned = client.get(url, HTTP_HOST=FORGED)
    assert poisoned.status_code == 200
    canonical = f'<link rel="canonical" href="http://localhost/{policy.slug}/adopted/">'
    assert canonical in poisoned.text and FORGED not in poisoned.text
    # The next reader, with the right Host, gets the cached copy: the same, right link.
    assert canonical in client.get(url).text


def test_the_address_in_a_word_file_is_the_sites_own(client, adopted):
    response = client.get(
        reverse("policy_docs:draft_download", args=[adopted.pk]), HTTP_HOST=FORGED
    )
    document = Document(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert f"http://localhost{adopted.url}" in text and FORGED not in text
