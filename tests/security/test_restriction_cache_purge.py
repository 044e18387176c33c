"""A cached copy never outlives a view restriction: adding, changing or removing one in the
admin's privacy form (on a draft or on a page above it) purges the cached pages it covers at
once, and a restricted draft is never stored in the shared page cache."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.urls import reverse
from wagtail.models import PageViewRestriction

from policy_docs.enums import DraftStatus, SectionLevel
from tests.policy_docs.factories import DraftPageFactory, section


@pytest.fixture
def admin_client(client, django_user_model):
    """A second client, signed in as an administrator (the reader's client stays anonymous)."""
    from django.test import Client

    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    other = Client()
    other.force_login(admin)
    return other


@pytest.fixture
def closed(policy):
    return DraftPageFactory(
        parent=policy,
        title="Draft 1",
        slug="draft-1",
        status=DraftStatus.CLOSED,
        sections=[section("Vision", level=SectionLevel.CHAPTER, text="Lambdatext of draft 1.")],
    )


@pytest.fixture
def adopted(policy, closed):
    return DraftPageFactory(
        parent=policy,
        title="Adopted policy",
        slug="adopted-policy",
        status=DraftStatus.ADOPTED,
        sections=[section("Vision", level=SectionLevel.CHAPTER, text="Mutext of the policy.")],
    )


def set_privacy(admin_client, page, captured, **data):
    with captured(execute=True):  # the purge runs once the change commits
        response = admin_client.post(
            reverse("wagtailadmin_pages:set_privacy", args=[page.pk]), data
        )
    assert response.status_code == 200
    assert b"set_privacy_done" in response.content


def cached_by_readers(client, url, text) -> bool:
    """Read twice as an anonymous reader: True when the second answer came from the cache."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert first.status_code == second.status_code
    return first.status_code == 200 and text in second.text and len(queries) == 0


@pytest.mark.parametrize("where", ["draft", "policy"])
def test_a_password_set_in_the_admin_purges_the_cached_pages_it_covers(
    client, admin_client, policy, closed, adopted, where, django_capture_on_commit_callbacks
):
    pages = {
        closed.url: "Lambdatext",
        f"{policy.url}adopted/": "Mutext",
        reverse("what_we_heard", args=[closed.pk]): "Draft 1",
    }
    for url, text in pages.items():
        assert cached_by_readers(client, url, text), url

    restricted = closed if where == "draft" else policy
    set_privacy(
        admin_client,
        restricted,
        django_capture_on_commit_callbacks,
        restriction_type=PageViewRestriction.PASSWORD,
        password="opensesame",
    )
    response = client.get(closed.url)
    assert response.status_code == 200 and "Password required" in response.text
    assert "Lambdatext" not in response.text
    assert "Draft 1" not in client.get(reverse("what_we_heard", args=[closed.pk])).text
    adopted_page = client.get(f"{policy.url}adopted/").text
    assert ("Mutext" in adopted_page) is (where == "draft")  # the adopted draft is not covered
    # Nothing of the restricted draft was kept for readers.
    assert not cached_by_readers(client, closed.url, "Lambdatext")

    # Taken off again: public, and cached again.
    set_privacy(
        admin_client, restricted, django_capture_on_commit_callbacks, restriction_type="none"
    )
    assert cached_by_readers(client, closed.url, "Lambdatext")


def test_changing_a_restriction_to_groups_and_its_groups_purges_the_pages(
    client, admin_client, policy, closed, django_capture_on_commit_callbacks, django_user_model
):
    circle = Group.objects.create(name="Circle")
    member = django_user_model.objects.create_user("m", "m@example.org", "pw")
    member.groups.add(circle)
    set_privacy(
        admin_client,
        closed,
        django_capture_on_commit_callbacks,
        restriction_type=PageViewRestriction.LOGIN,
    )
    assert client.get(closed.url).status_code == 302
    set_privacy(
        admin_client,
        closed,
        django_capture_on_commit_callbacks,
        restriction_type=PageViewRestriction.GROUPS,
        groups=[circle.pk],
    )
    client.force_login(member)
    assert "Lambdatext" in client.get(closed.url).text
    # Their group is taken off the restriction: the member no longer sees it.
    other = Group.objects.create(name="Other")
    set_privacy(
        admin_client,
        closed,
        django_capture_on_commit_callbacks,
        restriction_type=PageViewRestriction.GROUPS,
        groups=[other.pk],
    )
    assert "Lambdatext" not in client.get(closed.url).text


def test_a_restricted_draft_is_never_stored_in_the_page_cache(client, policy, closed, settings):
    PageViewRestriction.objects.create(
        page=closed, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    pages = caches["pages"]
    for _ in range(2):
        client.get(closed.url)
        client.get(reverse("what_we_heard", args=[closed.pk]))
        client.get(reverse("policy_docs:draft_download", args=[closed.pk]))
    # Past the password: still not kept (the session makes it a visitor's own page).
    restriction = PageViewRestriction.objects.get(page=closed)
    client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, closed.pk]),
        {"password": "x", "return_url": closed.url},
    )
    assert "Lambdatext" in client.get(closed.url).text
    client.get(reverse("policy_docs:draft_download", args=[closed.pk]))
    assert list(pages._cache) == []  # LocMemCache: nothing stored at all


def test_unpublishing_the_policy_purges_its_drafts_pages(
    client, policy, closed, django_capture_on_commit_callbacks
):
    assert cached_by_readers(client, closed.url, "Lambdatext")
    with django_capture_on_commit_callbacks(execute=True):
        policy.unpublish()
    assert client.get(closed.url).status_code == 404
