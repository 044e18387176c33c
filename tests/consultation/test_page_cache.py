"""Public pages that rarely change come from the cache for readers who are not signed in, and
leave it as soon as they change: published again, a comment approved, responses published."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultation.models import SectionComment
from policy_docs.enums import DraftStatus
from tests.consultation.comment_forms import post_comment
from tests.consultation.factories import SectionCommentFactory, confirmed_account
from tests.policy_docs.factories import DraftPageFactory, section


@pytest.fixture
def adopted(policy):
    return DraftPageFactory(
        parent=policy,
        title="Adopted policy",
        slug="adopted-2026",
        status=DraftStatus.ADOPTED,
        sections=[section("Vision", level=1, key="vision", text="A connected diaspora.")],
    )


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.text


def test_the_adopted_policy_is_served_from_the_cache_until_it_is_published_again(
    client, policy, adopted, django_capture_on_commit_callbacks
):
    url = f"{policy.url}adopted/"
    first, html = queries_for(client, url)
    second, cached = queries_for(client, url)
    assert first > 5 and second == 0
    assert cached == html and "A connected diaspora." in cached

    adopted.title = "National Diaspora Policy 2026"
    with django_capture_on_commit_callbacks(execute=True):  # the purge waits for the commit
        adopted.save_revision().publish()

    _, html = queries_for(client, url)
    assert "National Diaspora Policy 2026" in html
    assert "National Diaspora Policy 2026" in client.get(adopted.url).text


def test_each_language_is_cached_apart(client, policy, adopted):
    url = f"{policy.url}adopted/"
    assert ">Search<" in client.get(url).text
    client.cookies["django_language"] = "st"
    assert ">Batla<" in client.get(url).text
    del client.cookies["django_language"]
    assert ">Search<" in client.get(url).text


def test_signed_in_readers_and_pending_messages_never_get_the_cached_page(
    client, policy, adopted, django_user_model
):
    url = f"{policy.url}adopted/"
    client.get(url)
    client.force_login(confirmed_account("palesa", "palesa@example.org"))
    count, html = queries_for(client, url)
    assert count > 0 and "Sign out" in html
    client.logout()  # leaves a "signed out" message for the next page
    assert "Sign out" not in client.get(url).text


def test_approving_a_comment_on_a_closed_draft_refreshes_its_page(
    client, closed_draft, team_member, django_capture_on_commit_callbacks
):
    intro = closed_draft.sections.get(key="intro")
    comment = SectionCommentFactory(section=intro, comment="Late but approved.", is_public=False)
    assert "Late but approved." not in client.get(closed_draft.url).text
    assert queries_for(client, closed_draft.url)[0] == 0  # from the cache

    moderator = team_member("Moderators", "mod")
    client.force_login(moderator)
    edit = reverse("comment_moderation:edit", args=[comment.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit, {"decision": "approve", "reason": ""}).status_code == 302
    client.logout()

    assert "Late but approved." in client.get(closed_draft.url).text


def test_what_we_heard_is_cached_and_counts_a_new_comment(
    client, dual, open_draft, django_user_model, django_capture_on_commit_callbacks
):
    url = reverse("what_we_heard", args=[open_draft.pk])
    client.get(url)
    assert queries_for(client, url)[0] == 0

    for n in range(5):
        client.force_login(confirmed_account(f"c{n}", f"c{n}@x.org"))
        with django_capture_on_commit_callbacks(execute=True):
            post_comment(client, dual, comment=f"View number {n}.")
    client.logout()

    assert SectionComment.objects.count() == 5
    count, html = queries_for(client, url)
    assert count > 0


def test_open_drafts_are_never_cached(client, open_draft):
    client.get(open_draft.url)
    assert queries_for(client, open_draft.url)[0] > 0
