from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ..enums import AgeGroup, Gender


class StakeholderProfile(models.Model):
    """What a stakeholder tells us once, to fill in their next comment."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stakeholder_profile"
    )
    display_name = models.CharField(_("name shown with your comments"), max_length=100, blank=True)
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    sector = models.ForeignKey(
        "consultation.Sector",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sector"),
    )
    country = CountryField(_("country of residence"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    age_group = models.CharField(
        _("age group"), max_length=20, choices=AgeGroup.choices, blank=True
    )

    class Meta:
        verbose_name = _("stakeholder profile")

    def __str__(self):
        return self.display_name or self.user.get_username()


class AccountExpiryNotice(models.Model):
    """When the holder of an unused account was told that it would be erased (see
    consultation.personal_data.accounts_purge_unused). A sign-in after it makes it stale."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expiry_notice"
    )
    sent_at = models.DateTimeField()

    class Meta:
        verbose_name = _("account expiry notice")

    def __str__(self):
        return f"{self.user_id} {self.sent_at:%Y-%m-%d}"
