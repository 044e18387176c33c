"""The public searches the demo policy in a real Chromium: from the header's search box to a
suggestion, a facet and the section it found; at desktop and phone width, and without
JavaScript."""

import io

import pytest
from django.core.management import call_command

from tests.e2e.conftest import VIEWPORTS, shot

pytestmark = pytest.mark.django_db(transaction=True)


def search_and_follow_a_result(page, base_url, name):
    page.goto(base_url + "/")
    page.get_by_role("searchbox", name="Search the policy and the comments").fill("remitances")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    assert "/search/?q=remitances" in page.url

    page.locator(".suggestion").get_by_role("link", name="remittances").click()
    assert page.locator(".result-count").inner_text().endswith("results for “remittances”")
    marks = page.locator(".result .snippet mark")
    assert marks.count() > 0
    assert marks.first.inner_text().lower().startswith("remittance")
    shot(page, f"{name}-search-results")

    facets = page.get_by_role("complementary", name="Narrow the results")
    facets.get_by_role("link", name="2.4 Remittances and the cost of sending money").click()
    titles = page.locator(".result-title").all_inner_texts()
    assert titles and all(
        title.startswith("2.4 Remittances") or " on 2.4 Remittances" in title for title in titles
    )
    shot(page, f"{name}-search-facet")

    page.locator(".result-title").first.click()
    assert page.url.endswith("#section-remittances")
    assert page.locator("#section-remittances").is_visible()


def test_the_public_searches_the_policy_and_opens_a_section(open_page, live_server, migrated_data):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("update_index", stdout=io.StringIO())
    for viewport in VIEWPORTS:
        search_and_follow_a_result(open_page(viewport), live_server.url, viewport)

    search_and_follow_a_result(open_page("phone", javascript=False), live_server.url, "no-js")
