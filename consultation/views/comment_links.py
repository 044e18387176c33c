"""The pages that comment e-mails and forms lead to: the confirmation link of a comment sent
without an account, the "sent" page after posting, reporting a comment, and the stop link of
follow-up e-mails. None of them shows or names a comment that is not public, except to its
own author, and none loads anything from a URL but a random token or a signed id."""

from http import HTTPStatus

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_comments_xtd import views as xtd_views

from policy_docs import visibility
from policy_docs.ids import id_from
from policy_docs.models import DraftSection

from ..comment_posting import Outcome, pending_comment_check, pending_comment_confirm
from ..discussion import closed_message
from ..follow_ups import comment_for_stop_key, followups_stop
from ..models import SectionComment
from .comments import SECTION_CONTENT_TYPE, _refuse


def _link_refused(request, confirmation):
    """The page for a confirmation link that cannot (or no longer) store a comment."""
    outcome, section = confirmation.outcome, confirmation.section
    repost = _("Nothing was stored: please send your comment again.")
    if outcome is Outcome.UNKNOWN:
        message = _("This link is not valid, or no longer: links sent before the site was "
                    "updated no longer work.")  # fmt: skip
        return _refuse(request, HTTPStatus.NOT_FOUND, _("Link not valid"), f"{message} {repost}")
    if outcome is Outcome.ALREADY_CONFIRMED:
        message = _("You have already confirmed this comment; there is nothing more to do.")
        return _refuse(request, HTTPStatus.OK, _("Already confirmed"), message, section)
    if outcome is Outcome.EXPIRED:
        expires_at = timezone.localtime(confirmation.pending.expires_at)
        expired = date_format(expires_at, "DATETIME_FORMAT")
        message = _("This link expired on %(date)s.") % {"date": expired}
        return _refuse(request, HTTPStatus.GONE, _("Link expired"), f"{message} {repost}", section)
    if outcome is Outcome.WITHDRAWN:
        message = _("The draft you commented on is no longer published, so your comment "
                    "cannot be confirmed. Nothing was stored.")  # fmt: skip
        return _refuse(request, HTTPStatus.GONE, _("Comment not stored"), message)
    if outcome is Outcome.CLOSED:
        message = closed_message(confirmation.pending.section.page)
        return _refuse(request, HTTPStatus.FORBIDDEN, _("Comments are closed"), message, section)
    if outcome is Outcome.REPLY_GONE:
        message = _("The comment you replied to is no longer shown, so your reply cannot be "
                    "published. Nothing was stored.")  # fmt: skip
        return _refuse(request, HTTPStatus.GONE, _("Comment not stored"), message, section)
    if outcome is Outcome.RATE_LIMITED:
        message = _("Many comments were confirmed from this address in a short time. "
                    "Please wait an hour and open the link again; your comment is kept "
                    "until then.")  # fmt: skip
        return _refuse(request, HTTPStatus.TOO_MANY_REQUESTS, _("Please wait"), message, section)
    if outcome is Outcome.DUPLICATE:
        message = _("You sent the same comment on this section a few minutes apart; it was "
                    "stored once.")  # fmt: skip
        return _refuse(request, HTTPStatus.CONFLICT, _("Already received"), message, section)
    raise ValueError(outcome)


def _out_of_sight(request, confirmation) -> bool:
    """A link followed after a view restriction was put on the draft, by someone who does
    not pass it (policy_docs.visibility): nothing is stored and nothing of the draft named."""
    pending = confirmation.pending
    return pending is not None and not visibility.draft_visible_to(pending.section.page, request)


@never_cache
def confirm_comment(request, token):
    """The link e-mailed to a commenter who is not signed in. Opening it only asks; the
    button (a POST) stores the comment."""
    checked = pending_comment_check(token=token)
    if checked.outcome is Outcome.READY and _out_of_sight(request, checked):
        message = _("The draft you commented on is no longer published, so your comment "
                    "cannot be confirmed. Nothing was stored.")  # fmt: skip
        return _refuse(request, HTTPStatus.GONE, _("Comment not stored"), message)
    if request.method == "POST":
        confirmation = pending_comment_confirm(token=token, request=request)
        if confirmation.outcome is not Outcome.CONFIRMED:
            return _link_refused(request, confirmation)
        comment = confirmation.comment
        if comment.is_public:
            return redirect(comment.get_absolute_url())
        return render(request, "django_comments_xtd/moderated.html", {"comment": comment})
    if checked.outcome is not Outcome.READY:
        return _link_refused(request, checked)
    pending = checked.pending
    context = {"section": pending.section, "draft": pending.section.page, "pending": pending}
    return render(request, "consultation/confirm_comment.html", context)


def _section_from_signed_target(value: str):
    """django-comments' "sent" redirect names what a comment waiting for confirmation is on
    by a signed "app.model:pk" (django.core.signing: JSON, never a pickle)."""
    try:
        target = signing.loads(value)
    except signing.BadSignature:
        return None
    content_type, _sep, pk = str(target).partition(":")
    if content_type != SECTION_CONTENT_TYPE or id_from(pk) is None:
        return None
    section = DraftSection.objects.select_related("page").filter(pk=pk, page__live=True).first()
    return section


@never_cache
def comment_sent(request):
    """Where posting leads. A public comment: to it. The visitor's own comment awaiting
    moderation (signed-in authors only): "thank you". A comment waiting for its e-mail
    confirmation: "check your e-mail". Anything else, anyone else's comment included: 404,
    the same as for a comment that does not exist."""
    value = request.GET.get("c", "")
    comment_id = id_from(value)
    if comment_id is None:
        section = _section_from_signed_target(value)
        if section is None or not visibility.draft_visible_to(section.page, request):
            raise Http404
        context = {"target": section, "days": settings.COMMENT_CONFIRMATION_DAYS}
        return render(request, "django_comments_xtd/posted.html", context)
    shown = SectionComment.objects.shown_publicly().filter(pk=comment_id).first()
    if shown is not None and visibility.draft_visible_to(shown.section.page, request):
        return redirect(shown.get_absolute_url())
    own = None
    if request.user.is_authenticated:
        own = SectionComment.objects.filter(
            pk=comment_id, user=request.user, is_removed=False, section__page__live=True
        ).first()
    if own is None or not visibility.draft_visible_to(own.section.page, request):
        raise Http404
    return render(request, "django_comments_xtd/moderated.html", {"comment": own})


@login_required
def flag(request, comment_id):
    """Reporting a comment to the moderators: only a comment that is shown to the public
    (xtd's own view loads any comment by its id)."""
    comment = get_object_or_404(
        SectionComment.objects.shown_publicly().select_related("section__page"), pk=comment_id
    )
    if refused := visibility.visible_or_refusal(comment.section.page, request):
        return refused
    return xtd_views.flag(request, comment_id)


def flag_done(request):
    comment_id = id_from(request.GET.get("c", ""))
    comment = SectionComment.objects.shown_publicly().filter(pk=comment_id).first()
    if comment is not None and not visibility.draft_visible_to(comment.section.page, request):
        comment = None
    return render(request, "comments/flagged.html", {"comment": comment})


def stop_followups(request, key):
    """The "stop" link of follow-up e-mails. Opening it only asks: the button stops the
    e-mails, so a mail scanner that opens every link in a message unsubscribes no one."""
    comment = comment_for_stop_key(key)
    if comment is None:
        message = _("This link is damaged or out of date (links in e-mails sent before the "
                    "site was updated no longer work). Nothing was changed; the next e-mail "
                    "about this section carries a link that works.")  # fmt: skip
        return _refuse(request, HTTPStatus.BAD_REQUEST, _("Link not valid"), message)
    # Stopping the e-mails always works; the pages name the section only to those who may
    # see its draft.
    shown = visibility.draft_visible_to(comment.section.page, request)
    section = comment.section if shown else None
    if request.method == "POST":
        followups_stop(comment=comment)
        return render(request, "django_comments_xtd/muted.html", {"section": section})
    return render(request, "consultation/stop_followups.html", {"section": section})
