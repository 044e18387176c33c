from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..storage import private_storage
from .personal_data import PersonalDataRecord
from .tagging import SpeakerTags


class WrittenSubmissionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_public=True, is_removed=False)


def attachment_path(instance, filename):
    return f"submissions/{timezone.now():%Y/%m}/{filename}"


class WrittenSubmission(SpeakerTags, PersonalDataRecord):
    """A formal submission on a whole draft (often an organisation's letter), with an optional
    attachment that stays private unless a moderator publishes it."""

    draft = models.ForeignKey(
        "policy_docs.DraftPage", on_delete=models.PROTECT, related_name="written_submissions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail address"))
    text = models.TextField(_("submission"))
    attachment = models.FileField(
        _("attachment"), upload_to=attachment_path, storage=private_storage, blank=True
    )
    attachment_is_public = models.BooleanField(_("attachment published"), default=False)
    submit_date = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    is_public = models.BooleanField(_("approved"), default=False)
    is_removed = models.BooleanField(_("removed"), default=False)

    objects = WrittenSubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-submit_date"]
        verbose_name = _("written submission")

    def __str__(self):
        return f"{self.public_name} on {self.draft}"

    @property
    def speaker_name(self) -> str:
        return self.name
