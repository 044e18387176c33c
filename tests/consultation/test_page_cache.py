"""Public pages that rarely change come from the cache for readers who are not signed in, and
leave it as soon as they change: published again, a comment approved, responses published."""

import datetime
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from consultation.models import SectionComment, Sector
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


def test_what_we_heard_is_cached_and_refreshed_when_a_comment_is_published(
    client, dual, open_draft, team_member, django_capture_on_commit_callbacks
):
    # It used to be purged by every posted comment; what it shows (published figures) moves
    # only with published ones, and pending comments no longer purge anything.
    url = reverse("what_we_heard", args=[open_draft.pk])
    client.get(url)
    assert queries_for(client, url)[0] == 0

    for n in range(5):
        client.force_login(confirmed_account(f"c{n}", f"c{n}@x.org"))
        with django_capture_on_commit_callbacks(execute=True):
            post_comment(client, dual, comment=f"View number {n}.")
    client.logout()
    assert SectionComment.objects.filter(is_public=False).count() == 5
    assert queries_for(client, url)[0] == 0  # pending moderation: nothing public changed

    approve(client, team_member, SectionComment.objects.first(), django_capture_on_commit_callbacks)
    assert queries_for(client, url)[0] > 0


def approve(client, team_member, comment, capture_on_commit):
    client.force_login(team_member("Moderators", f"mod{comment.pk}"))
    edit = reverse("comment_moderation:edit", args=[comment.pk])
    with capture_on_commit(execute=True):
        assert client.post(edit, {"decision": "approve", "reason": ""}).status_code == 302
    client.logout()


@pytest.fixture
def reader_pages(policy, closed_draft, open_draft, dual):
    """The pages about the open draft that readers open: the draft, a section's comment page,
    the policy page and a comparison with the draft before it."""
    compare = f"{policy.url}compare/?from={closed_draft.slug}&to={open_draft.slug}"
    return [open_draft.url, reverse("section_comment", args=[dual.pk]), policy.url, compare]


def test_the_open_draft_and_the_pages_about_it_are_kept_for_readers(client, reader_pages):
    for url in reader_pages:
        first, html = queries_for(client, url)
        second, cached = queries_for(client, url)
        assert first > 0 and second == 0, url
        assert cached == html


def test_the_section_page_form_carries_no_token_for_readers_and_one_for_a_session(client, dual):
    url = reverse("section_comment", args=[dual.pk])
    response = client.get(url)
    assert 'name="comment"' in response.text
    assert "csrfmiddlewaretoken" not in response.text and not response.cookies

    client.force_login(confirmed_account("palesa", "palesa@example.org"))
    assert "csrfmiddlewaretoken" in client.get(url).text


def test_a_published_comment_purges_the_pages_about_its_draft_a_pending_one_does_not(
    client, reader_pages, dual, team_member, django_capture_on_commit_callbacks
):
    for url in reader_pages:
        client.get(url)
    client.force_login(confirmed_account("palesa", "palesa@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, dual, comment="Children born abroad must be included.")
    client.logout()
    comment = SectionComment.objects.get()
    assert not comment.is_public  # pre-moderation
    for url in reader_pages:
        assert queries_for(client, url)[0] == 0, url  # still the kept page

    approve(client, team_member, comment, django_capture_on_commit_callbacks)
    for url in reader_pages:
        count, html = queries_for(client, url)
        assert count > 0, url  # made afresh
    draft_url, section_url = reader_pages[:2]
    assert "Children born abroad must be included." in client.get(draft_url).text
    assert "Children born abroad must be included." in client.get(section_url).text


def test_a_signed_in_commenter_gets_the_kept_comments_until_one_is_published(
    client, dual, team_member, django_capture_on_commit_callbacks
):
    """The page is made for each signed-in visitor (the form is theirs), but the section's
    comments come from the cache, and leave it when the section's page is purged."""
    SectionCommentFactory(section=dual, comment="An early remark.", is_public=True)
    client.force_login(confirmed_account("palesa", "palesa@example.org"))
    url = reverse("section_comment", args=[dual.pk])
    first, html = queries_for(client, url)
    second, again = queries_for(client, url)
    assert second < first and "An early remark." in again
    assert "signed in as palesa@example.org" in again  # the form is still hers

    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, dual, comment="Children born abroad must be included.")
    assert "Children born abroad" not in client.get(url).text  # awaits moderation
    comment = SectionComment.objects.get(comment__startswith="Children")
    approve(client, team_member, comment, django_capture_on_commit_callbacks)
    client.force_login(comment.user)
    assert "Children born abroad must be included." in client.get(url).text


def test_a_page_of_comments_asked_for_oddly_is_answered_and_not_kept(client, dual):
    from django.core.cache import caches

    client.force_login(confirmed_account("palesa", "palesa@example.org"))
    url = reverse("section_comment", args=[dual.pk])
    client.get(url)
    before = len(caches["pages"]._cache)  # the local memory cache of the tests
    for junk in ("01", "99999", "x", "-1", "1.0"):
        assert client.get(url, {"page": junk}).status_code == 200
    assert len(caches["pages"]._cache) == before


def test_removing_a_published_comment_purges_its_section_page(
    client, dual, django_capture_on_commit_callbacks
):
    comment = SectionCommentFactory(section=dual, comment="Soon taken down.", is_public=True)
    url = reverse("section_comment", args=[dual.pk])
    assert "Soon taken down." in client.get(url).text
    comment.is_removed = True
    with django_capture_on_commit_callbacks(execute=True):
        comment.save()
    assert "Soon taken down." not in client.get(url).text


def test_the_open_draft_is_kept_no_longer_than_until_its_window_closes(client, open_draft, dual):
    open_draft.closes_at = timezone.now() + datetime.timedelta(seconds=2)
    open_draft.save_revision().publish()
    section_url = reverse("section_comment", args=[dual.pk])
    for url in (open_draft.url, section_url):
        response = client.get(url)
        assert response.cache_for_readers and 0 < response.cache_seconds <= 2
        assert queries_for(client, url)[0] == 0

    time.sleep(max(0, (open_draft.closes_at - timezone.now()).total_seconds()) + 0.1)
    count, html = queries_for(client, open_draft.url)
    assert count > 0 and "The consultation on this draft closed" in html
    count, html = queries_for(client, section_url)
    assert count > 0 and 'name="comment"' not in html


def test_a_draft_opening_soon_is_kept_no_longer_than_until_it_opens(client, open_draft):
    open_draft.opens_at = timezone.now() + datetime.timedelta(seconds=30)
    open_draft.save_revision().publish()
    response = client.get(open_draft.url)
    assert "Opens for comments on" in response.text
    assert 0 < response.cache_seconds <= 30


def test_a_restricted_open_draft_and_its_pages_are_never_kept(client, policy, open_draft, dual):
    PageViewRestriction.objects.create(
        page=open_draft, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    for url in (open_draft.url, reverse("section_comment", args=[dual.pk])):
        client.get(url)
        assert queries_for(client, url)[0] > 0
    client.get(policy.url)  # the policy page is kept, without the restricted draft
    assert open_draft.title not in client.get(policy.url).text


def test_signed_in_readers_never_get_the_kept_open_draft(client, reader_pages):
    for url in reader_pages:
        client.get(url)
    client.force_login(confirmed_account("palesa", "palesa@example.org"))
    for url in reader_pages:
        count, html = queries_for(client, url)
        assert count > 0 and "Sign out" in html, url
        assert queries_for(client, url)[0] > 0


def test_a_junk_comment_page_number_is_answered_but_not_kept(client, dual):
    url = reverse("section_comment", args=[dual.pk])
    for junk in ("?page=x", "?page=01", "?page=99"):
        client.get(url + junk)
        assert queries_for(client, url + junk)[0] > 0
    client.get(url + "?page=1")
    assert queries_for(client, url + "?page=1")[0] == 0


def test_a_comparison_named_with_padded_values_is_answered_but_not_kept(
    client, policy, closed_draft, open_draft
):
    url = f"{policy.url}compare/?from={closed_draft.slug}&to=%20{open_draft.slug}"
    client.get(url)
    count, html = queries_for(client, url)
    assert count > 0 and open_draft.title in html


def test_the_front_page_is_kept_and_purged_with_the_drafts_it_lists(
    client, home, policy, open_draft, django_capture_on_commit_callbacks
):
    first, html = queries_for(client, "/")
    assert first > 0 and open_draft.title in html
    assert queries_for(client, "/")[0] == 0

    open_draft.title = "Draft 3, revised"
    with django_capture_on_commit_callbacks(execute=True):
        open_draft.save_revision().publish()
    count, html = queries_for(client, "/")
    assert count > 0 and "Draft 3, revised" in html

    home.introduction = "<p>Have your say before the end of March.</p>"
    with django_capture_on_commit_callbacks(execute=True):
        home.save_revision().publish()
    count, html = queries_for(client, "/")
    assert count > 0 and "Have your say before the end of March." in html


def test_the_front_page_is_kept_no_longer_than_until_a_window_it_shows_closes(
    client, home, policy, open_draft
):
    open_draft.closes_at = timezone.now() + datetime.timedelta(seconds=30)
    open_draft.save_revision().publish()
    response = client.get("/")
    assert response.cache_for_readers and 0 < response.cache_seconds <= 30


def test_a_policy_restricted_after_the_front_page_was_kept_leaves_it(
    client, home, policy, open_draft, django_capture_on_commit_callbacks
):
    link = f'href="{policy.url}"'  # its title is also the site's name
    assert link in client.get("/").text
    assert queries_for(client, "/")[0] == 0
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=policy, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    assert link not in client.get("/").text


def test_a_new_sector_reaches_the_kept_comment_forms(
    client, dual, django_capture_on_commit_callbacks
):
    url = reverse("section_comment", args=[dual.pk])
    assert "Returnee associations" not in client.get(url).text
    assert queries_for(client, url)[0] == 0
    with django_capture_on_commit_callbacks(execute=True):
        Sector.objects.create(name="Returnee associations")
    count, html = queries_for(client, url)
    assert count > 0 and ">Returnee associations</option>" in html
