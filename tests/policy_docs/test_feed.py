"""The Atom feed of a policy's drafts, read back with feedparser as a feed reader does."""

import datetime

import feedparser
from django.utils import timezone
from wagtail.models import PageViewRestriction

from policy_docs.enums import DraftStatus
from tests.policy_docs.factories import DraftPageFactory


def read_feed(client, policy):
    response = client.get(policy.url + "feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


def test_the_feed_has_an_entry_per_public_draft_saying_where_it_stands(client, policy):
    now = timezone.now()
    DraftPageFactory(parent=policy, title="Draft 1", slug="draft-1", status=DraftStatus.CLOSED)
    DraftPageFactory(
        parent=policy,
        title="Draft 2",
        slug="draft-2",
        status=DraftStatus.OPEN,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
    )
    DraftPageFactory(parent=policy, title="Draft 3", slug="draft-3", status=DraftStatus.PREPARATION)

    feed = read_feed(client, policy)
    assert feed.feed.title == "National Diaspora Policy: drafts"
    assert [entry.title for entry in feed.entries] == ["Draft 2", "Draft 1"]
    newest = feed.entries[0]
    assert newest.link == policy.get_full_url() + "draft-2/"
    assert newest.link.startswith("http://localhost/")  # the Site's, not the request's host
    assert newest.summary.startswith("Open for comments until")
    # Updated when the window opened, after the page was first published.
    assert newest.updated_parsed >= (now - datetime.timedelta(days=1, minutes=1)).utctimetuple()


def test_the_policy_page_links_to_its_feed(client, policy):
    html = client.get(policy.url).content.decode()
    title = "National Diaspora Policy: drafts"
    assert f'type="application/atom+xml" title="{title}" href="{policy.url}feed/"' in html
    assert "Follow the drafts in a feed reader" in html


def test_restricted_and_unpublished_drafts_are_not_in_the_feed(client, policy):
    DraftPageFactory(parent=policy, title="Draft 1", slug="draft-1", status=DraftStatus.CLOSED)
    secret = DraftPageFactory(parent=policy, title="Kappa secret", slug="kappa")
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    hidden = DraftPageFactory(parent=policy, title="Kappa unpublished", slug="kappa-2")
    hidden.unpublish()

    feed = read_feed(client, policy)
    assert [entry.title for entry in feed.entries] == ["Draft 1"]
    assert b"Kappa" not in client.get(policy.url + "feed/").content


def test_the_feed_of_a_restricted_policy_is_refused_like_the_policy(client, policy):
    PageViewRestriction.objects.create(page=policy, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(policy.url + "feed/")
    assert response.status_code == 302 and "login" in response.url
