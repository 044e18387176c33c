"""Two-step verification of the team (drafters, moderators, administrators) through the real
pages: a password alone opens nothing; codes are computed from the secret the set-up page
shows, as an authenticator app does."""

import base64
import datetime
import io
import re
import time

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

SET_UP = reverse("second_factor_set_up")
VERIFY = reverse("second_factor_verify")
ADMIN = reverse("wagtailadmin_home")


@pytest.fixture
def required(settings):
    settings.SECOND_FACTOR_REQUIRED = True


def admin_sign_in(client, username="drafter", password="pw"):  # noqa: S107
    response = client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": password}
    )
    assert response.status_code == 302, "the password is right"
    return response


def code_from(secret: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for `secret` (base32, as typed) now, or a period on."""
    key = secret.replace(" ", "")
    totp = TOTP(base64.b32decode(key + "=" * (-len(key) % 8)), step=30, t0=0, digits=6)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def secret_on(page_html: str) -> str:
    return re.search(r'<code class="second-factor-secret">([A-Z2-7 ]+)</code>', page_html)[1]


def set_up_app(client, codes_typed: list | None = None) -> tuple[str, list[str]]:
    """Through the set-up page: read the secret, confirm with the app's code (appended to
    `codes_typed` when given). Returns the secret and the recovery codes shown."""
    page = client.get(SET_UP)
    assert page.status_code == 200
    secret = secret_on(page.text)
    code = code_from(secret)
    if codes_typed is not None:
        codes_typed.append(code)
    shown = client.post(SET_UP, {"code": code, "next": ADMIN})
    assert "Two-step verification is set up" in shown.text
    return secret, re.findall(r"<li><code>([a-z2-7]{8})</code></li>", shown.text)


def sign_out(client):
    client.post(reverse("wagtailadmin_logout"))


def test_a_password_alone_opens_nothing_for_a_team_member(client, drafter, required, home):
    response = admin_sign_in(client)

    assert client.get(response.url).url == f"{SET_UP}?next={ADMIN}"
    for path in (ADMIN, reverse("wagtailadmin_explore_root"), "/", reverse("search")):
        response = client.get(path)
        assert response.status_code == 302 and response.url.startswith(SET_UP), path
    # A form sent without the second factor does nothing either.
    assert client.post(reverse("wagtailadmin_pages:add_subpage", args=[home.pk])).url == SET_UP


def test_a_team_member_sets_up_an_app_and_reaches_the_admin(client, drafter, required):
    admin_sign_in(client)
    page = client.get(f"{SET_UP}?next={ADMIN}pages/")
    assert "<svg" in page.text  # the QR code
    secret = secret_on(page.text)
    device = TOTPDevice.objects.get(user=drafter)
    assert not device.confirmed
    assert base64.b32encode(device.bin_key).decode().rstrip("=") == secret.replace(" ", "")
    assert "National%20Diaspora%20Policy%20consultation" in device.config_url  # the issuer

    wrong = client.post(SET_UP, {"code": "000000" if code_from(secret) != "000000" else "111111"})
    assert "That code is not right" in wrong.text
    assert client.get(ADMIN).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    TOTPDevice.objects.filter(pk=device.pk).update(  # the one-second wait after it has passed
        throttling_failure_timestamp=device.throttling_failure_timestamp
        - datetime.timedelta(seconds=2)
    )

    shown = client.post(SET_UP, {"code": code_from(secret), "next": f"{ADMIN}pages/"})

    assert "Two-step verification is set up" in shown.text
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", shown.text)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert f'href="{ADMIN}pages/"' in shown.text
    assert client.get(ADMIN).status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert StaticDevice.objects.get(user=drafter).token_set.count() == 10


def test_the_next_sign_in_asks_for_the_apps_code_and_counts_wrong_ones(client, drafter, required):
    admin_sign_in(client)
    secret, _ = set_up_app(client)
    sign_out(client)
    admin_sign_in(client)

    assert client.get(ADMIN).url == f"{VERIFY}?next={ADMIN}"
    assert client.post(VERIFY, {"code": ""}).status_code == 200
    assert client.get(ADMIN).status_code == 302  # no code, no admin

    wrong = client.post(VERIFY, {"code": "12345" + ("9" if code_from(secret)[-1] != "9" else "8")})
    assert "That code is not right" in wrong.text
    device = TOTPDevice.objects.get(user=drafter)
    assert device.throttling_failure_count == 1
    # Right after a wrong code, even the right one waits: guessing is slowed down.
    right = code_from(secret, steps_ahead=1)
    waiting = client.post(VERIFY, {"code": right})
    assert waiting.status_code == 429 and "Too many wrong codes: wait" in waiting.text
    assert client.get(ADMIN).status_code == 302

    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=device.throttling_failure_timestamp
        - datetime.timedelta(seconds=2)
    )
    passed = client.post(VERIFY, {"code": right, "next": f"{ADMIN}pages/"})

    assert passed.url == f"{ADMIN}pages/"
    assert client.get(ADMIN).status_code == 200
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_the_wait_grows_with_each_wrong_code(client, drafter, required):
    admin_sign_in(client)
    secret, _ = set_up_app(client)
    sign_out(client)
    admin_sign_in(client)
    wrong = "99999" + ("8" if code_from(secret)[-1] != "8" else "7")
    device = TOTPDevice.objects.get(user=drafter)
    for count in range(1, 5):
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
        client.post(VERIFY, {"code": wrong})
        device.refresh_from_db()
        assert device.throttling_failure_count == count
    waiting = client.post(VERIFY, {"code": wrong})
    assert re.search(r"wait ([5-8]) seconds", waiting.text), "the fourth failure waits 8 s"


def test_a_code_is_used_once(client, drafter, required):
    admin_sign_in(client)
    typed = []
    set_up_app(client, typed)
    sign_out(client)
    admin_sign_in(client)

    # The very code typed at the set-up, not the code of the moment: on a loaded machine a
    # new 30-second period may have begun since, and its code would rightly be accepted.
    replay = client.post(VERIFY, {"code": typed[0]})

    assert "That code is not right" in replay.text


def test_a_recovery_code_lets_in_once(client, drafter, required):
    admin_sign_in(client)
    _, codes = set_up_app(client)
    sign_out(client)
    admin_sign_in(client)

    assert client.post(VERIFY, {"code": codes[0].upper()}).url == ADMIN
    assert client.get(ADMIN).status_code == 200
    sign_out(client)
    admin_sign_in(client)
    assert "That code is not right" in client.post(VERIFY, {"code": codes[0]}).text
    assert StaticDevice.objects.get(user=drafter).token_set.count() == 9


def test_a_stolen_password_cannot_set_up_another_app(client, drafter, required):
    admin_sign_in(client)
    set_up_app(client)
    sign_out(client)
    admin_sign_in(client)  # the thief, with the password alone

    assert client.get(SET_UP).url.startswith(VERIFY)
    assert client.post(SET_UP, {"code": "123456"}).url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=drafter).count() == 1
    assert client.get(ADMIN).status_code == 302


def test_signing_in_on_the_stakeholders_form_does_not_skip_the_second_factor(
    client, drafter, required
):
    EmailAddress.objects.create(user=drafter, email=drafter.email, verified=True, primary=True)
    response = client.post(
        reverse("account_login"), {"login": drafter.email, "password": "pw"}, follow=True
    )

    assert response.redirect_chain[-1][0].startswith(SET_UP)
    assert "_auth_user_id" in client.session
    assert client.get(ADMIN).url.startswith(SET_UP)


def test_where_the_code_page_sends_back_stays_on_the_site(client, drafter, required):
    admin_sign_in(client)
    secret = secret_on(client.get(SET_UP).text)

    shown = client.post(SET_UP, {"code": code_from(secret), "next": "https://evil.example/"})

    assert "evil.example" not in shown.text
    assert f'href="{ADMIN}"' in shown.text


def test_stakeholders_are_never_asked(client, db, django_user_model, required, home):
    stakeholder = django_user_model.objects.create_user("lerato", "lerato@example.org", "pw")
    client.force_login(stakeholder)

    assert client.get("/").status_code == 200
    assert client.get(VERIFY).url == ADMIN  # nothing to do there: on to where they were going


# Without SECOND_FACTOR_REQUIRED (development, the tests' default)


def test_without_the_requirement_a_team_member_without_an_app_signs_in_as_before(client, drafter):
    admin_sign_in(client)

    assert client.get(ADMIN).status_code == 200


def test_without_the_requirement_an_app_set_up_is_still_asked_for(client, drafter, settings):
    settings.SECOND_FACTOR_REQUIRED = True
    admin_sign_in(client)
    set_up_app(client)
    sign_out(client)
    settings.SECOND_FACTOR_REQUIRED = False

    admin_sign_in(client)

    assert client.get(ADMIN).url.startswith(VERIFY)


# Resetting a lost phone


@pytest.fixture
def enrolled_drafter(client, drafter, required):
    """The drafter, with an app set up, signed in with both factors in `client`."""
    admin_sign_in(client)
    set_up_app(client)
    return drafter


def test_an_administrator_resets_a_lost_phone(
    client, enrolled_drafter, admin_user, second_factor_passed, django_user_model
):
    from django.test import Client

    administrator = Client()
    second_factor_passed(administrator, admin_user)
    listing = administrator.get(reverse("wagtailusers_users:index")).text
    reset_url = reverse("second_factor_reset", args=[enrolled_drafter.pk])
    assert reset_url in listing and "Reset two-step verification" in listing

    assert "will no longer be able to sign in" in administrator.get(reset_url).text
    response = administrator.post(reset_url, follow=True)

    assert "Two-step verification of drafter was reset" in response.text
    assert not TOTPDevice.objects.filter(user=enrolled_drafter).exists()
    assert not StaticDevice.objects.filter(user=enrolled_drafter).exists()
    # The drafter's session that passed with the old app is asked to set up a new one.
    assert client.get(ADMIN).url.startswith(SET_UP)
    entry = ModelLogEntry.objects.get(action="consultation.second_factor_reset")
    assert (entry.object_id, entry.user_id) == (str(enrolled_drafter.pk), admin_user.pk)


def test_only_administrators_reset(client, enrolled_drafter, django_user_model, admin_user):
    url = reverse("second_factor_reset", args=[admin_user.pk])
    TOTPDevice.objects.create(user=admin_user, name="app", confirmed=True)

    refused = client.post(url, follow=True)

    assert refused.redirect_chain == [(ADMIN, 302)]
    assert "do not have permission" in refused.text
    assert TOTPDevice.objects.filter(user=admin_user).exists()


def test_the_reset_command_for_when_no_administrator_can_sign_in(enrolled_drafter):
    out = io.StringIO()
    call_command("reset_second_factor", "drafter@example.org", stdout=out)

    assert "drafter" in out.getvalue() and "sets up a new app" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=enrolled_drafter).exists()
    with pytest.raises(CommandError, match="No account"):
        call_command("reset_second_factor", "nobody@example.org")


# The tests' own way in, for admin tests run with the requirement on


def test_a_moderator_passed_through_the_fixture_reaches_the_moderation_queue(
    client, db, django_user_model, required, second_factor_passed
):
    moderator = django_user_model.objects.create_user("mpho", "mpho@example.org", "pw")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    second_factor_passed(client, moderator)

    assert client.get(ADMIN).status_code == 200


# Production


def test_production_requires_the_second_factor(tmp_path):
    from tests.consultation.test_production_settings import SAMPLE, run_with

    result = run_with(
        {**SAMPLE, "SECOND_FACTOR_REQUIRED": "false"},
        "-c",
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SECOND_FACTOR_REQUIRED)",
        tmp_path=tmp_path,
    )

    assert result.stdout.strip() == "True", result.stderr
