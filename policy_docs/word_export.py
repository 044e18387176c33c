"""A draft of a policy, or the adopted policy, as a clean Word document (python-docx): a title
page, the introduction, then each section under a real Word heading ("1.2 Purpose" in
Heading 2) and its text. The structure stays plain (styles, lists, tables, hyperlinks; no
text boxes or content controls) so that the Word importer can read an export back."""

import datetime
import re
from urllib.parse import urljoin

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from wagtail.rich_text import expand_db_html

from . import sections as section_numbering
from .enums import DraftStatus

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DETAILS_STYLE = "Export Details"

_BLOCK_TAGS = ["p", "div", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"]
_LIST_TAGS = ["ul", "ol"]
_SPACES = re.compile(r"\s+")
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_CHARACTER = Pt(7.5)  # an average bold character, wide enough for the fonts LibreOffice substitutes
_CELL_PADDING = Cm(0.4)


def export_filename(draft) -> str:
    """The download's file name, e.g. national-diaspora-policy-draft-2.docx."""
    name = "-".join(part for part in (slugify(draft.policy.title), slugify(draft.title)) if part)
    return f"{name or 'policy'}.docx"


def _window(draft) -> str:
    """The consultation window, e.g. 1 March – 31 March 2026 (both years when they differ)."""
    opens, closes = timezone.localtime(draft.opens_at), timezone.localtime(draft.closes_at)
    first = date_format(opens, "j F" if opens.year == closes.year else "j F Y")
    return f"{first} – {date_format(closes, 'j F Y')}"


def status_line(draft, now=None) -> str:
    """What this text is, for the title page: "Adopted policy", "Draft for consultation,
    open 1 March – 31 March 2026", ..."""
    now = now or timezone.now()
    if draft.status == DraftStatus.ADOPTED:
        if draft.first_published_at:
            published = date_format(timezone.localtime(draft.first_published_at), "DATE_FORMAT")
            return _("Adopted policy, published on %(date)s") % {"date": published}
        return _("Adopted policy")
    if draft.status == DraftStatus.PREPARATION:
        return _("Draft in preparation, not yet open for comments")
    if not (draft.opens_at and draft.closes_at):
        return _("Draft for consultation")
    if draft.status == DraftStatus.CLOSED or draft.closes_at <= now:
        return _("Draft for consultation, open %(window)s (closed)") % {"window": _window(draft)}
    return _("Draft for consultation, open %(window)s") % {"window": _window(draft)}


class _RichText:
    """Writes Wagtail rich text (HTML with expanded links) into a document: paragraphs with
    bold and italic runs, lists in Word's list styles (three levels, each numbered list
    restarting at 1) and hyperlinks with an external relationship."""

    def __init__(self, document, page_url: str):
        self.document = document
        self.page_url = page_url
        self._last_item = None
        self._written = []

    def write(self, html: str) -> None:
        self._written = []
        self._blocks(BeautifulSoup(html, "html.parser").children)
        for paragraph in self._written:  # HTML ignores the spaces that end a block
            if (texts := paragraph._p.xpath(".//w:t")) and texts[-1].text:
                texts[-1].text = texts[-1].text.rstrip()

    def _paragraph(self, style=None):
        paragraph = self.document.add_paragraph(style=style)
        self._written.append(paragraph)
        return paragraph

    def _blocks(self, nodes) -> None:
        loose = None  # a paragraph for inline content found outside any block
        previous = None  # the last paragraph written here, kept on the page of a list after it
        for node in nodes:
            if isinstance(node, Tag) and node.name in _LIST_TAGS:
                if previous is not None:
                    previous.paragraph_format.keep_with_next = True
                self._list(node, depth=1)
                loose = previous = None
            elif isinstance(node, Tag) and node.name in _BLOCK_TAGS:
                if node.find(_BLOCK_TAGS + _LIST_TAGS):
                    self._blocks(node.children)
                    previous = None
                else:
                    previous = self._paragraph()
                    self._inline(node, previous)
                loose = None
            elif isinstance(node, Comment) or (isinstance(node, str) and not node.strip()):
                continue
            else:
                loose = previous = loose or self._paragraph()
                self._inline(node, loose)

    def _list(self, node: Tag, depth: int) -> None:
        kind = "Number" if node.name == "ol" else "Bullet"
        level = min(depth, 3)
        suffix = f" {level}" if level > 1 else ""
        style = f"List {kind}{suffix}"
        number = self._restarted_numbering(style) if kind == "Number" else None
        for item in node.find_all("li", recursive=False):
            paragraph = self._list_paragraph(style, number)
            for child in item.children:
                if isinstance(child, Tag) and child.name in _LIST_TAGS:
                    self._list(child, depth + 1)
                    paragraph = None
                elif isinstance(child, Tag) or child.strip():
                    # Text after a nested list continues the item, indented but unnumbered.
                    paragraph = paragraph or self._list_paragraph(f"List Continue{suffix}", None)
                    self._inline(child, paragraph)
        if depth == 1 and self._last_item is not None:
            self._last_item.paragraph_format.space_after = None  # the style's space after a list

    def _list_paragraph(self, style: str, number: int | None):
        # Items sit close together, including those of a nested list (another style).
        paragraph = self._last_item = self._paragraph(style)
        paragraph.paragraph_format.space_after = Pt(0)
        if number is not None:
            properties = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            properties.get_or_add_ilvl().val = 0
            properties.get_or_add_numId().val = number
        return paragraph

    def _restarted_numbering(self, style: str) -> int:
        """A new numbering instance of `style`'s list, starting at 1: every paragraph in a
        "List Number" style shares one counter, which would run on from the previous list."""
        numbering = self.document.part.numbering_part.numbering_definitions._numbering
        style_number = self.document.styles[style].element.pPr.numPr.numId.val
        abstract = numbering.num_having_numId(style_number).abstractNumId.val
        instance = numbering.add_num(abstract)
        instance.add_lvlOverride(ilvl=0).add_startOverride(1)
        return instance.numId

    def _inline(self, node, paragraph, *, bold=False, italic=False, link=None) -> None:
        if isinstance(node, Comment):
            return
        if isinstance(node, NavigableString):
            text = _SPACES.sub(" ", str(node))
            if not paragraph.text:
                text = text.lstrip()
            if text:
                self._run(paragraph, text, bold=bold, italic=italic, link=link)
            return
        if node.name == "br":
            self._run(paragraph, "", bold=bold, italic=italic, link=link).add_break()
            return
        if node.name in ("b", "strong"):
            bold = True
        elif node.name in ("i", "em"):
            italic = True
        elif node.name == "a" and link is None and (href := node.get("href")):
            link = self._hyperlink(paragraph, urljoin(self.page_url, href))
        for child in node.children:
            self._inline(child, paragraph, bold=bold, italic=italic, link=link)

    def add_link(self, paragraph, url: str, text: str) -> None:
        self._run(paragraph, text, bold=False, italic=False, link=self._hyperlink(paragraph, url))

    def _run(self, paragraph, text, *, bold, italic, link):
        run = paragraph.add_run(text)
        run.bold, run.italic = bold or None, italic or None
        if link is not None:
            run.style = "Hyperlink"
            link.append(run._r)  # moves the run into the hyperlink
        return run

    def _hyperlink(self, paragraph, url: str):
        relationship = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), relationship)
        link.set(qn("w:history"), "1")
        paragraph._p.append(link)
        return link


def _column_widths(rows, count: int, available: int) -> list[int]:
    """Column widths that keep each column's longest word on one line, then share the rest
    of the width in proportion to the text that would still wrap, so that short columns
    (dates, numbers) stay narrow."""
    least, wanted = [], []
    for column in range(count):
        texts = [row[column] for row in rows if column < len(row)]
        longest_word = max((len(word) for text in texts for word in text.split()), default=1)
        longest_line = max((len(line) for text in texts for line in text.splitlines()), default=1)
        least.append(longest_word * _CHARACTER + _CELL_PADDING)
        wanted.append(max(least[-1], min(longest_line, 60) * _CHARACTER + _CELL_PADDING))
    if sum(least) >= available:
        return [available * width // sum(least) for width in least]
    if sum(wanted) <= available:
        return [available * width // sum(wanted) for width in wanted]
    spare, extra = available - sum(least), [w - m for w, m in zip(wanted, least, strict=True)]
    return [m + spare * e // sum(extra) for m, e in zip(least, extra, strict=True)]


def _table(document, value):
    """A TableBlock value as a "Table Grid" table, its caption above it in the "Caption"
    style; a header row is bold and repeats on each page, and no row breaks across pages.
    Trailing empty rows and columns, left over from the table editor, are dropped."""
    rows = [["" if cell is None else str(cell).strip() for cell in row] for row in value["data"]]
    while rows and not any(rows[-1]):
        rows.pop()
    count = max((i + 1 for row in rows for i, cell in enumerate(row) if cell), default=0)
    if not count:
        return None
    if caption := (value.get("table_caption") or "").strip():
        document.add_paragraph(caption, style="Caption").paragraph_format.keep_with_next = True
    page = document.sections[-1]
    widths = _column_widths(rows, count, page.page_width - page.left_margin - page.right_margin)
    table = document.add_table(rows=0, cols=count)
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Emu(width)  # the grid, which LibreOffice reads
    header_row = bool(value.get("first_row_is_table_header"))
    header_col = bool(value.get("first_col_is_header"))
    for index, texts in enumerate(rows):
        row = table.add_row()
        is_header = header_row and index == 0
        properties = row._tr.get_or_add_trPr()
        for name, wanted in (("w:cantSplit", True), ("w:tblHeader", is_header)):
            if wanted:  # in the schema's order: cantSplit before tblHeader
                element = OxmlElement(name)
                element.set(qn("w:val"), "true")
                properties.append(element)
        texts = texts + [""] * (count - len(texts))
        for column, (cell, text, width) in enumerate(zip(row.cells, texts, widths, strict=False)):
            cell.width = Emu(width)
            run = cell.paragraphs[0].add_run(text)  # "\n" becomes a line break
            if is_header or (header_col and column == 0):
                run.bold = True
    return table


def _fill(paragraph, template: str, parts: dict) -> None:
    """Write the translated `template` into `paragraph`, each %(name)s in it by calling
    `parts[name](paragraph)`: a translation may put them in any order."""
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        if text := template[position : match.start()]:
            paragraph.add_run(text)
        parts[match.group(1)](paragraph)
        position = match.end()
    if text := template[position:]:
        paragraph.add_run(text)


def _field(paragraph, instruction: str) -> None:
    """A field (PAGE, NUMPAGES) that Word and LibreOffice compute when they lay out pages."""

    def field_char(kind):
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(char)

    field_char("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    field_char("separate")
    paragraph.add_run("1")  # shown until the field is computed
    field_char("end")


def _footer(section, draft) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(f"{draft.policy.title} · {draft.title} · ")
    _fill(
        paragraph,
        _("Page %(page)s of %(pages)s"),
        {
            "page": lambda p: _field(p, "PAGE"),
            "pages": lambda p: _field(p, "NUMPAGES"),
        },
    )


def _new_document(draft, now):
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    hyperlink = document.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    hyperlink.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    hyperlink.font.underline = True
    # The status and export lines of the title page: an importer can tell them from the text.
    details = document.styles.add_style(DETAILS_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    details.base_style = document.styles["Normal"]
    properties = document.core_properties
    properties.title, properties.subject = draft.policy.title, draft.title
    properties.author = properties.last_modified_by = ""
    properties.comments = ""
    properties.created = properties.modified = now.astimezone(datetime.UTC)
    properties.language = get_language() or settings.LANGUAGE_CODE
    return document


def _title_page(document, rich_text, draft, *, now, page_url, introduction: bool) -> None:
    document.add_paragraph(draft.policy.title, style="Title")
    document.add_paragraph(draft.title, style="Subtitle")
    if (status := status_line(draft, now)).casefold() != draft.title.casefold():
        document.add_paragraph(status, style=DETAILS_STYLE)
    exported = date_format(timezone.localtime(now), "DATE_FORMAT")
    _fill(
        document.add_paragraph(style=DETAILS_STYLE),
        _("Exported on %(date)s from %(address)s"),
        {
            "date": lambda p: p.add_run(exported),
            "address": lambda p: rich_text.add_link(p, page_url, page_url),
        },
    )
    if introduction and draft.introduction:
        rich_text.write(expand_db_html(draft.introduction))


def export_policy(*, draft, output, introduction: bool = True, page_url=None, now=None) -> None:
    """Write `draft` (a DraftPage: any draft, or the adopted policy) as a .docx to `output`,
    a path or a binary file. Relative links in the text (documents, pages, #anchors) are
    made absolute against `page_url`, by default the draft's address under the site's base
    URL (WAGTAILADMIN_BASE_URL, as in the e-mails)."""
    now = now or timezone.now()
    page_url = page_url or urljoin(settings.WAGTAILADMIN_BASE_URL, draft.get_url() or "/")
    document = _new_document(draft, now)
    rich_text = _RichText(document, page_url)
    _title_page(document, rich_text, draft, now=now, page_url=page_url, introduction=introduction)
    _footer(document.sections[0], draft)

    ordered = list(draft.sections.all())
    section_numbering.assign_numbers(ordered)  # as the page shows them
    for position, section in enumerate(ordered):
        heading = document.add_heading(f"{section.number} {section.heading}", level=section.level)
        heading.paragraph_format.page_break_before = position == 0
        table = None  # the block before, when it was a table
        for block in section.body:
            if block.block_type == "table":
                if table is not None:
                    document.add_paragraph()  # else Word joins the two tables into one
                table = _table(document, block.value)
                continue
            if block.block_type == "paragraph":
                rich_text.write(expand_db_html(block.value.source))
            else:  # a block type added later: its text at least
                rich_text.write(str(block))
            if table is not None and (following := table._tbl.getnext()) is not None:
                if following.tag == qn("w:p"):  # text straight after a table needs air
                    Paragraph(following, table._parent).paragraph_format.space_before = Pt(10)
            table = None
    document.save(output)
