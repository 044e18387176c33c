"""Stakeholders' journeys in a real Chromium, at desktop and at phone width: a newcomer signs
up, comments on a section and follows the replies by e-mail until they mute them; an
anonymous commenter confirms a comment through the link in the e-mail sent to them."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import caches
from django.core.management import call_command
from playwright.sync_api import expect

from consultation.models import SectionComment
from consultation.moderation import moderation_approve
from tests.consultation.factories import confirmed_account
from tests.e2e.conftest import VIEWPORTS, check_accessibility, shot

# Transactional: the live server needs committed data.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-Strong-pw-42"  # noqa: S105 - test accounts only
SECTION_HEADING = "Dual citizenship"
SECTION_ANCHOR = "section-dual-citizenship"


@pytest.fixture
def demo(live_server, settings, migrated_data):
    """The demo consultation, with e-mail links pointing at the live server and the posting
    rate limits (kept in the process-wide cache) counted afresh."""
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    for cache in caches.all():
        cache.clear()
    call_command("seed_demo", stdout=io.StringIO())
    return live_server.url


def check_page(page, page_type):
    """Axe, and nothing that makes the page itself scroll sideways (WCAG 1.4.10, reflow)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    check_accessibility(page, page_type)


def mails_to(address):
    return [message for message in mail.outbox if address in message.recipients()]


def link_in(message, path_prefix):
    """The one absolute link in an e-mail's body whose path starts with `path_prefix`."""
    links = re.findall(r"https?://\S+" + re.escape(path_prefix) + r"\S+", message.body)
    assert len(links) == 1, message.body
    return links[0]


def fill_about_you(page, *, gender, sector, country):
    page.get_by_role("group", name=re.compile(r"^Gender")).get_by_label(gender, exact=True).check()
    page.get_by_label("Sector").select_option(label=sector)
    page.get_by_label("Country of residence").select_option(label=country)


def agree_to_the_privacy_notice(page):
    """The consent box, required on every comment and reply form."""
    page.get_by_label(re.compile(r"^I have read the privacy notice")).check()


def open_section_comment_page(page, base_url, viewport, *, checks):
    """Home page → policy → open draft → a section from the table of contents → its comment
    page. `checks` runs axe on each page type on the way."""
    page.goto(base_url + "/")
    if checks:
        check_page(page, "home")
    page.get_by_role("link", name="National Diaspora Policy").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("National Diaspora Policy")
    if checks:
        check_page(page, "policy page")
    page.locator(".where-it-stands").get_by_role("link", name="Draft 3").click()
    expect(page.locator(".status-banner")).to_contain_text("Open for comments")
    if checks:
        check_page(page, "draft page")

    page.get_by_role("navigation", name="Contents").get_by_role(
        "link", name=SECTION_HEADING, exact=False
    ).first.click()
    expect(page).to_have_url(re.compile(f"#{SECTION_ANCHOR}$"))
    section = page.locator(f"#{SECTION_ANCHOR}")
    expect(section).to_be_in_viewport()
    expect(section.get_by_role("heading", level=3)).to_contain_text(SECTION_HEADING)
    expect(section.locator(".prose").first).to_contain_text(
        "allows Basotho to hold another citizenship"
    )
    shot(page, f"{viewport}-stakeholder-section")

    section.get_by_role("link", name=re.compile(r"^Comment on this section")).click()
    expect(page).to_have_url(re.compile(r"/consultation/sections/\d+/comment/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(SECTION_HEADING)


def sign_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("navigation", name="Your account")).to_contain_text("Sign out")


def reply_to(page, base_url, comment, *, text, viewport, step, checks):
    """From the link to `comment` (as in the follow-up e-mail), reply to it."""
    page.goto(base_url + comment.get_absolute_url())
    page.locator(f"#c{comment.pk}").get_by_role("link", name=re.compile(r"^Reply")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Reply to {comment.user_name}")
    expect(page.locator(".replying-to")).to_contain_text(comment.comment)
    if checks:
        check_page(page, "reply page")
    page.get_by_label("Your name").fill("Thabo")
    page.get_by_role("textbox", name="Your comment").fill(text)
    fill_about_you(page, gender="Man", sector="Individual citizen", country="Lesotho")
    shot(page, f"{viewport}-stakeholder-{step}-form")
    agree_to_the_privacy_notice(page)
    page.get_by_role("button", name="Send reply").click()
    reply = SectionComment.objects.get(comment=text)
    expect(page.locator(f"#c{comment.pk} + ol #c{reply.pk}")).to_contain_text(text)
    shot(page, f"{viewport}-stakeholder-{step}-posted")
    return reply


def sign_up_comment_and_mute_replies(open_page, base_url, viewport):
    email = f"palesa.{viewport}@example.org"
    replier_email = f"thabo.{viewport}@example.org"
    confirmed_account(f"thabo-{viewport}", replier_email, PASSWORD)

    page = open_page(viewport)
    open_section_comment_page(page, base_url, viewport, checks=True)
    check_page(page, "section comment page")
    shot(page, f"{viewport}-stakeholder-comment-page")

    # No account yet: from the form to the sign-up page and back.
    page.locator(".signed-in-as").get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign Up")
    page.locator("main").get_by_role("link", name="sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")
    check_page(page, "login")
    page.go_back()
    check_page(page, "sign-up")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    shot(page, f"{viewport}-stakeholder-sign-up")
    page.get_by_role("button", name="Sign Up").click()

    # The account signs in, and comments as itself, once its address is confirmed from the
    # e-mail sent to it: the page says so whether or not the address had an account.
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")
    check_page(page, "e-mail verification sent")
    shot(page, f"{viewport}-stakeholder-verify-address")
    account = get_user_model().objects.get(email=email)
    assert account.check_password(PASSWORD)
    assert [m.subject for m in mails_to(email)] == [
        "[Policy consultation] Please Confirm Your Email Address"
    ]
    (confirmation,) = mails_to(email)
    page.goto(link_in(confirmation, "/accounts/confirm-email/"))
    check_page(page, "e-mail address confirmation")
    shot(page, f"{viewport}-stakeholder-confirm-address")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".messages")).to_contain_text("You have confirmed")
    # Back at the form the newcomer came from, signed in.
    expect(page).to_have_url(re.compile(r"/consultation/sections/\d+/comment/$"))
    expect(page.locator(".signed-in-as")).to_contain_text(f"You are signed in as {email}")

    # The comment, with who is speaking, asking for e-mails when someone replies.
    text = f"Dual citizens abroad need a single office that answers them ({viewport})."
    page.get_by_label("Your name").fill("Palesa")
    page.get_by_role("textbox", name="Your comment").fill(text)
    page.get_by_label("I suggest a change").check()
    fill_about_you(page, gender="Woman", sector="Diaspora association", country="South Africa")
    follow = page.get_by_label("E-mail me when someone replies on this section")
    follow.check()
    shot(page, f"{viewport}-stakeholder-comment-form")
    agree_to_the_privacy_notice(page)
    page.get_by_role("button", name="Send comment").click()

    comment = SectionComment.objects.get(comment=text)
    expect(page).to_have_url(re.compile(f"#c{comment.pk}$"))
    posted = page.locator(f"#c{comment.pk}")
    expect(posted).to_contain_text(text)
    expect(posted).to_contain_text("Palesa")
    expect(posted).to_contain_text("Diaspora association · South Africa")
    expect(posted).not_to_contain_text("Woman")
    check_page(page, "comment posted")
    shot(page, f"{viewport}-stakeholder-comment-posted")
    assert comment.user == account
    assert comment.user_email == email
    assert (comment.gender, comment.sector.name, comment.country.code) == (
        "woman",
        "Diaspora association",
        "ZA",
    )
    assert comment.section.heading == SECTION_HEADING
    assert comment.stance == "suggests-change"
    assert comment.followup and comment.is_public and comment.level == 0

    # Someone else, signed in in another browser, replies.
    replier = open_page(viewport)
    sign_in(replier, base_url, replier_email)
    first_reply_text = f"The Directorate is meant to be that office ({viewport})."
    reply = reply_to(
        replier,
        base_url,
        comment,
        text=first_reply_text,
        viewport=viewport,
        step="reply",
        checks=True,
    )
    assert reply.parent_id == comment.pk and reply.user_email == replier_email

    followups = [m for m in mails_to(email) if first_reply_text in m.body]
    assert len(followups) == 1
    followup = followups[0]
    assert followup.to == [email]
    assert "Hello Palesa," in followup.body
    assert f"“{SECTION_HEADING}” (Draft 3)" in followup.body
    assert "--- Thabo ---" in followup.body
    whole_message = followup.message().as_string()
    assert replier_email not in whole_message
    assert "thabo." not in whole_message.lower()
    assert not mails_to(replier_email), "the replier did not ask for follow-up e-mails"

    # The follower opens the "stop" link from the e-mail: it asks first, the button stops.
    page.goto(link_in(followup, "/comments/mute/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop e-mails about this section?")
    check_page(page, "stop e-mails question")
    comment.refresh_from_db()
    assert comment.followup
    page.get_by_role("button", name="Stop the e-mails").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You will receive no more e-mails about this section"
    )
    expect(page.locator("main")).to_contain_text(
        f"You have stopped following the comments on “{SECTION_HEADING}”."
    )
    check_page(page, "mute confirmation")
    shot(page, f"{viewport}-stakeholder-muted")
    comment.refresh_from_db()
    assert not comment.followup
    page.get_by_role("link", name="Back to the draft").click()
    expect(page).to_have_url(re.compile(f"/draft-3/#{SECTION_ANCHOR}$"))

    # A further reply is published, and no e-mail goes to the muted follower.
    sent_before = len(mails_to(email))
    second_reply_text = f"And the consulates should forward questions to it ({viewport})."
    second = reply_to(
        replier,
        base_url,
        comment,
        text=second_reply_text,
        viewport=viewport,
        step="second-reply",
        checks=False,
    )
    assert second.is_public and second.parent_id == comment.pk
    assert len(mails_to(email)) == sent_before

    # Their profile, from the header.
    page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="Your profile"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    expect(page.locator("main")).to_contain_text(f"Signed in as {email}.")
    check_page(page, "profile")
    shot(page, f"{viewport}-stakeholder-profile")


def test_newcomer_signs_up_comments_is_told_of_a_reply_and_mutes_the_emails(
    open_page, demo, settings
):
    settings.MODERATION_MODE = "post"
    for viewport in VIEWPORTS:
        sign_up_comment_and_mute_replies(open_page, demo, viewport)


def comment_anonymously_and_confirm(open_page, base_url, viewport, moderator):
    email = f"lineo.{viewport}@example.org"
    text = f"The cost of sending money by mobile phone should be capped ({viewport})."
    page = open_page(viewport)
    open_section_comment_page(page, base_url, viewport, checks=False)
    page.get_by_label("Your name").fill("Lineo")
    page.get_by_label("Your e-mail address").fill(email)
    page.get_by_role("textbox", name="Your comment").fill(text)
    fill_about_you(
        page, gender="Prefer not to say", sector="Private sector or business", country="Botswana"
    )
    shot(page, f"{viewport}-anonymous-comment-form")
    agree_to_the_privacy_notice(page)
    page.get_by_role("button", name="Send comment").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your e-mail to confirm your comment"
    )
    check_page(page, "comment confirmation page")
    shot(page, f"{viewport}-anonymous-check-your-email")
    assert not SectionComment.objects.filter(user_email=email).exists()
    (request,) = mails_to(email)
    # The e-mail names the section, never the comment nor the name given (anyone can type
    # anyone's address).
    assert f"“{SECTION_HEADING}” (Draft 3)" in request.body
    assert "Lineo" not in request.body and text not in request.body

    # The link in the e-mail asks; its button stores the comment; pre-moderation keeps it
    # hidden for now.
    page.goto(link_in(request, "/comments/confirm/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your comment")
    check_page(page, "comment confirmation question")
    shot(page, f"{viewport}-anonymous-confirm-question")
    assert not SectionComment.objects.filter(user_email=email).exists()
    page.get_by_role("button", name="Confirm my comment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your comment")
    expect(page.get_by_role("status")).to_contain_text("A moderator will review it")
    check_page(page, "comment awaiting moderation")
    shot(page, f"{viewport}-anonymous-confirmed")
    comment = SectionComment.objects.get(user_email=email)
    assert comment.comment == text
    assert comment.user is None
    assert (comment.gender, comment.sector.name, comment.country.code) == (
        "undisclosed",
        "Private sector or business",
        "BW",
    )
    assert comment.section.heading == SECTION_HEADING
    assert not comment.is_public

    page.get_by_role("link", name="Back to the draft").click()
    expect(page.locator(f"#c{comment.pk}")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text(text)

    # Once a moderator approves it, the public sees it under the section.
    moderation_approve(item=comment, user=moderator)
    page.reload()
    shown = page.locator(f"#c{comment.pk}")
    expect(shown).to_contain_text(text)
    expect(shown).to_contain_text("Private sector or business · Botswana")
    expect(shown).not_to_contain_text(email)
    shot(page, f"{viewport}-anonymous-approved")


def test_anonymous_commenter_confirms_by_email_and_the_comment_awaits_moderation(
    open_page, demo, settings
):
    settings.MODERATION_MODE = "pre"
    moderator = get_user_model().objects.create_user("mpho", "mpho@example.org", PASSWORD)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    for viewport in VIEWPORTS:
        comment_anonymously_and_confirm(open_page, demo, viewport, moderator)


def reply_to_an_older_thread(open_page, base_url, viewport):
    email = f"neo.{viewport}@example.org"
    confirmed_account(f"neo-{viewport}", email, PASSWORD)
    page = open_page(viewport)
    sign_in(page, base_url, email)
    page.goto(base_url + "/national-diaspora-policy/draft-3/")
    section = page.locator("#section-remittances")
    on_draft_page = {
        article.get_attribute("id") for article in section.locator("article.comment").all()
    }
    section.get_by_role("link", name=re.compile(r"^See all \d+ comments")).click()
    expect(page).to_have_url(re.compile(r"/consultation/sections/\d+/comment/#comments-heading$"))
    roots = page.locator("#comments-heading ~ ol.comment-thread > li > article.comment").all()
    older = [root for root in roots if root.get_attribute("id") not in on_draft_page]
    assert older, "the section's page shows the threads that the draft page leaves out"
    older_pk = int(older[0].get_attribute("id").removeprefix("c"))
    older[0].get_by_role("link", name=re.compile(r"^Reply")).click()
    text = f"Mobile money agents in the villages would help most ({viewport})."
    page.get_by_role("textbox", name="Your comment").fill(text)
    fill_about_you(page, gender="Another gender", sector="Individual citizen", country="Lesotho")
    agree_to_the_privacy_notice(page)
    page.get_by_role("button", name="Send reply").click()

    reply = SectionComment.objects.get(comment=text)
    assert reply.parent_id == older_pk and reply.is_public
    shot(page, f"{viewport}-older-thread-reply-posted")
    # The draft page shows only the latest threads: where the redirect after posting (and the
    # follow-up e-mail's and the search results' links, SectionComment.get_absolute_url) lead,
    # the reply must be there all the same.
    expect(page.locator(f"#c{reply.pk}")).to_contain_text(text)


def test_a_reply_to_an_older_thread_is_shown_where_its_link_leads(open_page, demo, settings):
    settings.MODERATION_MODE = "post"
    for viewport in VIEWPORTS:
        reply_to_an_older_thread(open_page, demo, viewport)
