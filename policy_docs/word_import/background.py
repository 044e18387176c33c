"""Word imports asked for in the admin, read by the task worker so that no web process ever
expands an uploaded document: Django's task framework (django-tasks) with its database queue,
worked through by `manage.py db_worker --backend background`, as the feedback exports are.

The web request checks only the upload's size and first bytes, keeps the file in the private
storage and queues the import; the worker reads it (in a capped child process: `sandbox`),
makes the draft or records the refusal, and deletes the file whatever the outcome."""

import io
import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from ..drafts import refuse_while_pending
from ..enums import DraftImportStatus
from ..models import DraftImport, DraftPage, PolicyPage
from . import draft_import_docx
from .checks import check_upload
from .errors import WordImportError
from .limits import ImportLimits
from .sandbox import longest_reading

logger = logging.getLogger(__name__)

# An import still reading this long after the longest a reading may take has lost its worker.
STALE_MARGIN_SECONDS = 60


def _stopped_message() -> str:
    """Said of an import whose worker stopped; translated when it is recorded."""
    return _("The import stopped before it finished; nothing was saved. Try again.")


def draft_imports_abandon_stale() -> int:
    """Imports whose worker stopped while it read them (killed, restarted) would show their
    progress and keep their upload for ever: once past the longest a reading may take, they
    are marked failed and their files deleted. Returns how many."""
    cutoff = timezone.now() - timedelta(
        seconds=longest_reading(ImportLimits.from_settings()) + STALE_MARGIN_SECONDS
    )
    stale = DraftImport.objects.filter(
        status__in=[DraftImportStatus.READING, DraftImportStatus.SAVING], started_at__lt=cutoff
    )
    for job in stale:
        job.file.delete(save=False)
    return stale.update(
        status=DraftImportStatus.FAILED,
        file="",
        message=_stopped_message(),
        finished_at=timezone.now(),
    )


def draft_import_request(*, policy: PolicyPage, upload, user, label: str = "") -> DraftImport:
    """Keep the uploaded file and queue its import, in one transaction: the worker sees both
    or neither. Refused at once (ValidationError) while a draft of the policy is unpublished,
    and (WordImportError) for a file whose size or first bytes already say it cannot be
    imported."""
    check_upload(upload)
    refuse_while_pending(list(DraftPage.objects.child_of(policy)))
    draft_imports_abandon_stale()
    job = DraftImport(
        policy=policy,
        requested_by=user,
        filename=(upload.name or "")[:255],
        label=label.strip(),
        language=translation.get_language() or "",
    )
    job.file.save("upload.docx", upload, save=False)
    try:
        with transaction.atomic():
            job.save()
            import_word_draft.enqueue(job.pk)
    except BaseException:
        job.file.delete(save=False)
        raise
    return job


@task(backend="background")
def import_word_draft(import_id: int) -> None:
    draft_import_run(import_id=import_id)


def draft_import_run(*, import_id: int) -> DraftImport:
    """Read a queued import's file and make the draft, keeping where it stands on the row.
    A refused document is recorded with its one-sentence reason (in the language of the
    request); nothing of it is saved. The uploaded file is deleted at the end, whatever the
    outcome; a finished import is never run again."""
    draft_imports_abandon_stale()
    job = DraftImport.objects.select_related("policy", "requested_by").get(pk=import_id)
    if not job.in_progress:
        return job
    with translation.override(job.language or None):
        _run(job)
    job.refresh_from_db()
    return job


def _run(job: DraftImport) -> None:
    rows = DraftImport.objects.filter(pk=job.pk)
    rows.update(status=DraftImportStatus.READING, started_at=timezone.now())
    # What is recorded unless the import ends otherwise (the worker stopped mid-way).
    outcome: dict = {"status": DraftImportStatus.FAILED, "message": _stopped_message()}
    try:
        with job.file.open("rb") as file:
            data = file.read()
        report = draft_import_docx(
            policy=job.policy.specific,
            file=io.BytesIO(data),
            user=job.requested_by,
            label=job.label,
            on_saving=lambda: rows.update(status=DraftImportStatus.SAVING),
        )
    except (WordImportError, ValidationError) as refusal:
        outcome.update(status=DraftImportStatus.REFUSED, message=refusal.messages[0])
    except Exception:
        logger.exception("The Word import %s failed", job.pk)  # the details, for the operator
        outcome["message"] = _(
            "The import stopped on an unexpected error; nothing was saved. The worker's log "
            "has the details."
        )
        raise
    else:
        outcome.update(
            status=DraftImportStatus.DONE,
            message="",
            draft=report.draft,
            report=report.as_data(),
        )
    finally:
        job.file.delete(save=False)
        rows.update(file="", finished_at=timezone.now(), **outcome)
