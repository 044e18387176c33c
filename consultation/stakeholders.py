"""Stakeholders' accounts: what they told us once, to fill in their next comment."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from .models import StakeholderProfile


def email_confirmed(user) -> bool:
    """Whether a signed-in stakeholder has confirmed their account's address. Until then no
    e-mail about replies or answers goes to it: anyone can sign up with anyone's address."""
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def comment_defaults_for(user) -> dict:
    """Initial values of a comment form for `user` (empty for anonymous visitors)."""
    if not user.is_authenticated:
        return {}
    profile = StakeholderProfile.objects.filter(user=user).first()
    values = {"name": user.get_full_name(), "email": user.email}
    if profile is not None:
        values.update(
            name=profile.display_name or values["name"],
            gender=profile.gender,
            sector=profile.sector_id,
            country=str(profile.country or ""),
            organisation=profile.organisation,
            age_group=profile.age_group,
        )
    return {key: value for key, value in values.items() if value}


def sign_in_name(request, credentials: dict | None) -> str:
    """The account a sign-in was tried on, for the brute-force protection (django-axes): its
    e-mail address, whether it was typed on the stakeholders' form or found from the username
    typed in Wagtail's admin (axes also names the account by its username after a success).
    Lower-cased, so that changing the case buys no more attempts."""
    credentials = credentials or {}
    name = credentials.get("email") or credentials.get("username")
    if name is None:
        name = request.POST.get("login") or request.POST.get("username") or ""
    name = name.strip()
    if "@" not in name:
        account = get_user_model().objects.filter(username=name).exclude(email="").first()
        if account is not None:
            name = account.email
    return name.lower()
