"""Who is speaking: the tags that every comment and written submission carries."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ..enums import AgeGroup, Gender, PublicIdentity


class SpeakerTags(models.Model):
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices)
    sector = models.ForeignKey(
        "consultation.Sector", on_delete=models.PROTECT, related_name="+", verbose_name=_("sector")
    )
    country = CountryField(_("country of residence"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    on_behalf_of_organisation = models.BooleanField(
        _("made on behalf of the organisation"), default=False
    )
    age_group = models.CharField(
        _("age group"), max_length=20, choices=AgeGroup.choices, blank=True
    )
    public_identity = models.CharField(
        _("shown publicly as"),
        max_length=20,
        choices=PublicIdentity.choices,
        default=PublicIdentity.NAMED,
    )

    class Meta:
        abstract = True

    @property
    def public_name(self) -> str:
        """The name the public sees: the commenter's name, their organisation when they speak
        for it, or "Anonymous"."""
        if self.public_identity == PublicIdentity.ANONYMOUS:
            return str(_("Anonymous"))
        name = self.speaker_name
        if self.on_behalf_of_organisation and self.organisation:
            if not name or name == self.organisation:
                return self.organisation
            return f"{name} ({self.organisation})"
        return name or str(_("Anonymous"))
