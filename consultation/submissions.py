"""Written submissions on a whole draft: checking an attachment by its content, storing a
submission and acknowledging it."""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .enums import ModerationMode
from .models import WrittenSubmission

ALLOWED_ATTACHMENT_TYPES = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.oasis.opendocument.text": "ODT",
}


def check_attachment(upload) -> None:
    """Refuse a file over the size limit or whose content is not a PDF, DOCX or ODT document,
    whatever its name or the type the browser claimed."""
    limit = settings.SUBMISSION_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size).1f MB; the limit is %(limit)d MB.")
            % {"size": upload.size / 1024 / 1024, "limit": limit // 1024 // 1024}
        )
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    upload.seek(0)
    if kind is None or kind.mime not in ALLOWED_ATTACHMENT_TYPES:
        raise ValidationError(
            _("Attach a PDF, Word (.docx) or OpenDocument (.odt) file; this file is not one.")
        )


def submission_create(*, form, draft, user, ip_address) -> WrittenSubmission:
    """Store a validated submission form and send the acknowledgement e-mail."""
    with transaction.atomic():
        submission = form.save(commit=False)
        submission.draft = draft
        submission.user = user
        submission.email = user.email
        submission.ip_address = ip_address
        submission.is_public = settings.MODERATION_MODE == ModerationMode.POST
        # The form refuses a submission without consent.
        submission.consent_given_at = timezone.now()
        submission.privacy_notice_version = settings.PRIVACY_NOTICE_VERSION
        _save_with_attachment(submission)
    message = render_to_string(
        "consultation/email/submission_received.txt", {"submission": submission, "draft": draft}
    )
    send_mail(
        _("Your submission on %(draft)s") % {"draft": draft.title},
        message,
        settings.DEFAULT_FROM_EMAIL,
        [submission.email],
    )
    return submission


def _save_with_attachment(submission) -> None:
    """Save the row and its attachment, in the caller's transaction, whole or not at all: a
    failure leaves no part of the file behind (PrivateFileSystemStorage removes a file it
    could not finish, and raises StorageFullError for a full disk; a file stored for a row
    that could not be written is deleted here)."""
    try:
        submission.save()  # stores the attachment, then writes the row
    except BaseException:
        attachment = submission.attachment
        if attachment and attachment._committed:  # stored, but the row was not
            attachment.storage.delete(attachment.name)
        raise
