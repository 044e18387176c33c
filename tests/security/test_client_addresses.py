"""Behind the HTTPS proxy every connection comes from the proxy. The limits keyed on a visitor's
address (comments, django-axes' sign-in lock-outs, allauth's limits) must count each visitor
apart, from the entry the trusted proxy appended to X-Forwarded-For, and never from what a
visitor wrote in that header themselves."""

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from consultation.client_addresses import client_address_from
from consultation.models import SectionComment
from tests.consultation import conftest as consultation_fixtures
from tests.consultation.comment_forms import post_comment

open_draft, dual = consultation_fixtures.open_draft, consultation_fixtures.dual

PROXY = "10.0.0.2"  # nginx, as gunicorn sees every connection
ALICE = "203.0.113.10"
BOB = "198.51.100.20"
ATTACKER = "192.0.2.66"
PASSWORD = "a-Strong-pw-42"  # noqa: S105 (test accounts)


def through_proxy(client_sent_header=None, *, visitor):
    """A browser whose requests reach the site through one nginx with
    `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`: nginx appends the
    visitor's address to whatever X-Forwarded-For the visitor sent."""
    header = f"{client_sent_header}, {visitor}" if client_sent_header else visitor
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)


@pytest.fixture
def one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


# Forged headers a visitor may send ahead of the proxy's entry: another address, the
# administrator's, a list, and text that a lenient parser would let swallow the proxy's entry.
FORGED = [ALICE, f"{BOB}, {ALICE}", f'{ALICE}, "', f'for="{ALICE}', "unknown", " , ,"]


# The rule itself


@pytest.mark.parametrize(
    "header, count, expected",
    [
        (None, 0, PROXY),
        (ALICE, 0, PROXY),  # no trusted proxy: the header is ignored
        (ALICE, 1, ALICE),
        (f"{BOB}, {ALICE}", 1, ALICE),  # the visitor sent BOB; nginx appended ALICE
        (f'{BOB}, ", {ALICE}', 1, ALICE),  # an unbalanced quote swallows nothing
        (f"{BOB}, {ALICE}, 10.0.0.1", 2, ALICE),  # a CDN then nginx
        (ALICE, 2, PROXY),  # fewer entries than proxies: did not come through all of them
        (None, 1, PROXY),  # straight to the application (a health check)
        ("not-an-address", 1, PROXY),
        ("2001:db8::1", 1, "2001:db8::1"),
    ],
)
def test_the_visitor_is_the_entry_the_last_trusted_proxy_appended(header, count, expected):
    meta = {"REMOTE_ADDR": PROXY}
    if header is not None:
        meta["HTTP_X_FORWARDED_FOR"] = header
    assert client_address_from(meta, count) == expected


# Comment rate limits


def accepted(response) -> bool:
    """Taken in: stored, or waiting for its e-mail confirmation (not refused with a 429)."""
    return response.status_code in (200, 302) and "Please wait" not in response.text


def test_two_visitors_behind_the_proxy_have_their_own_comment_allowance(one_proxy, settings, dual):
    settings.COMMENT_RATE_PER_IP = "2/h"
    alice, bob = through_proxy(visitor=ALICE), through_proxy(visitor=BOB)
    for n in range(2):
        assert accepted(post_comment(alice, dual, comment=f"Alice {n}"))
    assert post_comment(alice, dual, comment="Alice again").status_code == 429

    assert accepted(post_comment(bob, dual, comment="Bob"))  # "check your e-mail"


@pytest.mark.parametrize("forged", FORGED)
def test_a_forged_header_buys_no_more_comments(one_proxy, settings, dual, forged):
    settings.COMMENT_RATE_PER_IP = "2/h"
    for n in range(2):
        assert accepted(post_comment(through_proxy(visitor=ATTACKER), dual, comment=f"A{n}"))

    response = post_comment(through_proxy(forged, visitor=ATTACKER), dual, comment="Forged")

    assert response.status_code == 429
    # Alice, whose address the attacker may have written, still has her whole allowance.
    assert accepted(post_comment(through_proxy(visitor=ALICE), dual, comment="Alice"))


def test_a_comment_is_stored_with_the_visitors_address(one_proxy, settings, dual):
    settings.MODERATION_MODE = "post"
    account = verified_account("palesa@example.org")
    palesa = through_proxy(f"{BOB}", visitor=ALICE)
    palesa.force_login(account)

    assert post_comment(palesa, dual, comment="From Alice's address.").status_code == 302

    assert SectionComment.objects.get().ip_address == ALICE


def test_without_trusted_proxies_the_header_is_ignored(settings, dual):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.COMMENT_RATE_PER_IP = "2/h"
    for n in range(2):
        assert accepted(post_comment(through_proxy(visitor=ALICE), dual, comment=f"A{n}"))

    # Every request comes from the proxy's address: Bob shares it, whatever the header says.
    assert post_comment(through_proxy(visitor=BOB), dual, comment="Bob").status_code == 429


# django-axes: five wrong passwords for one account pause that account from one address


def admin_sign_in(client, password):
    return client.post(reverse("wagtailadmin_login"), {"username": "admin", "password": password})


def test_an_attacker_behind_the_proxy_cannot_lock_the_administrator_out(one_proxy, admin_user):
    attacker = through_proxy(visitor=ATTACKER)
    for _ in range(4):
        assert admin_sign_in(attacker, "guess").status_code == 200
    assert admin_sign_in(attacker, "guess").status_code == 429

    assert admin_sign_in(through_proxy(visitor=ALICE), "password").status_code == 302
    assert AccessAttempt.objects.get().ip_address == ATTACKER


@pytest.mark.parametrize("forged", FORGED)
def test_a_forged_header_neither_escapes_the_pause_nor_locks_out_another_address(
    one_proxy, admin_user, forged
):
    for _ in range(5):
        admin_sign_in(through_proxy(forged, visitor=ATTACKER), "guess")

    # The attacker wrote Alice's address in the header: the pause is on theirs, not hers.
    assert admin_sign_in(through_proxy(visitor=ATTACKER), "password").status_code == 429
    assert admin_sign_in(through_proxy(visitor=ALICE), "password").status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_without_trusted_proxies_a_lock_out_reaches_everyone_behind_the_proxy(settings, admin_user):
    """Today's behaviour, kept when TRUSTED_PROXY_COUNT is 0: the header means nothing."""
    settings.TRUSTED_PROXY_COUNT = 0
    for _ in range(5):
        admin_sign_in(through_proxy(visitor=ATTACKER), "guess")

    assert admin_sign_in(through_proxy(visitor=ALICE), "password").status_code == 429
    assert AccessAttempt.objects.get().ip_address == PROXY


# allauth's limit on failed sign-ins per address, across accounts (password spraying)


def verified_account(email):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(email.split("@")[0], email, PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def stakeholder_sign_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def spray(client, count=10):
    """Wrong passwords on `count` different accounts: one failure each, below axes' limit."""
    for n in range(count):
        response = stakeholder_sign_in(client, f"person{n}@example.org", "guess")
        assert response.status_code == 200
        assert "are not correct" in response.text


TOO_MANY = "Too many failed login attempts"


def test_password_spraying_pauses_the_sprayer_only(one_proxy, db):
    verified_account("alice@example.org")
    spray(through_proxy(visitor=ATTACKER))

    refused = stakeholder_sign_in(through_proxy(visitor=ATTACKER), "person99@example.org", "g")
    assert TOO_MANY in refused.text

    alice = through_proxy(visitor=ALICE)
    assert stakeholder_sign_in(alice, "alice@example.org", PASSWORD).status_code == 302


@pytest.mark.parametrize("forged", FORGED)
def test_a_forged_header_does_not_escape_allauths_limit(one_proxy, db, forged):
    spray(through_proxy(visitor=ATTACKER))

    refused = stakeholder_sign_in(
        through_proxy(forged, visitor=ATTACKER), "person99@example.org", "guess"
    )

    assert TOO_MANY in refused.text


def test_without_trusted_proxies_allauths_limit_is_the_proxys(settings, db):
    settings.TRUSTED_PROXY_COUNT = 0
    verified_account("alice@example.org")
    spray(through_proxy(visitor=ATTACKER))

    refused = stakeholder_sign_in(through_proxy(visitor=ALICE), "alice@example.org", PASSWORD)

    assert TOO_MANY in refused.text


# The setting


@pytest.mark.parametrize("value", ["one", "-1", "1.5"])
def test_a_proxy_count_that_is_not_a_whole_number_stops_the_site_with_a_clear_error(
    tmp_path, value
):
    from tests.consultation.test_production_settings import SAMPLE, run_with

    result = run_with(
        {**SAMPLE, "TRUSTED_PROXY_COUNT": value}, "manage.py", "check", tmp_path=tmp_path
    )

    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT must be a whole number, 0 or more" in result.stderr


def test_the_proxy_count_comes_from_the_environment(tmp_path):
    from tests.consultation.test_production_settings import SAMPLE, run_with

    result = run_with(
        {**SAMPLE, "TRUSTED_PROXY_COUNT": "1"},
        "-c",
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.TRUSTED_PROXY_COUNT)",
        tmp_path=tmp_path,
    )

    assert result.stdout.strip() == "1", result.stderr
