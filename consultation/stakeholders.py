"""Stakeholders' accounts: what they told us once, to fill in their next comment."""

from allauth.account.models import EmailAddress

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
