from django import template
from django.conf import settings
from django.utils.html import format_html, urlize
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines

from .. import stakeholders
from ..comment_forgery import form_token
from ..discussion import attach_discussion, attach_predecessor_outcomes, can_reply

register = template.Library()


@register.simple_tag(takes_context=True)
def draft_discussion(context, draft, sections):
    """Load the published comments of a draft onto its sections; returns where the
    consultation stands (is_open, closed_message, total)."""
    return attach_discussion(draft, sections, context["request"])


@register.simple_tag(takes_context=True)
def draft_outcomes(context, draft, sections) -> str:
    """For a page without discussion (the adopted text): what each section took up from the
    comments on the previous draft."""
    attach_predecessor_outcomes(draft, sections, context["request"])
    return ""


@register.filter
def plain_text(text: str):
    """Comment text as typed: HTML escaped, line breaks kept, links marked as user content."""
    html = urlize(normalize_newlines(text or ""), nofollow=True, autoescape=True)
    html = html.replace('rel="nofollow"', 'rel="nofollow ugc"')
    return mark_safe("<p>" + html.replace("\n\n", "</p><p>").replace("\n", "<br>") + "</p>")  # noqa: S308


@register.filter
def email_confirmed(user) -> bool:
    return stakeholders.email_confirmed(user)


@register.filter
def in_minutes(duration) -> int:
    """A timedelta as whole minutes, rounded up (a lock-out's remaining pause)."""
    return -(-int(duration.total_seconds()) // 60)


@register.filter
def replies_allowed(comment) -> bool:
    return can_reply(comment)


@register.simple_tag
def absolute_url(path: str) -> str:
    """An address for e-mails, from the site's configured base URL."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@register.simple_tag(takes_context=True)
def comment_form_token(context) -> str:
    """The comment form's CSRF token field, only on a page made for a session: without one,
    the page may be kept for every reader and the posting view checks where the post comes
    from instead (consultation/comment_forgery.py)."""
    token = form_token(context["request"])
    if token is None:
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
