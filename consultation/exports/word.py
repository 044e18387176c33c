"""The consolidated feedback on a draft as a Word document (python-docx): the comment-response
matrix that ministries circulate. Two variants: internal (names, organisations, per-row
gender and country) and public (no individual's name, no per-row gender or country, small
groups suppressed in the totals, responses only once they are published)."""

import copy
import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

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

from ..enums import Gender
from ..models import FeedbackItem
from ..review.filters import FeedbackSelection
from ..review.publication import responses_published
from ..what_we_heard import SMALL_CELL
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


def _commenter(item: FeedbackItem, public: bool) -> str:
    source = item.source
    if public:
        # The public variant names organisations that spoke for themselves, never people.
        if item.is_organisation and item.organisation:
            return item.organisation
        return _("Anonymous") if source.public_identity == "anonymous" else _("Individual")
    name = item.speaker_name or _("(no name)")
    if item.organisation and item.organisation != name:
        return f"{name} ({item.organisation})"
    return name


def _repeat_header(row):
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _table_of_contents(document):
    paragraph = document.add_paragraph()
    for kind, text in (("begin", None), (None, 'TOC \\o "1-3" \\h \\z \\u'), ("separate", None)):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
    paragraph.add_run(_("Right-click and choose Update Field to show the table of contents."))
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)
    # Word refreshes the fields when the document is opened.
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _shown(count: int, public: bool) -> str:
    if public and count < SMALL_CELL:
        return _("fewer than %(count)d") % {"count": SMALL_CELL}
    return str(count)


def _figures_table(document, title, rows, public):
    document.add_heading(title, level=2)
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    header = table.rows[0].cells
    header[0].text, header[1].text = "", _("People")
    for label, count in rows:
        cells = table.add_row().cells
        cells[0].text = str(label)
        cells[1].text = _shown(count, public)


def _chart(document, png: bytes, caption: str):
    document.add_picture(io.BytesIO(png), width=Cm(16))
    document.add_paragraph(caption, style="Caption")


def _charts(document, draft, comments, everyone, public):
    """Comments by section, and the people of each sector by gender. In the public variant,
    a sector's gender split is drawn only when each of its parts holds enough people."""
    document.add_heading(_("Charts"), level=2)
    per_section = Counter(item.section_id for item in comments)
    sections = [s for s in draft.sections.order_by("sort_order") if per_section[s.pk]]
    if sections:
        _chart(
            document,
            bar_chart_png(
                _("Comments by section"),
                [(f"{s.number} {s.heading}", per_section[s.pk]) for s in sections],
                value_label=_("Comments"),
            ),
            _("Comments by section (sections with at least one comment, in document order)."),
        )
    genders = Counter((item.sector.name, item.gender) for item in everyone)
    by_sector = Counter(item.sector.name for item in everyone).most_common()
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
        _chart(
            document,
            stacked_bar_chart_png(_("Gender by sector"), sectors, series, value_label=_("People")),
            caption,
        )
    else:
        document.add_paragraph(
            _(
                "The chart of gender by sector is left out: in every sector, a gender group "
                "has fewer than %(count)d people."
            )
            % {"count": SMALL_CELL}
        )


def _cover(document, draft, *, public, filters, items, submissions):
    policy = draft.get_parent()
    document.add_heading(_("Consolidated feedback"), level=0)
    document.add_paragraph(f"{policy.title} · {draft.title}").runs[0].bold = True
    if draft.opens_at and draft.closes_at:
        window = {
            "opens": date_format(timezone.localtime(draft.opens_at), "DATE_FORMAT"),
            "closes": date_format(timezone.localtime(draft.closes_at), "DATE_FORMAT"),
        }
        document.add_paragraph(_("Consultation window: %(opens)s to %(closes)s") % window)
    exported = date_format(timezone.localtime(), "DATETIME_FORMAT")
    document.add_paragraph(_("Exported on %(date)s") % {"date": exported})
    applied = filters.describe()
    applied = "; ".join(applied) if applied else _("none")
    document.add_paragraph(_("Filters applied: %(filters)s") % {"filters": applied})
    document.add_paragraph(
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
    _table_of_contents(document)

    document.add_heading(_("Summary"), level=1)
    document.add_paragraph(
        _("%(comments)d comments and %(submissions)d written submissions.")
        % {"comments": len(items), "submissions": len(submissions)}
    )
    if public:
        # The figures of "What we heard", as published: nothing more to subtract.
        add_published_figures(document, draft)
        return
    everyone = items + submissions
    by_sector = Counter(item.sector.name for item in everyone).most_common()
    genders = Counter(item.gender for item in everyone)
    by_gender = [(label, genders[value]) for value, label in Gender.choices]
    by_country = [
        (countries.name(code), count)
        for code, count in Counter(item.country for item in everyone).most_common()
    ]
    _figures_table(document, _("By sector"), by_sector, public)
    _figures_table(document, _("By gender"), by_gender, public)
    _figures_table(document, _("By country of residence"), by_country, public)
    _charts(document, draft, items, everyone, public)


def _landscape(document):
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.5))
    return section


def _matrix_table(document, columns):
    """The table of one section, with its header row, and an empty styled body row to copy:
    copying one row's XML is far faster than setting each cell through python-docx."""
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.autofit = False
    for column, (_key, _label, width) in zip(table.columns, columns, strict=True):
        column.width = Cm(width)  # the grid, which LibreOffice reads
    header = table.rows[0]
    _repeat_header(header)
    for cell, (_key, label, width) in zip(header.cells, columns, strict=True):
        cell.width = Cm(width)
        run = cell.paragraphs[0].add_run(str(label))
        run.bold, run.font.size = True, Pt(9)
    template = table.add_row()
    for cell, (_key, _label, width) in zip(template.cells, columns, strict=True):
        cell.width = Cm(width)
        cell.paragraphs[0].add_run().font.size = Pt(9)
    table._tbl.remove(template._tr)
    return table, template._tr


def _matrix_row(table, template, texts: list[str]) -> None:
    row = copy.deepcopy(template)
    table._tbl.append(row)
    for cell, text in zip(row.tc_lst, texts, strict=True):
        cell.p_lst[0].r_lst[0].text = text  # line breaks become <w:br/>


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
    items = filters.apply(items).select_related(
        "section", "sector", "comment", "submission", "addressed_in__page"
    )
    comments = list(
        items.filter(comment__isnull=False).order_by(
            "section__sort_order", "comment__thread_id", "comment__order"
        )
    )
    submissions = list(items.filter(submission__isnull=False).order_by("submitted_at"))

    document = Document()
    document.styles["Normal"].font.size = Pt(10)
    _cover(document, draft, public=public, filters=filters, items=comments, submissions=submissions)

    landscape = _landscape(document)
    available = Emu(landscape.page_width - landscape.left_margin - landscape.right_margin)
    document.add_heading(_("Comment-response matrix"), level=1)
    if not show_responses:
        document.add_paragraph(_("The drafters' responses are not published yet."))
    columns = _columns(public, available.cm)
    by_section = {}
    for item in comments:
        by_section.setdefault(item.section_id, []).append(item)
    summary = ExportSummary(comments=len(comments), submissions=len(submissions))
    numbers = {}
    for section in draft.sections.order_by("sort_order"):
        section_items = by_section.get(section.pk, [])
        if section_items:
            summary.sections += 1
            document.add_heading(f"{section.number} {section.heading}", level=2)
            table, template = _matrix_table(document, columns)
            for item in section_items:
                numbers[item.comment_id] = len(numbers) + 1
                comment = item.comment
                values = {
                    "number": str(numbers[item.comment_id]),
                    "section": f"{section.number}"
                    + (f"\n“{comment.quoted_passage}”" if comment.quoted_passage else ""),
                    "comment": (
                        _("(Reply to No. %(number)d)") % {"number": numbers[comment.parent_id]}
                        + " "
                        if item.is_reply and comment.parent_id in numbers
                        else ""
                    )
                    + item.text,
                    "proposed": comment.proposed_wording,
                    "commenter": _commenter(item, public),
                    "sector": item.sector.name,
                    "gender": item.get_gender_display(),
                    "country": item.country_name,
                    "response": item.response if show_responses else "",
                    "decision": item.get_decision_display() if show_responses else "",
                }
                _matrix_row(table, template, [values[key] for key, _label, _width in columns])
        if progress:
            progress(1)

    document.add_heading(_("Written submissions"), level=1)
    submission_heading = document.styles["Heading 2"]  # looked up by name once, not per row
    if not submissions:
        document.add_paragraph(_("No written submissions."))
    for item in submissions:
        submission = item.submission
        document.add_paragraph(_commenter(item, public), style=submission_heading)
        details = [item.sector.name]
        if not public:
            details += [item.get_gender_display(), item.country_name]
        document.add_paragraph(" · ".join(details))
        for paragraph in item.text.split("\n\n"):
            document.add_paragraph(paragraph)
        if submission.attachment:
            name = submission.attachment.name.rsplit("/", 1)[-1]
            document.add_paragraph(_("Attachment: %(name)s") % {"name": name})
        if show_responses and item.response:
            document.add_paragraph(
                _("Drafters' response (%(decision)s): %(response)s")
                % {"decision": item.get_decision_display(), "response": item.response}
            )

    footer = document.sections[0].footer.paragraphs[0]
    footer.text = " · ".join([draft.get_parent().title, draft.title, _("consolidated feedback")])
    document.save(output)
    return summary
