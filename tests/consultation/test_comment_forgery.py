"""The comment form comes from pages kept for every reader, without a CSRF token of its own:
the posting view checks forgery itself (consultation/comment_forgery.py). Through Django's
test client with its CSRF checks on, as a browser posts."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from consultation.models import PendingComment, SectionComment, Sector
from tests.consultation.comment_forms import comment_page_form
from tests.consultation.factories import confirmed_account

TEXT = "Dual citizenship should reach the grandchildren too."


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


def page_token(client, section) -> str | None:
    """The comment form's CSRF token field (Wagtail's form reader leaves it out)."""
    html = client.get(reverse("section_comment", args=[section.pk])).content.decode()
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return found and found.group(1)


def filled_form(client, section):
    data = comment_page_form(client, section)
    if token := page_token(client, section):
        data["csrfmiddlewaretoken"] = token
    data.update(
        name="Palesa Mokoena",
        email="palesa@example.org",
        comment=TEXT,
        gender="woman",
        sector=str(Sector.objects.get(name="Diaspora association").pk),
        country="ZA",
        public_identity="named",
        consent="on",
    )
    return data


def send(client, data, **headers):
    return client.post(reverse("comments-post-comment"), data, headers=headers)


def assert_refused_with_the_text_kept(response):
    assert response.status_code == 403
    html = response.content.decode()
    assert "For your safety, this form was not accepted" in html
    assert TEXT in html and 'value="Palesa Mokoena"' in html
    assert not PendingComment.objects.exists() and not SectionComment.objects.exists()


def test_a_reader_without_a_session_posts_from_the_site(browser, dual):
    data = filled_form(browser, dual)
    assert "csrfmiddlewaretoken" not in data
    response = send(browser, data, Origin="http://testserver")
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("comments-xtd-sent")
    )
    assert PendingComment.objects.count() == 1  # waits for the e-mail confirmation


def test_without_origin_the_referer_must_be_the_site(browser, dual):
    data = filled_form(browser, dual)
    section_page = "http://testserver" + reverse("section_comment", args=[dual.pk])
    assert send(browser, data, Referer=section_page).status_code == 302
    assert PendingComment.objects.count() == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Referer": "https://evil.example/page"},
        {},
    ],
    ids=["forged origin", "opaque origin", "forged referer", "neither"],
)
def test_a_post_from_elsewhere_without_a_session_is_refused(browser, dual, headers):
    assert_refused_with_the_text_kept(send(browser, filled_form(browser, dual), **headers))


def test_a_session_without_the_token_is_refused_and_can_send_again(browser, dual):
    browser.force_login(confirmed_account("palesa", "palesa@example.org"))
    data = filled_form(browser, dual)
    del data["csrfmiddlewaretoken"]  # a page made before the visitor signed in
    response = send(browser, data, Origin="http://testserver")
    assert_refused_with_the_text_kept(response)
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()

    data["csrfmiddlewaretoken"] = page_token(browser, dual)  # as the form shown again has it
    assert send(browser, data, Origin="http://testserver").status_code == 302
    assert SectionComment.objects.get().comment == TEXT


def test_a_session_with_the_token_is_accepted(browser, dual):
    browser.force_login(confirmed_account("palesa", "palesa@example.org"))
    data = filled_form(browser, dual)
    assert data["csrfmiddlewaretoken"]
    assert send(browser, data, Origin="http://testserver").status_code == 302
    assert SectionComment.objects.get().comment == TEXT


def test_a_session_with_the_token_from_another_site_is_refused(browser, dual):
    browser.force_login(confirmed_account("palesa", "palesa@example.org"))
    data = filled_form(browser, dual)
    assert_refused_with_the_text_kept(send(browser, data, Origin="https://evil.example"))


def test_a_session_with_a_wrong_token_is_refused(browser, dual):
    browser.force_login(confirmed_account("palesa", "palesa@example.org"))
    data = filled_form(browser, dual)
    data["csrfmiddlewaretoken"] = "x" * 64
    assert_refused_with_the_text_kept(send(browser, data, Origin="http://testserver"))
