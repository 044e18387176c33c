"""Commenting on a section: the form page, the reply page, and the checks made before
django-comments' own posting view stores anything."""

from http import HTTPStatus

from django.conf import settings
from django.db import transaction
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_comments.views.comments import post_comment as comments_post_comment
from django_comments_xtd import signed
from django_comments_xtd import views as xtd_views

from policy_docs import visibility
from policy_docs.models import DraftSection

from ..commenting import is_duplicate, posting_rate_limited
from ..discussion import closed_message, section_threads_page
from ..forms.comments import SectionCommentForm
from ..models import SectionComment
from ..review.publication import responses_published
from ..stakeholders import comment_defaults_for, email_confirmed

SECTION_CONTENT_TYPE = "policy_docs.draftsection"


def _refuse(request, status, title, message, section=None):
    """A clear page saying why nothing was stored."""
    context = {"title": title, "message": message, "section": section}
    return render(request, "consultation/refused.html", context, status=status)


def _live_section(section_id):
    return get_object_or_404(
        DraftSection.objects.select_related("page"), pk=section_id, page__live=True
    )


def comment_form(request, section_id):
    """A section with all its comments and, while the draft is open, the form to comment."""
    section = _live_section(section_id)
    draft = section.page
    if refused := visibility.visible_or_refusal(draft, request):
        return refused
    form = None
    if draft.is_open_for_comments():
        form = SectionCommentForm(section, initial=comment_defaults_for(request.user))
    threads_page, threads = section_threads_page(section, request.GET.get("page"), request)
    context = {
        "section": section,
        "draft": draft,
        "form": form,
        "threads": threads,
        "threads_page": threads_page,
        "responses_published": responses_published(draft),
        "closed_message": None if form else closed_message(draft),
        "demo_content": draft.policy.is_demonstration,
    }
    return render(request, "consultation/comment_page.html", context)


def reply_form(request, comment_id):
    parent = get_object_or_404(
        SectionComment.objects.published().select_related("section__page", "sector"),
        pk=comment_id,
        section__page__live=True,
    )
    section, draft = parent.section, parent.section.page
    if refused := visibility.visible_or_refusal(draft, request):
        return refused
    if not draft.is_open_for_comments():
        return _refuse(
            request, HTTPStatus.FORBIDDEN, _("Comments are closed"), closed_message(draft), section
        )
    if not parent.allow_thread():
        message = _("This thread cannot go deeper: reply to the comment above it instead.")
        return _refuse(request, HTTPStatus.BAD_REQUEST, _("Cannot reply here"), message, section)
    form = SectionCommentForm(section, comment=parent, initial=comment_defaults_for(request.user))
    context = {
        "parent": parent,
        "section": section,
        "draft": draft,
        "form": form,
        "demo_content": draft.policy.is_demonstration,
    }
    return render(request, "consultation/reply_page.html", context)


def _reply_target_is_valid(section, reply_to: str) -> bool:
    if reply_to in ("", "0"):
        return True
    if not reply_to.isdigit():
        return False
    parent = SectionComment.objects.published().filter(pk=reply_to, section=section).first()
    return parent is not None and parent.allow_thread()


@require_POST
def post_comment(request):
    """Refuse what must not be stored (closed window, forged fields, floods, duplicates),
    then let django-comments and django-comments-xtd validate, store or ask for e-mail
    confirmation."""
    forged = _("The form was altered or is out of date, so nothing was saved. Reload the page "
               "and try again.")  # fmt: skip
    object_pk = request.POST.get("object_pk", "")
    if request.POST.get("content_type") != SECTION_CONTENT_TYPE or not object_pk.isdigit():
        return _refuse(request, HTTPStatus.BAD_REQUEST, _("Comment not saved"), forged)
    section = DraftSection.objects.select_related("page").filter(pk=object_pk).first()
    if section is None or not section.page.live:
        return _refuse(request, HTTPStatus.BAD_REQUEST, _("Comment not saved"), forged)
    draft = section.page
    if refused := visibility.visible_or_refusal(draft, request):
        return refused
    if not draft.is_open_for_comments():
        return _refuse(
            request, HTTPStatus.FORBIDDEN, _("Comments are closed"), closed_message(draft), section
        )
    form = SectionCommentForm(section, data=request.POST)
    if (
        form.security_errors()
        or form.has_forged_values()
        or not _reply_target_is_valid(section, request.POST.get("reply_to", ""))
    ):
        return _refuse(request, HTTPStatus.BAD_REQUEST, _("Comment not saved"), forged, section)
    if posting_rate_limited(request):
        message = _("You have sent many comments in a short time. Please wait an hour and try "
                    "again; nothing was saved.")  # fmt: skip
        return _refuse(request, HTTPStatus.TOO_MANY_REQUESTS, _("Please wait"), message, section)
    if request.user.is_authenticated:  # a signed-in comment always carries the account's address
        request.POST = request.POST.copy()
        request.POST["email"] = request.user.email
        if not email_confirmed(request.user):
            request.POST.pop("followup", None)  # no e-mails to an address not yet confirmed
    email = request.POST.get("email", "")
    if is_duplicate(
        section=section, text=request.POST.get("comment", ""), user=request.user, email=email
    ):
        message = _("You posted the same comment on this section a few minutes ago; it was not "
                    "saved twice.")  # fmt: skip
        return _refuse(request, HTTPStatus.CONFLICT, _("Already received"), message, section)
    # One transaction: the comment, its thread fields (a second save), its feedback item and
    # campaign are stored together or, if the database fails half-way, not at all.
    with transaction.atomic():
        return comments_post_comment(request, next=reverse("comments-xtd-sent"))


def stop_followups(request, key):
    """The "stop" link of follow-up e-mails. Opening it only asks: the button stops the
    e-mails (django-comments-xtd's mute), so a mail scanner that opens every link in a message
    unsubscribes no one."""
    try:
        comment = signed.loads(key, extra_key=settings.COMMENTS_XTD_SALT)
    except (ValueError, signed.BadSignature):
        message = _("This link is damaged or out of date. Nothing was changed.")
        return _refuse(request, HTTPStatus.BAD_REQUEST, _("Link not valid"), message)
    section = get_object_or_404(DraftSection.objects.select_related("page"), pk=comment.object_pk)
    # Stopping the e-mails always works; the pages name the section only to those who may
    # see its draft (policy_docs.visibility).
    shown = section if visibility.draft_visible_to(section.page, request) else None
    if request.method == "POST":
        response = xtd_views.mute(request, key)
        if shown is None and response.status_code == HTTPStatus.OK:
            return render(request, "django_comments_xtd/muted.html", {"content_object": None})
        return response
    return render(request, "consultation/stop_followups.html", {"section": shown})


def flag(request, comment_id):
    """django-comments-xtd's "report this comment" page, for comments on a draft that the
    visitor may see (policy_docs.visibility)."""
    comment = get_object_or_404(
        SectionComment.objects.select_related("section__page"), pk=comment_id
    )
    if refused := visibility.visible_or_refusal(comment.section.page, request):
        return refused
    return xtd_views.flag(request, comment_id)
