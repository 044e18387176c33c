"""A drafter's first and second sign-in with two-step verification required, in a real
Chromium: the set-up page's QR code and key, the recovery codes, then the code page."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, shot
from tests.security.test_second_factor import code_from

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "pw-Drafts-42"  # noqa: S105 (a test account)


def sign_in(page, base_url):
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill("lineo")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_drafter_sets_up_an_app_then_signs_in_with_its_code(
    live_server, open_page, django_user_model, migrated_data, settings
):
    settings.SECOND_FACTOR_REQUIRED = True
    drafter = django_user_model.objects.create_user("lineo", "lineo@example.org", PASSWORD)
    drafter.groups.add(Group.objects.get(name="Policy drafters"))
    page = open_page("desktop")

    sign_in(page, live_server.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step verification")
    expect(page.locator(".second-factor-qr svg")).to_be_visible()
    check_accessibility(page, "second factor set-up")
    shot(page, "desktop-second-factor-set-up")
    secret = page.locator(".second-factor-secret").inner_text()
    page.get_by_role("textbox", name=re.compile(r"^Code")).fill(code_from(secret))
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step verification is set up")
    expect(page.locator(".second-factor-recovery-codes li")).to_have_count(10)
    check_accessibility(page, "second factor recovery codes")
    shot(page, "desktop-second-factor-recovery-codes")
    page.get_by_role("link", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("navigation", name="Main menu")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, live_server.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step verification")
    check_accessibility(page, "second factor code")
    page.get_by_role("textbox", name=re.compile(r"^Code")).fill(
        "000000" if code_from(secret, steps_ahead=1) != "000000" else "1"
    )
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("main")).to_contain_text("That code is not right")
    shot(page, "desktop-second-factor-wrong-code")
    page.wait_for_timeout(1100)  # the wait after one wrong code
    page.get_by_role("textbox", name=re.compile(r"^Code")).fill(code_from(secret, steps_ahead=1))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
