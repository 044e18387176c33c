"""Word exports asked for in the admin, written by a worker so that a large draft never ties
up a web process: Django's task framework (django-tasks) with its database queue, worked
through by `manage.py db_worker --backend background`."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from ..enums import ExportStatus
from ..models import FeedbackExport
from ..review.filters import FeedbackSelection
from ..review.publication import responses_published
from .word import export_feedback


def feedback_export_request(*, draft, user, public: bool, query: dict) -> FeedbackExport:
    """Record the request and queue it, in one transaction: the worker sees both or neither."""
    selection = FeedbackSelection(query)
    if not (errors := selection.errors()) and public:
        errors = selection.public_errors(responses_public=responses_published(draft))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        export = FeedbackExport.objects.create(
            draft=draft,
            requested_by=user,
            public=public,
            query=selection.query,
            sections_total=draft.sections.count(),
        )
        write_feedback_export.enqueue(export.pk)
    return export


@task(backend="background")
def write_feedback_export(export_id: int) -> None:
    feedback_export_write(export_id=export_id)


def _filename(export: FeedbackExport) -> str:
    variant = "public" if export.public else "internal"
    stamp = timezone.localtime(export.requested_at).strftime("%Y%m%d-%H%M")
    policy = export.draft.get_parent().slug
    return f"{policy}-{export.draft.slug}-feedback-{variant}-{stamp}.docx"


class _Cancelled(Exception):
    """The export was cancelled while it was being written."""


def feedback_export_write(*, export_id: int) -> FeedbackExport:
    """Write the document of a requested export, keeping its progress on the row as each
    section is written. A finished export is never written again, nor a cancelled one.

    An erasure of someone's details cancels the exports that could hold them
    (consultation.personal_data). The worker may have read their name before that: so it
    stops at the next section when it finds its export cancelled, and saves the file only
    after checking again, with the row locked, that it still may."""
    export = FeedbackExport.objects.select_related("draft").get(pk=export_id)
    if export.status in {ExportStatus.DONE, ExportStatus.CANCELLED}:
        return export
    rows = FeedbackExport.objects.filter(pk=export.pk).exclude(
        status__in=[ExportStatus.DONE, ExportStatus.CANCELLED]
    )
    if not rows.update(status=ExportStatus.RUNNING, sections_done=0, error=""):
        return FeedbackExport.objects.get(pk=export.pk)  # cancelled meanwhile

    def advance(sections: int) -> None:
        if not rows.filter(status=ExportStatus.RUNNING).update(
            sections_done=F("sections_done") + sections
        ):
            raise _Cancelled

    buffer = io.BytesIO()
    try:
        export_feedback(
            draft=export.draft,
            output=buffer,
            public=export.public,
            filters=FeedbackSelection(export.query),
            progress=advance,
        )
    except _Cancelled:
        return FeedbackExport.objects.get(pk=export.pk)
    except Exception as error:
        rows.update(status=ExportStatus.FAILED, error=str(error), finished_at=timezone.now())
        raise
    with transaction.atomic():
        # Waits for an erasure that is cancelling it; sees its outcome once it commits.
        export = FeedbackExport.objects.select_for_update().get(pk=export.pk)
        if export.status != ExportStatus.RUNNING:
            return export
        export.file.save(_filename(export), ContentFile(buffer.getvalue()), save=False)
        export.status = ExportStatus.DONE
        export.finished_at = timezone.now()
        export.save(update_fields=["file", "status", "finished_at"])
    return export
