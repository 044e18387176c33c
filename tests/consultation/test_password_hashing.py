"""Passwords are hashed with Argon2id; accounts hashed with the PBKDF2 of earlier versions
still sign in, and their hash is replaced by an Argon2id one when they do. The test settings
hash with MD5 for speed: these tests put the production list back."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password
from django.urls import reverse

from consultation.settings import base
from tests.consultation.factories import confirmed_account

PASSWORD = "a-Strong-pw-42"  # noqa: S105 (a test account)
ARGON2ID = "argon2$argon2id$v=19$m=19456,t=2,p=1$"


@pytest.fixture(autouse=True)
def production_hashers(settings):
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS


def test_an_account_hashed_with_pbkdf2_signs_in_and_is_rehashed_with_argon2id(client, db):
    account = confirmed_account("naledi", "naledi@example.org", PASSWORD)
    account.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    account.save(update_fields=["password"])

    response = client.post(
        reverse("account_login"), {"login": "naledi@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(account.pk)
    account.refresh_from_db()
    assert account.password.startswith(ARGON2ID)
    assert account.check_password(PASSWORD)


def test_a_new_account_is_hashed_with_argon2id(client, db, django_user_model):
    response = client.post(
        reverse("account_signup"),
        {"email": "thabo@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 302
    account = django_user_model.objects.get(email="thabo@example.org")
    assert account.password.startswith(ARGON2ID)


def test_an_argon2_hash_with_other_parameters_is_brought_to_ours_at_sign_in(client, db):
    """Django's own Argon2 defaults (100 MiB, 8 lanes) use the same algorithm name."""
    account = confirmed_account("palesa", "palesa@example.org", PASSWORD)
    djangos = Argon2PasswordHasher()
    account.password = djangos.encode(PASSWORD, djangos.salt())
    account.save(update_fields=["password"])
    assert not account.password.startswith(ARGON2ID)

    response = client.post(
        reverse("account_login"), {"login": "palesa@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    account.refresh_from_db()
    assert account.password.startswith(ARGON2ID)
