"""Stakeholder accounts (django-allauth): sign up, sign in with an e-mail address, reset a
password, and a profile that fills in the next comment."""

import re

from django.contrib.auth import get_user_model
from django.urls import reverse

from consultation.models import StakeholderProfile
from tests.consultation.factories import sector


def test_sign_up_with_an_email_address_and_sign_in_again(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "lerato@example.org",
            "password1": "a-Strong-pw-42",
            "password2": "a-Strong-pw-42",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="lerato@example.org")
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "lerato@example.org", "password": "a-Strong-pw-42"}
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_a_wrong_password_is_refused_with_a_clear_error(client, db):
    get_user_model().objects.create_user("l", "lerato@example.org", "a-Strong-pw-42")
    response = client.post(
        reverse("account_login"), {"login": "lerato@example.org", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email_lets_the_stakeholder_choose_a_new_password(client, db, mailoutbox):
    get_user_model().objects.create_user("l", "lerato@example.org", "old-Password-1")
    client.post(reverse("account_reset_password"), {"email": "lerato@example.org"})
    (message,) = mailoutbox
    link = re.search(r"http://testserver(/\S+)", message.body).group(1)
    form_url = client.get(link).url  # allauth moves the key out of the address first
    response = client.post(
        form_url, {"password1": "new-Password-42", "password2": "new-Password-42"}
    )
    assert response.status_code == 302
    client.logout()
    assert not client.login(username="l", password="old-Password-1")
    response = client.post(
        reverse("account_login"), {"login": "lerato@example.org", "password": "new-Password-42"}
    )
    assert response.status_code == 302


def test_the_profile_is_saved_and_fills_in_the_next_comment(client, dual, django_user_model):
    user = django_user_model.objects.create_user("l", "lerato@example.org", "pw")
    assert client.get(reverse("stakeholder_profile")).status_code == 302  # sign in first
    client.force_login(user)
    youth = sector("Youth organisation")
    response = client.post(
        reverse("stakeholder_profile"),
        {
            "display_name": "Lerato M.",
            "gender": "woman",
            "sector": youth.pk,
            "country": "ZA",
            "organisation": "Basotho Youth in Gauteng",
            "age_group": "under-25",
        },
    )
    assert response.status_code == 302
    profile = StakeholderProfile.objects.get(user=user)
    assert (profile.sector, str(profile.country)) == (youth, "ZA")

    html = client.get(reverse("section_comment", args=[dual.pk])).content.decode()
    assert 'value="Lerato M."' in html
    assert re.search(r'<input[^>]*value="woman"[^>]*checked', html)
    assert re.search(rf'<option value="{youth.pk}" selected>', html)
    assert 'value="Basotho Youth in Gauteng"' in html


def test_the_header_offers_sign_in_or_the_profile(client, home, django_user_model):
    html = client.get(home.url).content.decode()
    assert "Sign in" in html and "Create an account" in html
    client.force_login(django_user_model.objects.create_user("l", "l@example.org", "pw"))
    html = client.get(home.url).content.decode()
    assert reverse("stakeholder_profile") in html and "Sign out" in html
