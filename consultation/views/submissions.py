"""Written submissions: the form on a draft, the thank-you page, and attachments that only
drafters (or, once published, everyone) may download."""

import logging
from http import HTTPStatus

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from policy_docs import visibility
from policy_docs.models import DraftPage

from ..client_addresses import client_address
from ..commenting import posting_rate_limited
from ..discussion import closed_message
from ..forms.submissions import WrittenSubmissionForm
from ..models import WrittenSubmission
from ..stakeholders import comment_defaults_for, email_confirmed
from ..storage import StorageFullError
from ..submissions import submission_create
from .comments import _refuse, refuse_unconfirmed_account

logger = logging.getLogger(__name__)


def submission_form(request, draft_id):
    draft = get_object_or_404(DraftPage.objects.live(), pk=draft_id)
    if refused := visibility.visible_or_refusal(draft, request):
        return refused
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not email_confirmed(request.user):
        status = HTTPStatus.FORBIDDEN if request.method == "POST" else HTTPStatus.OK
        return refuse_unconfirmed_account(request, status=status)
    if not draft.is_open_for_comments():
        status = HTTPStatus.FORBIDDEN if request.method == "POST" else HTTPStatus.OK
        return _refuse(request, status, _("Submissions are closed"), closed_message(draft))
    form = WrittenSubmissionForm(
        request.POST or None, request.FILES or None, initial=comment_defaults_for(request.user)
    )
    status = HTTPStatus.OK
    if request.method == "POST":
        if not form.is_valid() and form.has_forged_values():
            forged = _("The form was altered, so nothing was saved. Reload the page and try again.")
            return _refuse(request, HTTPStatus.BAD_REQUEST, _("Submission not saved"), forged)
        if posting_rate_limited(request):
            message = _("You have sent many contributions in a short time. Please wait an hour "
                        "and try again; nothing was saved.")  # fmt: skip
            return _refuse(request, HTTPStatus.TOO_MANY_REQUESTS, _("Please wait"), message)
        if form.is_valid():
            try:
                submission = submission_create(
                    form=form,
                    draft=draft,
                    user=request.user,
                    ip_address=client_address(request),
                )
            except StorageFullError as error:
                logger.error("Submission on draft %s not saved, storage full: %s", draft.pk, error)
                full = _("We could not save your file because the server's storage is full; "
                         "nothing was saved, please try later.")  # fmt: skip
                form.add_error("attachment", full)
                status = HTTPStatus.SERVICE_UNAVAILABLE  # the text stays in the form
            else:
                return redirect("submission_done", submission.pk)
    context = {"form": form, "draft": draft, "demo_content": draft.policy.is_demonstration}
    return render(request, "consultation/submission_form.html", context, status=status)


def submission_done(request, submission_id):
    """The thank-you page, for the account that sent the submission only. A visitor who is
    not signed in has no submission (erased ones have no account either): 404, as for one
    that does not exist."""
    if not request.user.is_authenticated:
        raise Http404
    submission = get_object_or_404(WrittenSubmission, pk=submission_id, user=request.user)
    if refused := visibility.visible_or_refusal(submission.draft, request):
        return refused
    return render(request, "consultation/submission_done.html", {"submission": submission})


def submission_attachment(request, submission_id):
    """Drafters may always read an attachment; the public only once a moderator published it,
    and only if they may see its draft."""
    submission = get_object_or_404(WrittenSubmission, pk=submission_id)
    published = (
        submission.attachment_is_public and submission.is_public and not submission.is_removed
    )
    drafter = request.user.has_perm("wagtailadmin.access_admin")
    if not submission.attachment or not (published or drafter):
        raise Http404
    if not drafter and (refused := visibility.visible_or_refusal(submission.draft, request)):
        return refused
    name = submission.attachment.name.rsplit("/", 1)[-1]
    return FileResponse(submission.attachment.open("rb"), as_attachment=True, filename=name)
