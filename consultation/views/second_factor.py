"""The second-factor pages of team members (consultation/second_factor.py): setting up an
authenticator app, typing its code after signing in, and an administrator's reset."""

from http import HTTPStatus

from django import forms
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from .. import second_factor
from ..second_factor import Outcome, Step


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


def _wait_message(seconds: int) -> str:
    return _("Too many wrong codes: wait %(seconds)d seconds, then type the newest code.") % {
        "seconds": seconds
    }


def _for_team_members(view):
    """These pages are for a signed-in team member who has still to pass a step; anyone else
    goes where they were going."""

    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('wagtailadmin_login')}?{REDIRECT_FIELD_NAME}={request.path}")
        if not second_factor.can_reach_admin(request.user) or request.user.is_verified():
            return redirect(second_factor.safe_next(request))
        return view(request, *args, **kwargs)

    return wrapped


@never_cache
@sensitive_post_parameters("code")
@_for_team_members
def second_factor_verify(request):
    """After the password: a code from the app, or one of the recovery codes."""
    if second_factor.second_factor_step(request) is Step.SET_UP:
        return redirect(f"{reverse(Step.SET_UP.value)}?{request.GET.urlencode()}")
    form = CodeForm(request.POST or None)
    status = HTTPStatus.OK
    if request.method == "POST" and form.is_valid():
        outcome, seconds = second_factor.second_factor_check(
            request=request, token=form.cleaned_data["code"]
        )
        if outcome is Outcome.PASSED:
            return redirect(second_factor.safe_next(request))
        if outcome is Outcome.WAIT:
            form.add_error("code", _wait_message(seconds))
            status = HTTPStatus.TOO_MANY_REQUESTS
        else:
            form.add_error(
                "code",
                _(
                    "That code is not right. Type the newest code your app shows, or a recovery "
                    "code."
                ),  # fmt: skip
            )
    context = {"form": form, "next": second_factor.safe_next(request)}
    return render(request, "consultation/admin/second_factor_verify.html", context, status=status)


@never_cache
@sensitive_post_parameters("code")
@_for_team_members
def second_factor_set_up(request):
    """A team member without an authenticator app sets one up: the QR code (or the secret to
    type), then a code from the app to prove it works; the recovery codes are shown once."""
    if second_factor.has_authenticator(request.user):
        # Only the code of the app already set up lets a session in: a stolen password must
        # not be enough to add the thief's own app.
        return redirect(f"{reverse(Step.VERIFY.value)}?{request.GET.urlencode()}")
    device = second_factor.totp_set_up_start(user=request.user)
    form = CodeForm(request.POST or None)
    status = HTTPStatus.OK
    if request.method == "POST" and form.is_valid():
        seconds = second_factor.wait_seconds(device)
        codes = None
        if not seconds:
            codes = second_factor.totp_set_up_confirm(
                request=request, device=device, token=form.cleaned_data["code"]
            )
        if codes is not None:
            context = {"codes": codes, "next": second_factor.safe_next(request)}
            return render(request, "consultation/admin/second_factor_recovery_codes.html", context)
        if seconds:
            form.add_error("code", _wait_message(seconds))
            status = HTTPStatus.TOO_MANY_REQUESTS
        else:
            form.add_error(
                "code",
                _(
                    "That code is not right. Check that your phone's clock is right and type the "
                    "newest code the app shows."
                ),  # fmt: skip
            )
    context = {
        "form": form,
        "next": second_factor.safe_next(request),
        "qr_code": second_factor.totp_qr_code_svg(device),
        "secret": second_factor.totp_secret(device),
        "required": second_factor.second_factor_step(request) is Step.SET_UP,
    }
    return render(request, "consultation/admin/second_factor_set_up.html", context, status=status)


def second_factor_reset(request, user_id):
    """An administrator removes a team member's app and recovery codes (a lost phone)."""
    if not request.user.is_superuser:
        raise PermissionDenied
    member = get_object_or_404(get_user_model(), pk=user_id)
    if request.method == "POST":
        second_factor.second_factor_reset(user=member, by=request.user)
        messages.success(
            request,
            _(
                "Two-step verification of %(name)s was reset: they set up an app at their next "
                "sign-in."
            )
            % {"name": member.get_username()},  # fmt: skip
        )
        return redirect("wagtailusers_users:index")
    context = {"member": member, "has_app": second_factor.has_authenticator(member)}
    return render(request, "consultation/admin/second_factor_reset.html", context)
