"""What every comment and written submission records about its personal data: the consent
given with it and, once its author's details are erased, when (see consultation.personal_data)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonalDataRecord(models.Model):
    consent_given_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    privacy_notice_version = models.CharField(
        _("privacy notice agreed to"), max_length=20, blank=True
    )
    erased_at = models.DateTimeField(_("personal details erased"), null=True, blank=True)
    # Stands in for the erased author in the counts of people of "What we heard": random, the
    # same for all of one person's contributions to one draft, and linked to no one.
    erased_as = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        abstract = True
