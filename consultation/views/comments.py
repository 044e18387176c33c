"""Commenting on a section: the form page, the reply page, and the checks made before
django-comments' own posting view stores anything."""

from http import HTTPStatus

from django.db import transaction
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_comments.views.comments import post_comment as comments_post_comment

from policy_docs import freshness, visibility
from policy_docs.ids import id_from
from policy_docs.models import DraftSection

from ..comment_forgery import forgery_suspected
from ..commenting import confirmation_emails_exhausted, is_duplicate, posting_rate_limited
from ..discussion import closed_message, section_comments_block
from ..forms.comments import SectionCommentForm
from ..models import SectionComment
from ..stakeholders import comment_defaults_for, email_confirmed

SECTION_CONTENT_TYPE = "policy_docs.draftsection"


def _refuse(request, status, title, message, section=None):
    """A clear page saying why nothing was stored."""
    context = {"title": title, "message": message, "section": section}
    return render(request, "consultation/refused.html", context, status=status)


def refuse_unconfirmed_account(request, section=None, status=HTTPStatus.FORBIDDEN):
    """A signed-in account whose address is not confirmed does not speak as itself: anyone
    can sign up with anyone's address (and Wagtail's admin sign-in lets any account in
    without allauth's check)."""
    message = _(
        "Your account's address, %(email)s, is not confirmed yet, so nothing was saved. Follow "
        "the link in the e-mail we sent to it, then send your comment again; or sign out and "
        "comment with a confirmation by e-mail."
    ) % {"email": request.user.email}
    return _refuse(request, status, _("Confirm your e-mail address first"), message, section)


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
    comments_block = section_comments_block(
        section, request, page=request.GET.get("page"), discussion_open=form is not None
    )
    context = {
        "section": section,
        "draft": draft,
        "form": form,
        "comments_block": comments_block,
        "closed_message": None if form else closed_message(draft),
        "demo_content": draft.policy.is_demonstration,
    }
    response = render(request, "consultation/comment_page.html", context)
    # A page number it does not know (or spells oddly) gets the nearest page: answered, not kept.
    page_numbers = () if request.GET.get("page") != str(comments_block.page_number) else {"page"}
    return freshness.readers_may_keep(
        response, request, page=draft, drafts=[draft], query_params=page_numbers
    )


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
    if (parent_id := id_from(reply_to)) is None:
        return False
    parent = SectionComment.objects.published().filter(pk=parent_id, section=section).first()
    return parent is not None and parent.allow_thread()


def _refuse_suspected_forgery(request, section):
    """The form again, with what was typed, and why it was not taken: a post from a page of
    another site, or from a page made before the visitor signed in or out."""
    message = _("For your safety, this form was not accepted: it did not come from this site's "
                "page as it is now (for example, you signed in or out in another tab since "
                "you opened it). Nothing was saved; what you wrote is kept below. Check it and "
                "send it again.")  # fmt: skip
    context = {"form": SectionCommentForm(section, data=request.POST), "refusal": message}
    return render(request, "comments/preview.html", context, status=HTTPStatus.FORBIDDEN)


# Exempt from the CSRF middleware: the form comes from pages kept for every reader, without a
# token of its own; the view checks the post itself (comment_forgery.py).
@csrf_exempt
@require_POST
def post_comment(request):
    """Refuse what must not be stored (closed window, forged fields, floods, duplicates, too
    many confirmation e-mails to one address), then let django-comments validate it;
    consultation.comment_posting stores it or asks for e-mail confirmation."""
    forged = _("The form was altered or is out of date, so nothing was saved. Reload the page "
               "and try again.")  # fmt: skip
    object_pk = request.POST.get("object_pk", "")
    if request.POST.get("content_type") != SECTION_CONTENT_TYPE or id_from(object_pk) is None:
        return _refuse(request, HTTPStatus.BAD_REQUEST, _("Comment not saved"), forged)
    section = DraftSection.objects.select_related("page").filter(pk=object_pk).first()
    if section is None or not section.page.live:
        return _refuse(request, HTTPStatus.BAD_REQUEST, _("Comment not saved"), forged)
    draft = section.page
    if refused := visibility.visible_or_refusal(draft, request):
        return refused
    if forgery_suspected(request):  # after the visibility check: the answer names the section
        return _refuse_suspected_forgery(request, section)
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
    if request.user.is_authenticated and not email_confirmed(request.user):
        return refuse_unconfirmed_account(request, section)
    if posting_rate_limited(request):
        message = _("You have sent many comments in a short time. Please wait an hour and try "
                    "again; nothing was saved.")  # fmt: skip
        return _refuse(request, HTTPStatus.TOO_MANY_REQUESTS, _("Please wait"), message, section)
    if request.user.is_authenticated:  # a signed-in comment always carries the account's address
        request.POST = request.POST.copy()
        request.POST["email"] = request.user.email
    email = request.POST.get("email", "")
    if is_duplicate(
        section=section, text=request.POST.get("comment", ""), user=request.user, email=email
    ):
        message = _("You posted the same comment on this section a few minutes ago; it was not "
                    "saved twice.")  # fmt: skip
        return _refuse(request, HTTPStatus.CONFLICT, _("Already received"), message, section)
    if (
        not request.user.is_authenticated
        and form.is_valid()
        and confirmation_emails_exhausted(request, email)
    ):
        message = _("We have already sent several confirmation e-mails to this address today. "
                    "Confirm your comment with the link in one of them, or send it again "
                    "tomorrow; nothing was saved.")  # fmt: skip
        return _refuse(request, HTTPStatus.TOO_MANY_REQUESTS, _("Please wait"), message, section)
    # One transaction: the comment, its thread fields (a second save), its feedback item and
    # campaign are stored together or, if the database fails half-way, not at all.
    with transaction.atomic():
        return comments_post_comment(request, next=reverse("comments-xtd-sent"))
