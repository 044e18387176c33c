"""Word exports of the consolidated feedback requested in the admin. A worker writes them in
the background; the row carries the request, the progress and, when done, the file."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import ExportStatus
from ..storage import private_storage


class FeedbackExport(models.Model):
    draft = models.ForeignKey(
        "policy_docs.DraftPage", on_delete=models.CASCADE, related_name="feedback_exports"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    public = models.BooleanField(_("public variant"), default=False)
    # The inbox's query string values (filters and text search) when the export was asked for.
    query = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    sections_done = models.PositiveIntegerField(default=0)
    sections_total = models.PositiveIntegerField(default=0)
    file = models.FileField(storage=private_storage, upload_to="exports/%Y/%m/", blank=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("feedback export")
        ordering = ["-requested_at"]

    def __str__(self):
        variant = _("public") if self.public else _("internal")
        return f"{self.draft} ({variant}) {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def percent_done(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        return round(100 * self.sections_done / self.sections_total) if self.sections_total else 0

    @property
    def in_progress(self) -> bool:
        return self.status in {ExportStatus.QUEUED, ExportStatus.RUNNING}

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""
