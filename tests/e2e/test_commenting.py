"""A stakeholder comments on the open demo draft in a real Chromium, then replies; at desktop
and at phone width."""

import re

import pytest
from django.core.management import call_command

from consultation.models import SectionComment
from tests.consultation.factories import confirmed_account
from tests.e2e.conftest import VIEWPORTS, shot

# One transactional test: the live server needs committed data, and pytest-django runs
# transactional tests after all the others.
pytestmark = pytest.mark.django_db(transaction=True)


def comment_and_reply(page, base_url, viewport):
    email = f"{viewport}@example.org"
    page.goto(base_url + "/")
    page.get_by_role("link", name="National Diaspora Policy").first.click()
    page.get_by_role("link", name="Draft 3").first.click()
    assert "Open for comments" in page.inner_text(".status-banner")

    page.locator("a.button", has_text="Comment on this section").nth(2).click()
    assert page.url.endswith("/comment/")
    page.locator(".signed-in-as").get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("a-Strong-pw-42")
    page.get_by_role("button", name="Sign In").click()
    assert page.url.endswith("/comment/")

    page.get_by_label("Your name").fill("Nthabiseng")
    text = f"Please name the office that answers diaspora queries ({viewport})."
    page.get_by_role("textbox", name="Your comment").fill(text)
    page.get_by_label("Woman", exact=True).check()
    page.get_by_label("Sector").select_option(label="Diaspora association")
    page.get_by_label("Country of residence").select_option(label="South Africa")
    shot(page, f"{viewport}-comment-form")
    page.get_by_label(re.compile(r"^I have read the privacy notice")).check()
    page.get_by_role("button", name="Send comment").click()

    comment = SectionComment.objects.get(user_email=email, level=0)
    assert page.url.endswith(f"#c{comment.pk}")
    article = page.locator(f"#c{comment.pk}")
    assert text in article.inner_text()
    assert "Diaspora association · South Africa" in article.inner_text()
    shot(page, f"{viewport}-comment-posted")

    article.get_by_role("link", name="Reply").click()
    page.get_by_role("textbox", name="Your comment").fill("The Diaspora Directorate, I believe.")
    page.get_by_label("Man", exact=True).check()
    page.get_by_label("Sector").select_option(label="Individual citizen")
    page.get_by_label("Country of residence").select_option(label="Lesotho")
    page.get_by_label(re.compile(r"^I have read the privacy notice")).check()
    page.get_by_role("button", name="Send reply").click()

    reply = SectionComment.objects.get(user_email=email, level=1)
    assert reply.parent_id == comment.pk
    assert page.locator(f"#c{comment.pk} + ol #c{reply.pk}").is_visible()
    shot(page, f"{viewport}-reply-posted")


def test_stakeholder_comments_on_a_section_and_replies(
    open_page, live_server, settings, migrated_data
):
    settings.MODERATION_MODE = "post"
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for viewport in VIEWPORTS:
        confirmed_account(viewport, f"{viewport}@example.org", "a-Strong-pw-42")
        comment_and_reply(open_page(viewport), live_server.url, viewport)
