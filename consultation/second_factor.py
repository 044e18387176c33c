"""A second factor for everyone who can reach the Wagtail admin (drafters, moderators,
administrators): a code from an authenticator app (TOTP, django-otp), with single-use recovery
codes for a lost phone.

A session signed in with a password alone, through Wagtail's sign-in form or the stakeholders'
(allauth), is held at the second-factor page until it passes: on every page of the site, not
only the admin's, since a team member's account also opens private attachments and restricted
pages. SECOND_FACTOR_REQUIRED (always on in production) makes every such account set up an
app first; without it, only accounts that have set one up are asked for a code."""

import base64
import enum
import logging

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10
ADMIN_ACCESS = "wagtailadmin.access_admin"


class Step(enum.Enum):
    """What a signed-in session still has to do before the site lets it on."""

    SET_UP = "second_factor_set_up"
    VERIFY = "second_factor_verify"


def can_reach_admin(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(ADMIN_ACCESS)


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def second_factor_step(request) -> Step | None:
    """The step a request's session must take first, or None when it may go on."""
    user = request.user
    if not user.is_authenticated or user.is_verified() or not can_reach_admin(user):
        return None
    if has_authenticator(user):
        return Step.VERIFY
    if settings.SECOND_FACTOR_REQUIRED:
        return Step.SET_UP
    return None


def safe_next(request, default=None) -> str:
    """Where to go once the step is done: the page asked for, if it is on this site."""
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or reverse("wagtailadmin_home")


# Setting up an authenticator app


def totp_set_up_start(*, user) -> TOTPDevice:
    """The unconfirmed authenticator of a team member setting one up: the same secret while
    they go back and forth, a new one once it is confirmed or reset."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def totp_secret(device: TOTPDevice) -> str:
    """The secret as an app takes it typed in: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// address of the device as an SVG QR code, for the app's camera."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode")


def totp_set_up_confirm(*, request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the app with a code it shows. On success the device is the account's second
    factor, the session has passed it, and the account gets new recovery codes (returned,
    to be shown once); None when the code is wrong."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, confirmed=False)
        if not device.verify_token(_digits(token)):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        codes = recovery_codes_renew(user=device.user)
    otp_login(request, device)
    logger.info("Second factor set up for user %s", device.user.pk)
    return codes


def recovery_codes_renew(*, user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


# Passing the second factor


class Outcome(enum.Enum):
    PASSED = "passed"
    WRONG = "wrong"
    WAIT = "wait"


def second_factor_check(*, request, token: str) -> tuple[Outcome, int]:
    """Check a code from the app (six digits) or a recovery code (used up). Each wrong code
    makes the next try wait longer (django-otp's throttling: 1, 2, 4, … seconds, per device,
    kept in the database for every worker); a code sent while waiting is refused unread.
    Returns the outcome and, for WAIT, the seconds left."""
    user = request.user
    token = token.strip().replace(" ", "").replace("-", "").lower()
    digits = token.isdigit() and len(token) == 6
    model = TOTPDevice if digits else StaticDevice
    with transaction.atomic():
        devices = model.objects.devices_for_user(user, confirmed=True).select_for_update()
        for device in devices:
            seconds = wait_seconds(device)
            if seconds:
                return Outcome.WAIT, seconds
            if device.verify_token(token):
                break
        else:
            logger.warning("Wrong second-factor code for user %s", user.pk)
            return Outcome.WRONG, 0
    otp_login(request, device)
    return Outcome.PASSED, 0


def wait_seconds(device) -> int:
    """How long the device refuses codes after wrong ones (0: it takes one now)."""
    allowed, details = device.verify_is_allowed()
    if allowed:
        return 0
    left = (details["locked_until"] - timezone.now()).total_seconds()
    return max(1, int(left + 0.999))


def _digits(token: str) -> str:
    return token.strip().replace(" ", "")


# Resetting


def second_factor_reset(*, user, by=None) -> int:
    """Remove a team member's authenticator and recovery codes (a lost phone): their next
    sign-in sets up a new app. Sessions that passed with the old one are asked again. Returns
    how many devices were removed."""
    with transaction.atomic():
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        recovery, _ = StaticDevice.objects.filter(user=user).delete()
    if by is not None:
        from wagtail.log_actions import log

        log(instance=user, action=SECOND_FACTOR_RESET, user=by)
    logger.warning("Second factor of user %s reset by %s", user.pk, getattr(by, "pk", "command"))
    return removed + recovery


SECOND_FACTOR_RESET = "consultation.second_factor_reset"


class SecondFactorMiddleware:
    """After django-otp's OTPMiddleware: sends a session that still has to set up or pass its
    second factor to that page, from anywhere but that page and signing out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        step = second_factor_step(request)
        if step is not None and request.path_info not in _open_paths():
            target = reverse(step.value)
            if request.method == "GET":
                return redirect(f"{target}?{REDIRECT_FIELD_NAME}={_quoted(request)}")
            return redirect(target)
        return self.get_response(request)


def _quoted(request) -> str:
    from urllib.parse import quote

    return quote(request.get_full_path(), safe="/")


def _open_paths() -> set[str]:
    """The step's own pages, signing out, and what the admin's pages load around them (its
    icons and interface strings: nothing of the site's)."""
    return {
        reverse(Step.SET_UP.value),
        reverse(Step.VERIFY.value),
        reverse("wagtailadmin_logout"),
        reverse("account_logout"),
        reverse("wagtailadmin_sprite"),
        reverse("wagtailadmin_javascript_catalog"),
    }
