"""Commenting with the keyboard alone, in a real Chromium: a skip link, a visible focus on
every stop, no trap, the form filled and sent with keys, and an error summary that takes the
focus and leads to the field."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command

from consultation.models import SectionComment
from policy_docs.models import DraftPage
from tests.e2e.conftest import shot

pytestmark = pytest.mark.django_db(transaction=True)

FOCUS_SHOWN = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
        tag: element.tagName.toLowerCase(),
        name: element.getAttribute("name") || element.id || element.textContent.trim().slice(0, 40),
        outlined: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
        onScreen: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0,
    };
}"""


def tab_to(page, selector, stops, limit=150):
    """Press Tab until the focus is on `selector`, checking every stop on the way."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_SHOWN)
        stops.append(focused)
        assert focused["outlined"] and focused["onScreen"], focused
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached with {limit} presses of Tab")


def open_section(page, base_url):
    draft = DraftPage.objects.get(slug="draft-3")
    section = draft.sections.get(key="dual-citizenship")
    page.goto(base_url + f"/consultation/sections/{section.pk}/comment/")


def test_a_stakeholder_comments_with_the_keyboard_alone(open_page, live_server, migrated_data):
    call_command("seed_demo", stdout=io.StringIO())
    page = open_page("desktop")
    open_section(page, live_server.url)
    stops = []

    # The first stop is the skip link, shown when focused; it leads to the main content.
    tab_to(page, "a.skip-link", stops, limit=1)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    tab_to(page, "#id_name", stops)
    page.keyboard.type("Lerato")
    tab_to(page, "#id_email", stops, limit=1)
    page.keyboard.type("lerato@example.org")
    tab_to(page, "#id_comment", stops, limit=1)
    page.keyboard.type("Dual citizenship should not cost a second passport fee.")
    tab_to(page, "input[name=gender]", stops)
    page.keyboard.press("Space")  # the first choice of the group: Woman
    tab_to(page, "#id_sector", stops)
    page.keyboard.type("Diaspora")
    tab_to(page, "#id_country", stops, limit=1)
    page.keyboard.type("United Kingdom")
    tab_to(page, "#id_consent", stops)
    page.keyboard.press("Space")  # agrees to the privacy notice
    shot(page, "keyboard-comment-form")
    tab_to(page, "button[name=post]", stops)
    page.keyboard.press("Enter")

    page.wait_for_url("**/comments/sent/**")
    assert "lerato@example.org" in mail.outbox[-1].to

    # The e-mail's link opens a page whose button confirms the comment: with the keyboard too.
    link = re.search(r"https?://[^/\s]+(/comments/confirm/\S+)", mail.outbox[-1].body).group(1)
    page.goto(live_server.url + link)
    tab_to(page, "main button", stops)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Thank you for your comment" in page.inner_text("h1")
    assert SectionComment.objects.filter(user_email="lerato@example.org").exists()
    assert len(stops) > 10


def test_the_error_summary_takes_the_focus_and_leads_to_the_field(
    open_page, live_server, migrated_data
):
    call_command("seed_demo", stdout=io.StringIO())
    page = open_page("phone")
    open_section(page, live_server.url)
    stops = []
    tab_to(page, "button[name=post]", stops)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "error-summary"
    shot(page, "phone-keyboard-error-summary")
    tab_to(page, ".error-summary a", stops, limit=1)
    target = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    assert page.url.endswith(target)
    assert page.locator(target).is_visible()


def test_tabbing_through_a_draft_page_reaches_its_end_without_a_trap(
    open_page, live_server, migrated_data
):
    call_command("seed_demo", stdout=io.StringIO())
    page = open_page("phone")
    page.goto(live_server.url + DraftPage.objects.get(slug="draft-3").url)
    seen = set()
    for _ in range(1000):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break  # past the last link: the focus left the page, nothing held it
        focused = page.evaluate(FOCUS_SHOWN)
        assert focused["outlined"] and focused["onScreen"], focused
        seen.add(page.evaluate("document.activeElement.outerHTML.slice(0, 120)"))
    else:
        raise AssertionError("1000 presses of Tab never left the page")
    assert len(seen) > 50
