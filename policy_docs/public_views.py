"""Public views of the policy documents that are not Wagtail pages."""

import hashlib
import io
from http import HTTPStatus

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django_ratelimit.core import get_usage, is_ratelimited

from . import visibility
from .models import DraftPage
from .word_export import DOCX_CONTENT_TYPE, export_filename, export_policy, status_line


def too_many_requests(request, message):
    """The page for a visitor over a throttle: what happened and when to try again."""
    return render(request, "429.html", {"message": message}, status=HTTPStatus.TOO_MANY_REQUESTS)


def _download_key(draft) -> str:
    """One Word file per published revision, interface language and title-page status line
    (which changes as the consultation window closes, without a new revision)."""
    status = hashlib.sha256(status_line(draft).encode()).hexdigest()[:16]
    language = translation.get_language()
    return f"draft-download:{draft.pk}:{draft.live_revision_id}:{language}:{status}"


def _draft_docx(draft) -> bytes:
    output = io.BytesIO()
    # The address on the title page comes from the site's configuration, never from the
    # request's Host header: the file may be shared with every reader.
    export_policy(draft=draft, output=output, page_url=draft.get_full_url())
    return output.getvalue()


def draft_download(request, draft_id):
    """A published draft as a Word document, for whoever may read the draft on the site.
    Writing one takes a worker a fraction of a second: the file of a draft anyone may read is
    kept per revision (until the draft is published again), and each address may ask for
    DRAFT_DOWNLOAD_RATE_PER_IP of them."""
    draft = get_object_or_404(DraftPage.objects.live(), pk=draft_id)
    if refused := visibility.visible_or_refusal(draft, request):
        return refused
    if is_ratelimited(
        request,
        group="draft-download",
        key="ip",
        rate=settings.DRAFT_DOWNLOAD_RATE_PER_IP,
        increment=True,
    ):
        return too_many_requests(
            request,
            translation.gettext(
                "You have downloaded many Word files in a short time. Please wait a minute "
                "and try again."
            ),
        )
    if visibility.is_public(draft):
        cache = caches["pages"]
        key = _download_key(draft)
        content = cache.get(key)
        if content is None:
            content = _draft_docx(draft)
            cache.set(key, content, settings.DRAFT_DOWNLOAD_CACHE_SECONDS)
    else:
        content = _draft_docx(draft)
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(draft)}"'
    return response


def authenticate_with_password(request, page_view_restriction_id, page_id):
    """Wagtail's password form of a restricted page, with a limit on wrong passwords: each
    client address may get the password of one restriction wrong PAGE_PASSWORD_RATE_PER_IP
    times (django-ratelimit syntax, e.g. 10/h), then it is paused with a 429 page until the
    period ends. Only failures count, so a reader who enters it right is never held."""
    from wagtail import views as wagtail_views

    def failures(increment: bool):
        return get_usage(
            request,
            group=f"page-password:{page_view_restriction_id}",
            key="ip",
            rate=settings.PAGE_PASSWORD_RATE_PER_IP,
            increment=increment,
        )

    if request.method == "POST":
        usage = failures(increment=False)
        if usage is not None and usage["count"] >= usage["limit"]:
            return too_many_requests(
                request,
                translation.gettext(
                    "Too many wrong passwords were tried for this page from your address. "
                    "Please try again later."
                ),
            )
    response = wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    if request.method == "POST" and response.status_code == HTTPStatus.OK:
        failures(increment=True)  # the form again: the password was wrong
    return response
