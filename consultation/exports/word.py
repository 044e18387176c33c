"""The consolidated feedback on a draft as a Word document (python-docx): the comment-response
matrix that ministries circulate. Two variants: internal (names, organisations, per-row
gender and country) and public (no individual's name, no per-row gender or country, small
groups suppressed in the totals, responses only once they are published)."""

import copy
import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt

from ..enums import Decision, Gender
from ..models import FeedbackItem
from ..review.filters import FeedbackSelection
from ..review.publication import responses_published
from ..what_we_heard import SMALL_CELL
from . import docx_body
from .charts import bar_chart_png, stacked_bar_chart_png
from .published_figures import add_published_figures


@dataclass
class ExportSummary:
    comments: int = 0
    submissions: int = 0
    sections: int = 0


MATRIX_COLUMNS = [
    ("number", gettext_lazy("No."), 1.2),
    ("section", gettext_lazy("Section (and passage)"), 2.8),
    ("comment", gettext_lazy("Comment"), 5.0),
    ("proposed", gettext_lazy("Proposed wording"), 3.4),
    ("commenter", gettext_lazy("Commenter"), 3.0),
    ("sector", gettext_lazy("Sector"), 2.4),
    ("gender", gettext_lazy("Gender"), 2.0),
    ("country", gettext_lazy("Country"), 2.2),
    ("response", gettext_lazy("Drafters' response"), 4.2),
    ("decision", gettext_lazy("Decision"), 2.4),
]
INTERNAL_ONLY = {"gender", "country"}


def _columns(public: bool, available_cm: float):
    """The matrix's columns, their widths scaled to fill the width of the page."""
    chosen = [column for column in MATRIX_COLUMNS if not (public and column[0] in INTERNAL_ONLY)]
    scale = available_cm / sum(width for _key, _label, width in chosen)
    return [(key, label, width * scale) for key, label, width in chosen]


class _Words:
    """The export's recurring words, translated once rather than once per item."""

    def __init__(self):
        self.anonymous, self.individual, self.no_name = (
            _("Anonymous"),
            _("Individual"),
            _("(no name)"),
        )
        self.reply_to = _("(Reply to No. %(number)d)")
        self.genders = {value: str(label) for value, label in Gender.choices}
        self.decisions = {value: str(label) for value, label in Decision.choices}
        self._countries = {}

    def country(self, code: str) -> str:
        if code not in self._countries:
            self._countries[code] = countries.name(code)
        return self._countries[code]

    def commenter(self, item: dict, public: bool) -> str:
        if public:
            # The public variant names organisations that spoke for themselves, never people.
            if item["is_organisation"] and item["organisation"]:
                return item["organisation"]
            identity = item["comment__public_identity"] or item["submission__public_identity"]
            return self.anonymous if identity == "anonymous" else self.individual
        name = item["speaker_name"] or self.no_name
        if item["organisation"] and item["organisation"] != name:
            return f"{name} ({item['organisation']})"
        return name


def _shown(count: int, public: bool) -> str:
    if public and count < SMALL_CELL:
        return _("fewer than %(count)d") % {"count": SMALL_CELL}
    return str(count)


def _table_of_contents(document, body: docx_body.Body):
    body.add(
        docx_body.toc_field(_("Right-click and choose Update Field to show the table of contents."))
    )
    # Word refreshes the fields when the document is opened.
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)


def _figures_table(body: docx_body.Body, title, rows, public, width: int):
    body.heading(title, level=2)
    texts = [["", _("People")]] + [[str(label), _shown(count, public)] for label, count in rows]
    body.table(texts, [width // 2] * 2, header=False)


def _charts(body: docx_body.Body, sections, comments, everyone, public):
    """Comments by section, and the people of each sector by gender. In the public variant,
    a sector's gender split is drawn only when each of its parts holds enough people."""
    body.heading(_("Charts"), level=2)
    per_section = Counter(item["section_id"] for item in comments)
    sections = [s for s in sections if per_section[s.pk]]
    if sections:
        body.chart(
            bar_chart_png(
                _("Comments by section"),
                [(f"{s.number} {s.heading}", per_section[s.pk]) for s in sections],
                value_label=_("Comments"),
            ),
            _("Comments by section (sections with at least one comment, in document order)."),
        )
    genders = Counter((item["sector__name"], item["gender"]) for item in everyone)
    by_sector = Counter(item["sector__name"] for item in everyone).most_common()
    sectors = [name for name, _count in by_sector]
    if public:
        sectors = [
            name
            for name in sectors
            if all(genders[name, g] == 0 or genders[name, g] >= SMALL_CELL for g in Gender.values)
        ]
    series = [
        (label, [genders[sector, value] for sector in sectors]) for value, label in Gender.choices
    ]
    caption = _("People who commented or wrote, by sector and gender.")
    if public:
        caption += " " + _(
            "Sectors where a gender group has fewer than %(count)d people are left out."
        ) % {"count": SMALL_CELL}
    if sectors:
        body.chart(
            stacked_bar_chart_png(_("Gender by sector"), sectors, series, value_label=_("People")),
            caption,
        )
    else:
        body.paragraph(
            _(
                "The chart of gender by sector is left out: in every sector, a gender group "
                "has fewer than %(count)d people."
            )
            % {"count": SMALL_CELL}
        )


def _cover(
    body: docx_body.Body, draft, sections, *, public, filters, items, submissions, width: int
):
    policy = draft.get_parent()
    body.heading(_("Consolidated feedback"), level=0)
    body.paragraph(f"{policy.title} · {draft.title}", bold=True)
    if draft.opens_at and draft.closes_at:
        window = {
            "opens": date_format(timezone.localtime(draft.opens_at), "DATE_FORMAT"),
            "closes": date_format(timezone.localtime(draft.closes_at), "DATE_FORMAT"),
        }
        body.paragraph(_("Consultation window: %(opens)s to %(closes)s") % window)
    exported = date_format(timezone.localtime(), "DATETIME_FORMAT")
    body.paragraph(_("Exported on %(date)s") % {"date": exported})
    applied = filters.describe()
    applied = "; ".join(applied) if applied else _("none")
    body.paragraph(_("Filters applied: %(filters)s") % {"filters": applied})
    body.paragraph(
        _(
            "Public version: no individual's name, gender or country is shown; the figures "
            "are those of “What we heard”, with groups of fewer than %(count)d people hidden."
        )
        % {"count": SMALL_CELL}
        if public
        else _(
            "Internal version: contains personal details of the people who commented. "
            "Do not circulate outside the drafting team."
        )
    )
    _table_of_contents(body.document, body)

    body.heading(_("Summary"), level=1)
    body.paragraph(
        _("%(comments)d comments and %(submissions)d written submissions.")
        % {"comments": len(items), "submissions": len(submissions)}
    )
    if public:
        # The figures of "What we heard", as published: nothing more to subtract.
        add_published_figures(body, draft, width=width)
        return
    everyone = items + submissions
    by_sector = Counter(item["sector__name"] for item in everyone).most_common()
    genders = Counter(item["gender"] for item in everyone)
    by_gender = [(label, genders[value]) for value, label in Gender.choices]
    by_country = [
        (countries.name(code), count)
        for code, count in Counter(item["country"] for item in everyone).most_common()
    ]
    _figures_table(body, _("By sector"), by_sector, public, width)
    _figures_table(body, _("By gender"), by_gender, public, width)
    _figures_table(body, _("By country of residence"), by_country, public, width)
    _charts(body, sections, items, everyone, public)


def _landscape(document, footer: str) -> str:
    """Give the document's section `footer`, then turn it landscape with narrow side margins;
    returns the XML of a paragraph that ends the portrait section before it."""
    section = document.sections[-1]
    section.footer.paragraphs[0].text = footer
    portrait = docx_body.section_break(copy.deepcopy(section._sectPr))
    section.start_type = WD_SECTION.NEW_PAGE
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.5))
    return portrait


CHUNK = 2000  # rows fetched at a time

# What the export reads of each item: plain values in one query, no model instances.
ITEM_FIELDS = [
    "comment_id", "section_id", "text", "speaker_name", "organisation", "is_organisation",
    "sector__name", "gender", "country", "response", "decision", "is_reply",
    "comment__public_identity", "comment__quoted_passage", "comment__proposed_wording",
    "comment__parent_id", "submission__public_identity", "submission__attachment",
]  # fmt: skip


def _matrix_rows(section, section_items, numbers, columns, words, *, public, show_responses):
    """The texts of the matrix rows of one section, numbering its comments in `numbers`."""
    rows = []
    for item in section_items:
        numbers[item["comment_id"]] = len(numbers) + 1
        passage = item["comment__quoted_passage"]
        parent = item["comment__parent_id"]
        values = {
            "number": str(numbers[item["comment_id"]]),
            "section": f"{section.number}" + (f"\n“{passage}”" if passage else ""),
            "comment": (
                words.reply_to % {"number": numbers[parent]} + " "
                if item["is_reply"] and parent in numbers
                else ""
            )
            + item["text"],
            "proposed": item["comment__proposed_wording"],
            "commenter": words.commenter(item, public),
            "sector": item["sector__name"],
            "gender": words.genders.get(item["gender"], item["gender"]),
            "country": words.country(item["country"]),
            "response": item["response"] if show_responses else "",
            "decision": words.decisions.get(item["decision"], "") if show_responses else "",
        }
        rows.append([values[key] for key, _label, _width in columns])
    return rows


def _submission_list(body, submissions, words, *, public, show_responses):
    heading = body.styles["Heading 2"]
    attachment_line = _("Attachment: %(name)s")
    response_line = _("Drafters' response (%(decision)s): %(response)s")
    for item in submissions:
        body.add(docx_body.text_paragraph(words.commenter(item, public), style=heading))
        details = [item["sector__name"]]
        if not public:
            details += [words.genders.get(item["gender"], ""), words.country(item["country"])]
        body.add(docx_body.text_paragraph(" · ".join(details)))
        for text in item["text"].split("\n\n"):
            body.add(docx_body.text_paragraph(text))
        if attachment := item["submission__attachment"]:
            name = attachment.rsplit("/", 1)[-1]
            body.add(docx_body.text_paragraph(attachment_line % {"name": name}))
        if show_responses and item["response"]:
            decision = words.decisions.get(item["decision"], "")
            body.add(
                docx_body.text_paragraph(
                    response_line % {"decision": decision, "response": item["response"]}
                )
            )


def export_feedback(
    *,
    draft,
    output,
    public: bool = False,
    filters: FeedbackSelection | None = None,
    progress: Callable[[int], None] | None = None,
) -> ExportSummary:
    """Write the consolidated feedback on `draft` to `output` (a path or a binary file).
    `progress(n)` is called as each of the draft's sections is written."""
    filters = filters or FeedbackSelection()
    published = responses_published(draft)
    show_responses = published or not public
    items = FeedbackItem.objects.in_review().filter(draft=draft)
    if public:
        items = items.filter(is_public=True)
    items = filters.apply(items)
    # The figures of the cover need only a few tags of everyone; the matrix and the list of
    # submissions read the full rows as they write them, so that few are held at once.
    tags = ["comment_id", "section_id", "sector__name", "gender", "country"]
    everyone = list(items.values(*tags).iterator(chunk_size=CHUNK))
    comments = [item for item in everyone if item["comment_id"] is not None]
    submissions = [item for item in everyone if item["comment_id"] is None]
    rows = items.values(*ITEM_FIELDS)
    comment_rows = (
        rows.filter(comment__isnull=False)
        .order_by("section__sort_order", "section_id", "comment__thread_id", "comment__order")
        .iterator(chunk_size=CHUNK)
    )
    submission_rows = (
        rows.filter(submission__isnull=False).order_by("submitted_at").iterator(chunk_size=CHUNK)
    )
    sections = list(draft.sections.order_by("sort_order"))

    document = Document()
    document.styles["Normal"].font.size = Pt(10)
    body = docx_body.Body(document)
    words = _Words()
    cover = document.sections[-1]
    cover_width = docx_body.twips(cover.page_width - cover.left_margin - cover.right_margin)
    _cover(
        body,
        draft,
        sections,
        public=public,
        filters=filters,
        items=comments,
        submissions=submissions,
        width=cover_width,
    )

    footer = " · ".join([draft.get_parent().title, draft.title, _("consolidated feedback")])
    body.add(_landscape(document, footer))
    landscape = document.sections[-1]
    available = Emu(landscape.page_width - landscape.left_margin - landscape.right_margin)
    body.heading(_("Comment-response matrix"), level=1)
    if not show_responses:
        body.paragraph(_("The drafters' responses are not published yet."))
    columns = _columns(public, available.cm)
    widths = [docx_body.twips(Cm(width)) for _key, _label, width in columns]
    summary = ExportSummary(comments=len(comments), submissions=len(submissions))
    numbers = {}
    header = [str(label) for _key, label, _width in columns]
    groups = itertools.groupby(comment_rows, key=itemgetter("section_id"))
    group = next(groups, None)
    pending = {section.pk for section in sections}
    for section in sections:
        while group is not None and group[0] not in pending:  # a section not of this draft
            group = next(groups, None)
        if group is not None and group[0] == section.pk:
            summary.sections += 1
            body.heading(f"{section.number} {section.heading}", level=2)
            matrix = _matrix_rows(
                section,
                group[1],
                numbers,
                columns,
                words,
                public=public,
                show_responses=show_responses,
            )
            body.table([header, *matrix], widths, fixed=True, size=9)
            group = next(groups, None)
        pending.discard(section.pk)
        if progress:
            progress(1)

    body.heading(_("Written submissions"), level=1)
    if not submissions:
        body.paragraph(_("No written submissions."))
    _submission_list(body, submission_rows, words, public=public, show_responses=show_responses)
    body.save(output)
    return summary
