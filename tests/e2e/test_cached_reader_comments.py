"""A reader with no session gets the open draft and its section page from the page cache,
and comments from the kept section page in a real Chromium: the form carries no token of
its own, and the posting view accepts it because it comes from the site (its Origin)."""

import re

import pytest
from django.core.cache import caches
from wagtail.models import Page, Site

from consultation.models import PendingComment
from policy_docs.models import DraftPage, DraftSection
from tests.policy_docs.factories import (
    DraftPageFactory,
    HomePageFactory,
    PolicyPageFactory,
    section,
)

# The live server needs committed data.
pytestmark = pytest.mark.django_db(transaction=True)

TEXT = "Dual citizenship should reach those born abroad to Basotho parents."


def test_a_reader_comments_from_the_kept_open_draft(open_page, live_server, migrated_data):
    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    policy = PolicyPageFactory(parent=home, title="National Diaspora Policy", slug="diaspora")
    draft = DraftPageFactory(
        parent=policy,
        title="Draft 2",
        slug="draft-2",
        open_for_comments=True,
        sections=[section("Dual citizenship", level=1, key="dual", text="Basotho may hold two.")],
    )
    draft_url = live_server.url + draft.url

    first_reader = open_page("desktop")
    first_reader.goto(draft_url)
    first_reader.get_by_role("link", name=re.compile("Comment on this section")).click()
    assert caches["near"]._cache  # both pages kept
    # Changed behind the cache's back (no signal, so no purge): a reader who still sees the
    # old title got the kept pages.
    DraftPage.objects.filter(pk=draft.pk).update(title="Draft 2 (quietly renamed)")
    DraftSection.objects.filter(page=draft).update(heading="Quietly renamed section")

    reader = open_page("phone")
    reader.goto(draft_url)
    assert reader.get_by_role("heading", level=1).inner_text() == "Draft 2"
    reader.get_by_role("link", name=re.compile("Comment on this section")).click()
    assert "Dual citizenship" in reader.get_by_role("heading", level=1).inner_text()
    assert reader.locator("input[name=csrfmiddlewaretoken]").count() == 0
    assert not [c for c in reader.context.cookies() if c["name"] in ("sessionid", "csrftoken")]

    reader.get_by_label("Your name").fill("Lerato")
    reader.get_by_label("Your e-mail address").fill("lerato@example.org")
    reader.get_by_role("textbox", name="Your comment").fill(TEXT)
    reader.get_by_label("Woman", exact=True).check()
    reader.get_by_label("Sector").select_option(label="Diaspora association")
    reader.get_by_label("Country of residence").select_option(label="South Africa")
    reader.get_by_label(re.compile(r"^I have read the privacy notice")).check()
    reader.get_by_role("button", name="Send comment").click()

    assert "/comments/sent/" in reader.url
    assert PendingComment.objects.get().comment_data["comment"] == TEXT
