"""Guessing a restricted page's password: each client address gets PAGE_PASSWORD_RATE_PER_IP
wrong tries per restriction, then a clear 429 page, even with the right password, until the
period ends. Other addresses and other restrictions are unaffected, and right passwords do not
count."""

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from policy_docs.enums import SectionLevel
from tests.policy_docs.factories import DraftPageFactory, section


@pytest.fixture
def drafts(policy):
    made = []
    for number in (1, 2):
        draft = DraftPageFactory(
            parent=policy,
            slug=f"draft-{number}",
            sections=[section("Vision", level=SectionLevel.CHAPTER, text="Behind a password.")],
        )
        restriction = PageViewRestriction.objects.create(
            page=draft, restriction_type=PageViewRestriction.PASSWORD, password="right"
        )
        made.append((draft, restriction))
    return made


def attempt(client, draft, restriction, password, address="198.51.100.7"):
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, draft.pk])
    return client.post(url, {"password": password, "return_url": draft.url}, REMOTE_ADDR=address)


def test_wrong_passwords_are_limited_per_address_and_restriction(client, drafts, settings):
    settings.PAGE_PASSWORD_RATE_PER_IP = "3/h"  # noqa: S105 - a rate, not a password
    (draft, restriction), (other_draft, other_restriction) = drafts
    for _ in range(3):
        response = attempt(client, draft, restriction, "wrong")
        assert response.status_code == 200 and "Password required" in response.text
    refused = attempt(client, draft, restriction, "right")
    assert refused.status_code == 429
    assert "Too many wrong passwords were tried for this page from your address" in refused.text
    assert "Behind a password." not in client.get(draft.url, REMOTE_ADDR="198.51.100.7").text

    # Another address, or another restriction from the same address, is not held.
    assert attempt(client, draft, restriction, "right", address="203.0.113.9").status_code == 302
    assert attempt(client, other_draft, other_restriction, "right").status_code == 302


def test_a_right_password_does_not_count(client, drafts, settings):
    settings.PAGE_PASSWORD_RATE_PER_IP = "2/h"  # noqa: S105 - a rate, not a password
    draft, restriction = drafts[0]
    for _ in range(5):
        assert attempt(client, draft, restriction, "right").status_code == 302
    assert "Behind a password." in client.get(draft.url).text
