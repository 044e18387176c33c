"""English and Sesotho: the interface language a reader chooses, a Sesotho version of a draft
made through Wagtail's translation action, and its comments counted with the English draft's."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from consultation.discussion import received_count
from consultation.models import FeedbackItem
from consultation.review.feedback import feedback_respond
from consultation.review.publication import draft_publish_responses
from consultation.what_we_heard import draft_summary
from tests.consultation.comment_forms import post_comment
from tests.consultation.factories import SectionCommentFactory, confirmed_account
from tests.policy_docs.factories import DraftPageFactory, section


def page_language(response) -> str:
    return BeautifulSoup(response.content, "html.parser").html["lang"]


def choose_language(client, code, next_url="/"):
    return client.post(reverse("set_language"), {"language": code, "next": next_url})


def switcher(response):
    form = BeautifulSoup(response.content, "html.parser").select_one("form.language-switcher")
    current = form.select_one("[aria-current=true]").get_text(strip=True)
    others = [button.get_text(strip=True) for button in form.select("button")]
    return current, others


def test_pages_are_in_english_until_the_reader_chooses_sesotho(client, policy):
    response = client.get(policy.url)
    assert page_language(response) == "en"
    assert switcher(response) == ("English", ["Sesotho"])

    chosen = choose_language(client, "st", next_url=policy.url)
    assert chosen.status_code == 302
    assert chosen["Location"] == policy.url

    response = client.get(policy.url)
    assert page_language(response) == "st"
    assert switcher(response) == ("Sesotho", ["English"])
    header = BeautifulSoup(response.content, "html.parser").select_one(".header-search")
    # Translated where a translation is known ("Batla": search) ...
    assert header.button.get_text(strip=True) == "Batla"
    # ... and English where the translator has not been yet.
    assert header.input["placeholder"] == "Search the policy"

    choose_language(client, "en", next_url=policy.url)
    assert page_language(client.get(policy.url)) == "en"


def test_the_switcher_works_from_a_page_without_javascript_and_keeps_the_reader_there(
    client, policy
):
    response = client.get(reverse("search"), {"q": "remittances"})
    form = BeautifulSoup(response.content, "html.parser").select_one("form.language-switcher")
    assert form["method"] == "post"
    assert form.select_one("input[name=next]")["value"] == "/search/?q=remittances"
    # No CSRF token: public pages carry none, so that they can be cached.
    assert not form.select("input[name=csrfmiddlewaretoken]")

    response = choose_language(client, "st", next_url="/search/?q=remittances")
    assert response["Location"] == "/search/?q=remittances"


def test_an_unknown_language_or_a_foreign_next_address_changes_nothing(client, policy):
    response = choose_language(client, "xx", next_url=policy.url)
    assert page_language(client.get(policy.url)) == "en"

    response = choose_language(client, "st", next_url="https://elsewhere.example/")
    assert response.status_code == 302
    assert "elsewhere.example" not in response["Location"]


def test_dates_follow_the_active_language_format(client, policy):
    """Without a Sesotho format module, Django's default would write "Nov. 29, 2026"."""
    draft = DraftPageFactory(
        parent=policy, open_for_comments=True, sections=[section("Aims", level=1)]
    )
    choose_language(client, "st")
    window = BeautifulSoup(client.get(draft.url).content, "html.parser").select_one(".window")
    closes = window.select("time")[1].get_text()
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d", closes), closes


@pytest.fixture
def sesotho():
    return Locale.objects.get(language_code="st")


@pytest.fixture
def english_draft(open_draft):
    """The open draft, in the default language; the Sesotho version is made from it."""
    return open_draft


def translate_through_the_admin(client, page, locale):
    """What a drafter does with the admin's "Translate" action."""
    response = client.post(
        reverse("simple_translation:submit_page_translation", args=[page.pk]),
        {"locales": [locale.pk], "include_subtree": "on"},
    )
    assert response.status_code == 302, response.content[:800]
    return page.get_translation(locale).specific


@pytest.fixture
def sesotho_draft(reviewer_client, home, english_draft, sesotho):
    """The Sesotho version of Draft 2, its heading translated and published by a drafter."""
    translate_through_the_admin(reviewer_client, home, sesotho)
    draft = english_draft.get_translation(sesotho).specific
    sections = list(draft.sections.all())
    # The drafters' translation of the heading; a test value, not a claim about Sesotho.
    next(s for s in sections if s.key == "dual").heading = "[st] Dual citizenship"
    draft.sections = sections
    draft.save_revision().publish()
    for page in draft.get_ancestors().filter(depth__gt=1).specific():
        page.save_revision().publish()
    return draft


def test_a_reader_who_chose_sesotho_reads_the_sesotho_version_at_the_same_address(
    client, english_draft, sesotho_draft
):
    assert sesotho_draft.url == english_draft.url
    assert "[st] Dual citizenship" not in client.get(english_draft.url).content.decode()

    choose_language(client, "st")
    response = client.get(english_draft.url)
    assert response.status_code == 200
    assert "[st] Dual citizenship" in response.content.decode()


def test_a_draft_without_a_sesotho_version_is_shown_in_english_to_sesotho_readers(
    client, policy, sesotho_draft
):
    later = DraftPageFactory(parent=policy, title="Draft 3", slug="draft-3", sections=[])
    choose_language(client, "st")
    response = client.get(later.url)
    assert response.status_code == 200
    assert page_language(response) == "st"
    assert response.context["page"].pk == later.pk


def test_comments_on_the_sesotho_version_count_with_the_english_draft(
    reviewer_client, english_draft, sesotho_draft, settings
):
    settings.MODERATION_MODE = "post"  # published at once, for "What we heard"
    client = Client()  # a stakeholder's, signed in: the comment is stored at once
    client.force_login(confirmed_account("palesa", "palesa@example.org"))
    choose_language(client, "st")
    sesotho_dual = sesotho_draft.sections.get(key="dual")
    response = post_comment(client, sesotho_dual, comment="Ke lumellana le karolo ena.")
    assert response.status_code == 302, response.content[:800]

    item = FeedbackItem.objects.get(text="Ke lumellana le karolo ena.")
    assert item.draft_id == english_draft.pk
    assert item.section == english_draft.sections.get(key="dual")
    assert item.language == "st"

    inbox = reviewer_client.get(reverse("feedback:list"), {"language": "st"})
    assert "Ke lumellana le karolo ena." in inbox.content.decode()
    english_only = reviewer_client.get(reverse("feedback:list"), {"language": "en"})
    assert "Ke lumellana le karolo ena." not in english_only.content.decode()
    respond = reviewer_client.get(reverse("feedback:edit", args=[item.pk]))
    assert "Sesotho" in respond.content.decode()

    # "What we heard" sums up both versions, on the English draft.
    sesotho_summary = client.get(reverse("what_we_heard", args=[sesotho_draft.pk]))
    assert sesotho_summary["Location"] == reverse("what_we_heard", args=[english_draft.pk])
    post_comment(client, english_draft.sections.get(key="dual"), comment="Agreed.")
    assert received_count(english_draft) == received_count(sesotho_draft) == 2
    summary = client.get(reverse("what_we_heard", args=[english_draft.pk])).context["summary"]
    assert summary.comments == 2
    # One person: the public tables are withheld; the exact figures count both versions.
    assert summary.by_section is None
    exact = draft_summary(english_draft, list(english_draft.sections.all()))
    by_section = {row.label: row.comments for row in exact.by_section}
    assert by_section["1.1 Dual citizenship"] == 2


def test_responses_published_on_the_english_draft_reach_the_sesotho_version(
    client, reviewer, english_draft, sesotho_draft, mailoutbox, django_capture_on_commit_callbacks
):
    sesotho_dual = sesotho_draft.sections.get(key="dual")
    comment = SectionCommentFactory(
        section=sesotho_dual, comment="Ke lumellana.", followup=True, user_email="st@example.org"
    )
    feedback_respond(
        item=comment.feedback, user=reviewer, status="answered", decision="accepted",
        response="Re amohetse maikutlo a hau.", themes=[],
    )  # fmt: skip
    english_draft.closes_at = timezone.now() - datetime.timedelta(hours=1)
    english_draft.save_revision().publish()

    with django_capture_on_commit_callbacks(execute=True):  # the e-mails leave on commit
        draft_publish_responses(draft=english_draft, user=reviewer)

    (message,) = mailoutbox
    assert message.to == ["st@example.org"]
    assert comment.get_absolute_url() in message.body
    choose_language(client, "st")
    assert "Re amohetse maikutlo a hau." in client.get(sesotho_draft.url).content.decode()
