"""Brute-force protection (django-axes) on the stakeholders' sign-in and the admin's."""

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.urls import reverse


@pytest.fixture
def stakeholder(django_user_model):
    user = django_user_model.objects.create_user(
        "palesa", "palesa@example.org", "right-password-42"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def sign_in(client, login, password):
    return client.post(reverse("account_login"), {"login": login, "password": password})


def test_five_wrong_passwords_pause_the_account_from_that_address(client, stakeholder):
    for _ in range(4):
        assert sign_in(client, "palesa@example.org", "guess").status_code == 200
    locked = sign_in(client, "Palesa@Example.org", "guess")  # the case buys no attempts

    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.text
    assert "paused for 15 minutes" in locked.text
    # Even the right password is refused during the pause, and nobody is signed in.
    assert sign_in(client, "palesa@example.org", "right-password-42").status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lock_out_touches_only_that_account(client, stakeholder, django_user_model):
    other = django_user_model.objects.create_user("thabo", "thabo@example.org", "thabo-pass-42")
    EmailAddress.objects.create(user=other, email=other.email, verified=True, primary=True)
    for _ in range(5):
        sign_in(client, "palesa@example.org", "guess")

    assert sign_in(client, "thabo@example.org", "thabo-pass-42").status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_a_right_password_resets_the_count(client, stakeholder):
    for _ in range(4):
        sign_in(client, "palesa@example.org", "guess")
    assert sign_in(client, "palesa@example.org", "right-password-42").status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "palesa@example.org", "guess").status_code == 200


def test_the_admin_sign_in_is_protected_and_an_administrator_can_unlock(client, admin_user):
    url = reverse("wagtailadmin_login")
    for _ in range(4):
        assert client.post(url, {"username": "admin", "password": "guess"}).status_code == 200
    assert client.post(url, {"username": "admin", "password": "guess"}).status_code == 429
    assert client.post(url, {"username": "admin", "password": "password"}).status_code == 429

    call_command("axes_reset_username", admin_user.email)  # accounts are named by address

    assert client.post(url, {"username": "admin", "password": "password"}).status_code == 302


def test_one_address_may_sign_in_30_times_a_minute(client, stakeholder):
    """allauth's limit of sign-ins per address stays for real traffic; only the load test's
    server raises it (SIGN_IN_RATE_PER_IP), since its commenters all come from 127.0.0.1."""
    for _ in range(30):
        assert sign_in(client, "palesa@example.org", "right-password-42").status_code == 302
        client.logout()

    assert sign_in(client, "palesa@example.org", "right-password-42").status_code == 429
