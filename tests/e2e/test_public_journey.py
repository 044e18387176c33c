"""The public reads the demo policy in a real Chromium: from the home page to the adopted
policy and one of its sections, compares two drafts, searches, and reads "What we heard" for a
closed draft; at desktop and phone width, and at phone width without JavaScript."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from consultation.models import SectionComment
from consultation.what_we_heard import SMALL_CELL, decisions_by, draft_summary
from policy_docs.models import DraftPage
from tests.e2e.conftest import VIEWPORTS, check_accessibility, shot

# Transactional: the live server needs committed data.
pytestmark = pytest.mark.django_db(transaction=True)


def fits_the_width(page):
    """Nothing makes the page itself scroll sideways (WCAG 1.4.10, reflow): wide tables
    scroll in a region of their own."""
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def read_compare_search_and_hear(page, base_url, name, *, axe=True):
    def check(page_type):
        fits_the_width(page)
        if axe:
            check_accessibility(page, page_type)

    main = page.locator("main")

    # Home page → policy page → the adopted policy at its stable address.
    page.goto(base_url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Policy consultation")
    check("home")
    shot(page, f"{name}-public-home")
    main.get_by_role("link", name="National Diaspora Policy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("National Diaspora Policy")
    expect(page.locator(".where-it-stands")).to_contain_text("Draft 3: Open for comments until")
    check("policy page")
    shot(page, f"{name}-public-policy")
    main.get_by_role("link", name="Read the adopted policy").click()
    expect(page).to_have_url(re.compile(r"/national-diaspora-policy/adopted/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Adopted policy")
    expect(page.locator(".status-banner")).to_contain_text("This is the adopted policy")
    expect(page.get_by_role("link", name="Comment on this section")).to_have_count(0)
    check("adopted policy")
    shot(page, f"{name}-public-adopted")

    # A section from the table of contents: its anchor, scrolled into view.
    page.get_by_role("navigation", name="Contents").get_by_role(
        "link", name="Dual citizenship"
    ).click()
    expect(page).to_have_url(re.compile(r"/adopted/#section-dual-citizenship$"))
    section = page.locator("#section-dual-citizenship")
    expect(section.get_by_role("heading", level=3)).to_have_text(re.compile(r"Dual citizenship"))
    expect(section.get_by_role("heading", level=3)).to_be_in_viewport()
    expect(section).to_contain_text("allows Basotho to hold another citizenship")
    shot(page, f"{name}-public-adopted-section")

    # Compare: from the adopted policy to the compare page, then Draft 1 with Draft 2.
    main.get_by_role("link", name="Compare with Draft 2").click()
    expect(page).to_have_url(re.compile(r"/compare/\?from=draft-2&to=adopted-policy$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Compare drafts")
    page.get_by_label("Older draft").select_option(label="Draft 1")
    page.get_by_label("Newer draft").select_option(label="Draft 2")
    main.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(re.compile(r"/compare/\?from=draft-1&to=draft-2$"))
    expect(page.locator(".lead")).to_contain_text(
        "Changes from Draft 1 to Draft 2, section by section."
    )
    summary = page.locator(".compare-summary li")
    expect(summary).to_contain_text(["1 Added", "1 Removed", "1 Moved", "2 Retitled"])
    added = page.locator("#section-youth")
    expect(added.get_by_role("heading", level=2)).to_contain_text(
        "Young people and students in the diaspora"
    )
    expect(added.locator(".badge")).to_have_text(["Added"])
    retitled = page.locator("#section-diaspora-data")
    expect(retitled.locator(".was")).to_have_text("In Draft 1: 1.3.1 Data on the diaspora")
    expect(retitled.locator("del").first).to_have_text("Estimates")
    expect(retitled.locator("ins").first).to_have_text("Published estimates")
    removed = page.locator("#section-diaspora-tourism")
    expect(removed.locator(".badge")).to_have_text(["Removed"])
    # Unchanged sections are collapsed and open on demand (a <details>, no script needed).
    unchanged = page.locator("details#section-context")
    expect(unchanged.locator(".prose")).to_be_hidden()
    unchanged.locator("summary").click()
    expect(unchanged.locator(".prose")).to_be_visible()
    check("compare page")
    shot(page, f"{name}-public-compare")

    # Search from the header's box, then open a section found.
    page.get_by_role("searchbox", name="Search the policy and the comments").fill(
        "dual citizenship"
    )
    page.get_by_role("search").get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=dual\+citizenship$"))
    expect(page.locator(".result-count")).to_have_text(
        re.compile(r"^\d+ results for “dual citizenship”$")
    )
    policy_text = page.get_by_role("region", name=re.compile(r"^Policy text"))
    hit = policy_text.locator(".result").filter(
        has=page.locator(".result-title", has_text="Dual citizenship")
    )
    expect(hit.first.locator(".snippet mark").first).to_have_text(
        re.compile(r"citizenship", re.IGNORECASE)
    )
    check("search results")
    shot(page, f"{name}-public-search")
    hit.first.locator(".result-title").click()
    expect(page).to_have_url(re.compile(r"#section-dual-citizenship$"))
    expect(page.locator("#section-dual-citizenship")).to_be_in_viewport()

    # "What we heard" on a closed draft, from the policy's timeline.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="National Diaspora Policy"
    ).click()
    page.get_by_role("region", name="Timeline of drafts").get_by_role(
        "link", name="Draft 2", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Draft 2")
    expect(page.locator(".status-banner")).to_contain_text(
        "The consultation on this draft closed on"
    )
    expect(page.get_by_role("link", name="Comment on this section")).to_have_count(0)
    check("closed draft page")
    shot(page, f"{name}-public-closed-draft")
    main.get_by_role("link", name="What we heard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What we heard")
    expect(page.locator(".eyebrow")).to_have_text("National Diaspora Policy · Draft 2")
    draft_2 = DraftPage.objects.get(slug="draft-2")
    published = SectionComment.objects.published().filter(section__page=draft_2)
    assert published.count() > 0
    expect(page.locator(".compare-summary li").first).to_have_text(
        f"{published.count()} published comments"
    )
    by_sector = page.get_by_role("table", name="By sector", exact=True)
    expect(by_sector).to_be_visible()
    sectors = set(published.values_list("sector__name", flat=True))
    expect(by_sector.locator("tbody th")).to_have_count(len(sectors))
    by_gender = page.get_by_role("table", name="By gender", exact=True)
    expect(by_gender.locator("tbody")).to_contain_text("Woman")
    expect(page.get_by_role("heading", name="What the drafters did with it")).to_be_visible()
    check("what we heard")
    shot(page, f"{name}-public-what-we-heard")
    main.get_by_role("link", name="Read Draft 2 and its comments").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Draft 2")

    # The privacy notice, from every page's footer.
    page.locator("footer").get_by_role("link", name="Privacy notice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
    check("privacy notice")
    shot(page, f"{name}-public-privacy-notice")


def test_the_public_reads_compares_searches_and_sees_what_was_heard(
    open_page, live_server, migrated_data
):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("update_index", stdout=io.StringIO())
    for viewport in VIEWPORTS:
        read_compare_search_and_hear(open_page(viewport), live_server.url, viewport)

    read_compare_search_and_hear(
        open_page("phone", javascript=False), live_server.url, "no-js", axe=False
    )


def hidden_rows(table):
    """The row labels of a "What we heard" table whose figures are all withheld."""
    return {
        row.locator("th").inner_text().strip()
        for row in table.locator("tbody tr").all()
        if row.locator("td").count()
        == row.locator("td", has_text=re.compile(r"^not shown$")).count()
    }


def test_what_we_heard_withholds_the_figures_and_decisions_of_groups_of_fewer_than_5_people(
    open_page, live_server, migrated_data
):
    """A sector or gender with fewer than 5 people is "not shown" in "By sector" or "By
    gender", and so are the drafters' decisions on that group's comments (README: What we
    heard)."""
    call_command("seed_demo", stdout=io.StringIO())
    draft_2 = DraftPage.objects.get(slug="draft-2")
    sections = list(draft_2.sections.all())
    exact = draft_summary(draft_2, sections)
    for viewport in VIEWPORTS:
        page = open_page(viewport)
        page.goto(f"{live_server.url}/consultation/drafts/{draft_2.pk}/what-we-heard/")
        for group in ("sector", "gender"):
            rows = getattr(exact, f"by_{group}")
            few_people = {row.label for row in rows if 0 < row.people < SMALL_CELL}
            figures = page.get_by_role("table", name=f"By {group}", exact=True)
            assert few_people <= hidden_rows(figures)
            small = {row.label for row in decisions_by(draft_2, group) if row.suppressed}
            decisions = page.get_by_role("table", name=f"Decisions by {group}", exact=True)
            expect(decisions).to_be_visible()
            shown = {
                row.locator("th").inner_text().strip()
                for row in decisions.locator("tbody tr").all()
            }
            disclosed = (small & shown) - hidden_rows(decisions)
            assert not disclosed, (
                f"decisions published for groups of fewer than 5 people: {disclosed}"
            )
