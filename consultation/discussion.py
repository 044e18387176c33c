"""What the public pages show of the comments: threads per section, counts and where the
consultation stands. Every function here issues a fixed number of queries, whatever the
number of sections or comments."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from policy_docs import visibility
from policy_docs.enums import DraftStatus
from policy_docs.models import DraftPage

from . import page_cache
from .enums import Decision
from .models import FeedbackItem, SectionComment
from .models.comments import THREADS_PER_PAGE
from .review.publication import responses_published

# Threads shown under each section on the draft page; the section's own page shows them all,
# a page of threads at a time.
THREADS_PER_SECTION_ON_DRAFT_PAGE = 3


@dataclass
class ThreadNode:
    comment: SectionComment
    children: list["ThreadNode"] = field(default_factory=list)


def build_threads(comments) -> list[ThreadNode]:
    """Nest comments (ordered by thread and position, as xtd stores them) under their parents."""
    nodes: dict[int, ThreadNode] = {}
    roots = []
    for comment in comments:
        node = nodes[comment.pk] = ThreadNode(comment)
        parent = nodes.get(comment.parent_id) if comment.parent_id != comment.pk else None
        (parent.children if parent else roots).append(node)
    return roots


def _public_comments():
    # The feedback item carries the drafters' response, shown once it is published.
    return (
        SectionComment.objects.published()
        .select_related("sector", "feedback__addressed_in__page")
        .order_by("thread_id", "order")
    )


def hide_addresses_out_of_sight(comments, request) -> list:
    """Mark (`addressed_in_hidden`) the comments whose response points at a later section
    that `request` may not see (an unpublished or restricted draft): its title and heading
    are left out of the page."""
    comments = list(comments)
    page_ids = {
        c.feedback.addressed_in.page_id
        for c in comments
        if getattr(c, "feedback", None) and c.feedback.addressed_in_id
    }
    visible = set()
    if page_ids:
        visible = set(
            DraftPage.objects.filter(pk__in=page_ids)
            .filter(visibility.visible_pages_q(request))
            .values_list("pk", flat=True)
        )
    for comment in comments:
        feedback = getattr(comment, "feedback", None)
        comment.addressed_in_hidden = bool(
            feedback and feedback.addressed_in_id and feedback.addressed_in.page_id not in visible
        )
    return comments


def section_threads_page(section, number, request) -> tuple[Page, list[ThreadNode]]:
    """One page of a section's threads, THREADS_PER_PAGE at a time, so that a much-discussed
    section stays light on a phone. Four queries, whatever the number of comments."""
    thread_ids = SectionComment.objects.filter(section=section).thread_ids()
    page = Paginator(thread_ids, THREADS_PER_PAGE).get_page(number)
    comments = _public_comments().filter(section=section, thread_id__in=list(page.object_list))
    return page, build_threads(hide_addresses_out_of_sight(comments, request))


@dataclass
class CommentsBlock:
    html: str
    page_number: int  # the page of threads shown (a number it does not know gets the nearest)


def section_comments_block(section, request, *, page, discussion_open) -> CommentsBlock:
    """The section's comments, a page of threads (`page`, as asked for) at a time, as HTML.
    Kept in the page cache for every visitor who sees the same pages (the comments point at
    later sections, which some may not see), until the section's page is purged: a signed-in
    commenter, whose page is not kept whole, gets it without its queries and rendering."""
    version = page_cache.fragment_version(reverse("section_comment", args=[section.pk]))
    key = None
    if version is not None:
        where = ":".join(
            [
                str(section.pk),
                page or "1",
                translation.get_language() or "",
                "open" if discussion_open else "closed",
                visibility.visibility_signature(request),
            ]
        )
        key = f"section-comments:{version}:{hashlib.sha256(where.encode()).hexdigest()}"
        if (kept := page_cache.fragment_get(key)) is not None:
            return kept
    threads_page, threads = section_threads_page(section, page, request)
    context = {
        "threads": threads,
        "threads_page": threads_page,
        "discussion_open": discussion_open,
        "responses_published": responses_published(section.page),
    }
    block = CommentsBlock(
        mark_safe(render_to_string("includes/section_comments.html", context)),  # noqa: S308
        threads_page.number,
    )
    # A page number it does not know, or spells oddly, gets the nearest page: answered, but
    # not kept, so junk cannot fill the cache.
    if key is not None and str(threads_page.number) == (page or "1"):
        page_cache.fragment_set(key, block)
    return block


def received_count(draft) -> int:
    """Comments received on a draft, in all its language versions, whatever their moderation
    state, except removed ones."""
    return SectionComment.objects.filter(
        section__page__translation_key=draft.translation_key, is_removed=False
    ).count()


def closed_message(draft, now=None) -> str:
    """Why commenting is not possible on this draft now, with the count once it has closed."""
    now = now or timezone.now()
    if draft.status == DraftStatus.PREPARATION:
        return _("This draft is not open for comments yet.")
    if draft.opens_at and now < draft.opens_at and draft.status == DraftStatus.OPEN:
        opens = date_format(timezone.localtime(draft.opens_at), "DATETIME_FORMAT")
        return _("Comments open on %(date)s.") % {"date": opens}
    count = received_count(draft)
    received = ngettext("%(count)d comment received", "%(count)d comments received", count) % {
        "count": count
    }
    if draft.closes_at and draft.closes_at <= now:
        closed = date_format(timezone.localtime(draft.closes_at), "DATE_FORMAT")
        return _("Comments closed on %(date)s: %(received)s.") % {
            "date": closed,
            "received": received,
        }
    return _("Comments are closed: %(received)s.") % {"received": received}


@dataclass
class DraftDiscussion:
    is_open: bool
    closed_message: str | None
    total: int
    responses_published: bool = False


def attach_discussion(draft, sections, request) -> DraftDiscussion:
    """Give each section its published comment count and its latest threads (as
    `section.comment_count`, `section.threads`, `section.more_threads`)."""
    published = SectionComment.objects.published().filter(section__page=draft)
    counts = dict(
        published.values_list("section").annotate(n=Count("id")).values_list("section", "n")
    )
    thread_counts = dict(
        published.filter(level=0)
        .values_list("section")
        .annotate(n=Count("id"))
        .values_list("section", "n")
    )
    latest_roots = (
        published.filter(level=0)
        .annotate(
            position=Window(
                RowNumber(), partition_by=[F("section")], order_by=F("submit_date").desc()
            )
        )
        .filter(position__lte=THREADS_PER_SECTION_ON_DRAFT_PAGE)
        .values_list("pk", flat=True)
    )
    by_section = defaultdict(list)
    latest = _public_comments().filter(section__page=draft, thread_id__in=list(latest_roots))
    for comment in hide_addresses_out_of_sight(latest, request):
        by_section[comment.section_id].append(comment)
    for section in sections:
        section.comment_count = counts.get(section.pk, 0)
        section.threads = build_threads(by_section.get(section.pk, []))
        section.more_threads = thread_counts.get(section.pk, 0) > len(section.threads)
    attach_predecessor_outcomes(draft, sections, request)
    is_open = draft.is_open_for_comments()
    return DraftDiscussion(
        is_open=is_open,
        closed_message=None if is_open else closed_message(draft),
        total=sum(counts.values()),
        responses_published=responses_published(draft),
    )


def attach_predecessor_outcomes(draft, sections, request):
    """Give each section the number of public comments on the same section (by key) in the
    previous draft that were accepted or partly accepted, once those responses are public
    (as `section.taken_up_count` and `section.predecessor_section_id`). The previous draft
    is the one before it that `request` may see: nothing is said of a restricted one."""
    previous = draft.previous_draft(request)
    if previous is None or not responses_published(previous):
        return
    taken_up = (
        FeedbackItem.objects.in_review()
        .filter(draft=previous, is_public=True, decision__in=Decision.taken_up())
        .values_list("section__key", "section")
        .annotate(count=Count("pk"))
    )
    by_key = {key: (section_id, count) for key, section_id, count in taken_up}
    for section in sections:
        section.predecessor_section_id, section.taken_up_count = by_key.get(section.key, (None, 0))


def can_reply(comment) -> bool:
    """Without xtd's allow_thread(), which looks up the content type once per comment."""
    return comment.level < settings.COMMENTS_XTD_MAX_THREAD_LEVEL
