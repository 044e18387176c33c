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
from .word import export_feedback


def feedback_export_request(*, draft, user, public: bool, query: dict) -> FeedbackExport:
    """Record the request and queue it, in one transaction: the worker sees both or neither."""
    selection = FeedbackSelection(query)
    if errors := selection.errors() or (selection.public_errors() if public else []):
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


def feedback_export_write(*, export_id: int) -> FeedbackExport:
    """Write the document of a requested export, keeping its progress on the row as each
    section is written. A finished export is never written again."""
    export = FeedbackExport.objects.select_related("draft").get(pk=export_id)
    if export.status == ExportStatus.DONE:
        return export
    rows = FeedbackExport.objects.filter(pk=export.pk)
    rows.update(status=ExportStatus.RUNNING, sections_done=0, error="")

    def advance(sections: int) -> None:
        rows.update(sections_done=F("sections_done") + sections)

    buffer = io.BytesIO()
    try:
        export_feedback(
            draft=export.draft,
            output=buffer,
            public=export.public,
            filters=FeedbackSelection(export.query),
            progress=advance,
        )
    except Exception as error:
        rows.update(status=ExportStatus.FAILED, error=str(error), finished_at=timezone.now())
        raise
    export.refresh_from_db()
    export.file.save(_filename(export), ContentFile(buffer.getvalue()), save=False)
    export.status = ExportStatus.DONE
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "status", "finished_at"])
    return export
