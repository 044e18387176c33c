"""Sign-up and password reset must not tell a visitor whether an address has an account: the
answers for an address that has one and for a new one are the same (status, redirect, cookies,
the page shown, and the work done before answering). An account whose address is not
confirmed does not comment as itself, whichever sign-in form let it in."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from django.urls import reverse

from consultation.models import SectionComment
from tests.consultation import conftest as consultation_fixtures
from tests.consultation.comment_forms import comment_page_form
from tests.consultation.factories import confirmed_account, sector

open_draft, dual = consultation_fixtures.open_draft, consultation_fixtures.dual

PASSWORD = "a-Strong-pw-42"  # noqa: S105 (test accounts)
EXISTING = "lerato@example.org"
NEW = "thabo@example.org"


class CountingHasher(MD5PasswordHasher):
    """The test suite's hasher, counting how often a password is hashed: a new account's
    password is hashed before the answer, and hashing takes long enough to be timed."""

    encoded = 0

    def encode(self, password, salt):
        CountingHasher.encoded += 1
        return super().encode(password, salt)


@pytest.fixture
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = ["tests.security.test_account_enumeration.CountingHasher"]
    CountingHasher.encoded = 0
    return CountingHasher


@pytest.fixture
def existing(db):
    return confirmed_account("lerato", EXISTING, PASSWORD)


def answer(client, url, data):
    """What a visitor can observe of an answer: status, where it redirects, which cookies it
    sets, and the text of the page it leads to, with the address typed taken out."""
    response = client.post(url, data)
    shown = client.get(response["Location"]) if response.status_code == 302 else response
    text = shown.content.decode()
    for address in (EXISTING, NEW):
        text = text.replace(address, "<address>")
    # CSRF tokens are masked afresh on every page.
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    text = re.sub(r'"CSRF_TOKEN": "[^"]+"', "", text)
    return {
        "status": response.status_code,
        "location": response.get("Location"),
        "cookies": sorted(response.cookies),
        "page status": shown.status_code,
        "page": text,
        "signed in": "_auth_user_id" in client.session,
    }


def signup_data(email):
    return {"email": email, "password1": PASSWORD, "password2": PASSWORD}


def test_sign_up_answers_the_same_for_an_address_with_an_account_and_a_new_one(
    existing, counting_hasher, mailoutbox, django_user_model
):
    url = reverse("account_signup") + "?next=/consultation/profile/"
    hashed = counting_hasher.encoded
    for_existing = answer(Client(), url, signup_data(EXISTING))
    hashed_for_existing = counting_hasher.encoded - hashed
    hashed = counting_hasher.encoded
    for_new = answer(Client(), url, signup_data(NEW))
    hashed_for_new = counting_hasher.encoded - hashed

    assert for_existing == for_new
    assert for_new["location"] == reverse("account_email_verification_sent")
    assert not for_new["signed in"]
    assert hashed_for_existing == hashed_for_new == 1
    # Each address is told by e-mail, its holder alone: the existing one that someone tried.
    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([EXISTING], "[Policy consultation] Account Already Exists"),
        ([NEW], "[Policy consultation] Please Confirm Your Email Address"),
    ]
    assert django_user_model.objects.filter(email__iexact=EXISTING).count() == 1


def test_sign_up_with_an_address_differing_only_in_case_tells_nothing_either(
    existing, mailoutbox, django_user_model
):
    for_existing = answer(Client(), reverse("account_signup"), signup_data(EXISTING.upper()))
    for_new = answer(Client(), reverse("account_signup"), signup_data(NEW.upper()))

    for_existing["page"] = for_existing["page"].replace(EXISTING.upper(), "<address>")
    for_new["page"] = for_new["page"].replace(NEW.upper(), "<address>")
    assert for_existing == for_new
    assert django_user_model.objects.filter(email__iexact=EXISTING).count() == 1


def test_password_reset_answers_the_same_for_an_address_with_an_account_and_an_unknown_one(
    existing, mailoutbox
):
    for_existing = answer(Client(), reverse("account_reset_password"), {"email": EXISTING})
    for_new = answer(Client(), reverse("account_reset_password"), {"email": NEW})

    assert for_existing == for_new
    assert for_new["location"] == reverse("account_reset_password_done")
    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([EXISTING], "[Policy consultation] Password Reset Email"),
        ([NEW], "[Policy consultation] Unknown Account"),
    ]


def test_the_admins_password_reset_answers_the_same_too(existing, admin_user, mailoutbox):
    url = reverse("wagtailadmin_password_reset")
    for_existing = answer(Client(), url, {"email": admin_user.email})
    for_new = answer(Client(), url, {"email": "nobody@example.org"})

    for_existing["page"] = for_existing["page"].replace(admin_user.email, "<address>")
    for_new["page"] = for_new["page"].replace("nobody@example.org", "<address>")
    assert for_existing == for_new
    assert [m.to for m in mailoutbox] == [[admin_user.email]]


def test_signing_in_answers_the_same_for_a_wrong_password_and_an_unknown_address(existing):
    url = reverse("account_login")
    for_existing = answer(Client(), url, {"login": EXISTING, "password": "wrong"})
    for_new = answer(Client(), url, {"login": NEW, "password": "wrong"})

    assert for_existing == for_new
    assert "are not correct" in for_new["page"]


# An address someone else typed: until it is confirmed, the account does not speak as itself


@pytest.fixture
def squatter(db, django_user_model):
    """An account signed up with an address its holder never confirmed (someone else's)."""
    user = django_user_model.objects.create_user("squatter", NEW, PASSWORD)
    EmailAddress.objects.create(user=user, email=NEW, verified=False, primary=True)
    return user


def filled_comment_form(section):
    data = comment_page_form(Client(), section)
    data.update(
        name="Thabo",
        comment="Posted in someone else's name.",
        gender="man",
        sector=str(sector().pk),
        country="LS",
        consent="on",
    )
    return data


def test_an_unconfirmed_account_signed_in_through_the_admin_form_cannot_comment_as_itself(
    client, squatter, dual, settings, mailoutbox
):
    """Wagtail's sign-in form is Django's: it lets in an account that allauth would stop."""
    settings.MODERATION_MODE = "post"
    response = client.post(reverse("wagtailadmin_login"), {"username": NEW, "password": PASSWORD})
    assert client.session.get("_auth_user_id") == str(squatter.pk)

    page = client.get(reverse("section_comment", args=[dual.pk])).text
    assert "an address not confirmed yet" in page and 'name="comment"' not in page
    response = client.post(reverse("comments-post-comment"), filled_comment_form(dual))

    assert response.status_code == 403
    assert "is not confirmed yet, so nothing was saved" in response.text
    assert not SectionComment.objects.exists()
    assert mailoutbox == []


def test_an_unconfirmed_account_cannot_send_a_written_submission(client, squatter, open_draft):
    client.force_login(squatter)

    page = client.get(reverse("submission_form", args=[open_draft.pk]))
    response = client.post(
        reverse("submission_form", args=[open_draft.pk]),
        {"name": "Thabo", "text": "A letter.", "gender": "man", "country": "LS", "consent": "on"},
    )

    assert "is not confirmed yet" in page.text
    assert response.status_code == 403 and "nothing was saved" in response.text
    assert not open_draft.written_submissions.exists()


def test_an_unconfirmed_account_cannot_sign_in_through_the_stakeholders_form(client, squatter):
    response = client.post(reverse("account_login"), {"login": NEW, "password": PASSWORD})

    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_the_confirmation_link_resent_from_the_comment_form_reaches_only_the_address(
    client, squatter, dual, mailoutbox
):
    client.force_login(squatter)
    client.post(reverse("account_email"), {"email": NEW, "action_send": ""})

    (message,) = mailoutbox
    assert message.to == [NEW]
    assert message.subject == "[Policy consultation] Please Confirm Your Email Address"
