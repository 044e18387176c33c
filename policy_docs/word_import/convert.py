"""From a checked .docx to an introduction and sections: mammoth makes clean HTML, which is
split at its headings; each body becomes StreamField blocks as the draft editor stores them."""

import functools
import io
import logging
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from urllib.parse import urlsplit

import mammoth
from bs4 import BeautifulSoup, NavigableString, Tag
from django.utils.translation import gettext as _
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.rich_text import RichText

from ..blocks import RICH_TEXT_FEATURES
from ..enums import SectionLevel
from .checks import check_docx
from .errors import WordImportError, damaged
from .limits import ImportLimits
from .package import prepare_package
from .report import DocumentFindings

logger = logging.getLogger(__name__)

MAX_HEADING_LENGTH = 255  # DraftSection.heading
SAFE_LINK_SCHEMES = {"http", "https", "mailto"}
# An outline number typed before a heading: "2.1 Purpose", "3. Scope", "1) Aims", "IV. Funding",
# "(a) Who". At most two digits first, so that "2030 Vision" keeps its year.
_TYPED_NUMBER = re.compile(
    r"""^\s*(?:
        \d{1,2}(?:\.\d{1,3})*[.)]?
        |[IVXLC]{1,6}[.)]
        |[A-Z][.)]
        |\((?:\d{1,3}|[IVXLC]{1,6}|[A-Z])\)
    )\s+""",
    re.VERBOSE | re.IGNORECASE,
)
_NOTE_LINK = re.compile(r"^#((?:footnote|endnote)-[\w-]+)$")


@dataclass
class ParsedSection:
    level: int = 0
    heading: str = ""
    body: list = field(default_factory=list)  # StreamField blocks as (block type, value)
    paragraphs: int = 0
    lists: int = 0
    tables: int = 0
    links: int = 0


@dataclass
class ParsedDocument:
    introduction: str  # rich text
    introduction_paragraphs: int
    sections: list[ParsedSection]
    findings: DocumentFindings

    def as_data(self) -> dict:
        """The document as JSON data, to come back from the process that converted it."""
        return {
            "introduction": self.introduction,
            "introduction_paragraphs": self.introduction_paragraphs,
            "sections": [
                {
                    **asdict(section),
                    "body": [
                        [kind, value.source if kind == "paragraph" else value]
                        for kind, value in section.body
                    ],
                }
                for section in self.sections
            ],
            "findings": asdict(self.findings),
        }

    @classmethod
    def from_data(cls, data: dict) -> "ParsedDocument":
        sections = []
        for section in data["sections"]:
            body = [
                (kind, RichText(value) if kind == "paragraph" else value)
                for kind, value in section["body"]
            ]
            sections.append(ParsedSection(**{**section, "body": body}))
        return cls(
            introduction=data["introduction"],
            introduction_paragraphs=data["introduction_paragraphs"],
            sections=sections,
            findings=DocumentFindings.from_data(data["findings"]),
        )


def strip_typed_number(heading: str) -> str:
    """The heading without an outline number typed before it ("2.1 Purpose" → "Purpose")."""
    return _TYPED_NUMBER.sub("", heading, count=1).strip() or heading.strip()


def heading_identity(heading: str) -> str:
    """What two headings must share to be taken for the same section: their words, whatever
    the case, spacing, punctuation or typed number."""
    text = unicodedata.normalize("NFKC", strip_typed_number(heading)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def _plain(tag: Tag) -> str:
    return " ".join(tag.get_text().split())


def _is_blank(tag: Tag) -> bool:
    return not tag.get_text().strip()


def _has_class(tag: Tag, name: str) -> bool:
    return name in (tag.get("class") or [])


def _heading_level(tag: Tag) -> int | None:
    return int(tag.name[1]) if re.fullmatch(r"h[1-6]", tag.name) else None


@functools.cache
def _converter() -> ContentstateConverter:
    return ContentstateConverter(RICH_TEXT_FEATURES)


def _rich_text(elements: list[Tag]) -> str:
    """The elements as the draft editor stores them. Going through Draftail's own converter
    keeps only the draft's features (bold, italic, lists, links): what is saved is exactly
    what the editor will show and save again."""
    html = "".join(str(element) for element in elements)
    return _converter().to_database_format(_converter().from_database_format(html))


def _take_notes(soup: BeautifulSoup) -> dict[str, Tag]:
    """Footnotes and endnotes, which mammoth lists at the end of the document, by their id."""
    notes = {}
    for item in soup.find_all("li", id=re.compile(r"^(footnote|endnote)-")):
        for back_link in item.find_all("a", href=re.compile(r"^#(footnote|endnote)-ref-")):
            back_link.decompose()
        notes[item["id"]] = item
    for note_list in {id(item.parent): item.parent for item in notes.values()}.values():
        note_list.extract()
    return notes


def _cite_notes(elements: list[Tag], notes: dict[str, Tag], findings, *, in_text=True) -> list:
    """Note references become their plain "[1]" label in the text (or go, in a heading);
    returns the paragraphs of the notes cited, each starting with its label, to go at the end
    of the section."""
    cited = []
    for element in elements:
        for link in element.find_all("a", href=_NOTE_LINK):
            label = link.get_text()
            reference = link.parent if link.parent.name == "sup" else link
            reference.replace_with(label if in_text else "")
            note = notes.pop(_NOTE_LINK.match(link["href"]).group(1), None)
            if note is None:
                continue
            findings.notes += 1
            paragraphs = note.find_all("p") or [note]
            paragraphs[0].name = "p"
            paragraphs[0].insert(0, NavigableString(f"{label} "))
            cited.extend(paragraphs)
    return cited


def _promote_empty_items(element: Tag) -> None:
    """mammoth nests a "List Bullet 2" item that has no item above it under an empty item."""
    for item in element.find_all("li"):
        own_text = "".join(
            child.get_text() if isinstance(child, Tag) else str(child)
            for child in item.children
            if not (isinstance(child, Tag) and child.name in ("ul", "ol"))
        )
        if not own_text.strip():
            for sub_list in item.find_all(["ul", "ol"], recursive=False):
                for sub_item in sub_list.find_all("li", recursive=False):
                    item.insert_before(sub_item.extract())
            item.decompose()


def _clean_links(element: Tag, findings: DocumentFindings) -> int:
    """Keep web and e-mail links; others (bookmarks, internal anchors, file: and script
    links) are unwrapped to their text. Returns the number kept."""
    kept = 0
    for link in element.find_all("a"):
        href = (link.get("href") or "").strip()
        if href and urlsplit(href).scheme.lower() in SAFE_LINK_SCHEMES and not _is_blank(link):
            link.attrs = {"href": href}
            kept += 1
            continue
        if href.startswith("#"):
            findings.internal_links += 1
        elif href and href not in findings.unsafe_links:
            findings.unsafe_links.append(href)
        link.unwrap()
    return kept


def _cell_text(cell: Tag) -> str:
    """A table cell's text: TableBlock cells are plain text, one line per paragraph."""
    for line_break in cell.find_all("br"):
        line_break.replace_with("\n")
    for item in cell.find_all("li"):
        item.insert(0, NavigableString("\n• "))
    for block in cell.find_all(["p", "tr"]):
        block.insert(0, NavigableString("\n"))
    lines = (" ".join(line.split()) for line in cell.get_text().split("\n"))
    return "\n".join(line for line in lines if line)


def _is_bold(cell: Tag) -> bool:
    texts = [text for text in cell.find_all(string=True) if text.strip()]
    return bool(texts) and all(text.find_parent(["strong", "b"]) for text in texts)


def _span(cell: Tag, attribute: str) -> int:
    try:
        return max(1, min(int(cell.get(attribute, 1)), 100))
    except ValueError:
        return 1


def _table_value(table: Tag, caption: str) -> dict:
    """A TableBlock value. Merged cells keep their text in the first cell and leave the cells
    they covered empty. The first row is a header when Word marks it as one (repeated header
    row) or when all its text is bold."""
    rows = [row for row in table.find_all("tr") if row.find_parent("table") is table]
    data: list[list[str]] = []
    covered: dict[int, int] = {}  # column → rows still covered by a merged cell above
    for row in rows:
        values: list[str] = []
        for cell in row.find_all(["td", "th"], recursive=False):
            while covered.get(len(values), 0):
                covered[len(values)] -= 1
                values.append("")
            colspan, rowspan = _span(cell, "colspan"), _span(cell, "rowspan")
            if rowspan > 1:
                covered.update({len(values) + i: rowspan - 1 for i in range(colspan)})
            values += [_cell_text(cell)] + [""] * (colspan - 1)
        while covered.get(len(values), 0):
            covered[len(values)] -= 1
            values.append("")
        data.append(values)
    width = max((len(row) for row in data), default=0)
    data = [row + [""] * (width - len(row)) for row in data]
    first = rows[0].find_all(["td", "th"], recursive=False) if rows else []
    header = (
        len(rows) > 1
        and not all(_is_blank(cell) for cell in first)
        and all(cell.name == "th" or _is_bold(cell) or _is_blank(cell) for cell in first)
    )
    return {
        "data": data,
        "first_row_is_table_header": header,
        "first_col_is_header": False,
        "table_header_choice": "row" if header else "neither",
        "table_caption": caption,
    }


def _is_caption(element: Tag | None) -> bool:
    return element is not None and element.name == "p" and _has_class(element, "docx-caption")


def _with_captions(elements: list[Tag]) -> list[tuple[Tag, str]]:
    """The elements, each table with its caption: a Caption paragraph just above it, or else
    just below it (unless that one is above the next table)."""
    result = []
    skip = set()
    for position, element in enumerate(elements):
        if id(element) in skip:
            continue
        before = elements[position - 1] if position else None
        after = elements[position + 1] if position + 1 < len(elements) else None
        after_next = elements[position + 2] if position + 2 < len(elements) else None
        if element.name != "table":
            if _is_caption(element) and after is not None and after.name == "table":
                continue  # taken by the table below
            result.append((element, ""))
        elif _is_caption(before):
            result.append((element, _plain(before)))
        elif _is_caption(after) and not (after_next is not None and after_next.name == "table"):
            result.append((element, _plain(after)))
            skip.add(id(after))
        else:
            result.append((element, ""))
    return result


def _body(
    elements: list[Tag],
    notes: dict[str, Tag],
    findings: DocumentFindings,
    *,
    cited: list[Tag],
    tables=True,
) -> ParsedSection:
    """The StreamField blocks, and their counts, of what lies between two headings: runs of
    paragraphs and lists become one rich text block each, tables become table blocks; the
    notes cited (`cited` already holds those of headings) go at the end."""
    parsed = ParsedSection()
    cited = cited + _cite_notes(elements, notes, findings)
    text: list[Tag] = []

    def flush():
        kept = [element for element in text if not _is_blank(element)]
        text.clear()
        for element in kept:
            _promote_empty_items(element)
            parsed.links += _clean_links(element, findings)
        lists = sum(1 for element in kept if element.name in ("ul", "ol"))
        parsed.lists += lists
        parsed.paragraphs += len(kept) - lists
        if kept:
            parsed.body.append(("paragraph", RichText(_rich_text(kept))))

    for element, caption in _with_captions(elements):
        if element.name != "table":
            text.append(element)
        elif not tables:
            findings.introduction_tables += 1
        else:
            flush()
            parsed.body.append(("table", _table_value(element, caption)))
            parsed.tables += 1
    text.extend(cited)
    flush()
    return parsed


def _bold_paragraph(soup: BeautifulSoup, text: str) -> Tag:
    paragraph, bold = soup.new_tag("p"), soup.new_tag("b")
    bold.string = text
    paragraph.append(bold)
    return paragraph


def parse_html(html: str, findings: DocumentFindings) -> ParsedDocument:
    """Split mammoth's HTML at its headings into the introduction and the sections. The top
    three heading levels used become chapters, sections and sub-sections; deeper headings stay
    in the text as bold paragraphs."""
    soup = BeautifulSoup(html, "html.parser")
    notes = _take_notes(soup)
    elements = [child for child in soup.children if isinstance(child, Tag)]
    if all(_is_blank(element) for element in elements):
        raise WordImportError(_("The document has no text to import."))
    levels = {_heading_level(e) for e in elements if _heading_level(e) and not _is_blank(e)}
    if not levels:
        raise WordImportError(
            _(
                "The document has no headings, so it cannot be split into sections. Mark the "
                "chapter, section and sub-section headings with Word's Heading 1, Heading 2 and "
                "Heading 3 styles and try again."
            )
        )
    top = min(levels)
    findings.promoted_from = top if top > 1 else 0

    # [level, heading, elements, notes cited in headings]; the first is the introduction.
    bodies: list[list] = [[0, "", [], []]]
    titles: list[str] = []
    for element in elements:
        current = bodies[-1]
        level = _heading_level(element)
        if _has_class(element, "docx-title"):
            if len(bodies) > 1:
                current[2].append(_bold_paragraph(soup, _plain(element)))
            elif not _is_blank(element):
                titles.append(_plain(element))
            continue
        if level is None:
            current[2].append(element)
            continue
        heading_notes = _cite_notes([element], notes, findings, in_text=False)
        for line_break in element.find_all("br"):
            line_break.replace_with(" ")
        text = _plain(element)
        level = level - top + 1
        if not text or level > SectionLevel.SUBSECTION:
            current[3] += heading_notes
            if text:
                findings.deep_headings += 1
                current[2].append(_bold_paragraph(soup, text))
            else:
                findings.empty_headings += 1
            continue
        heading = strip_typed_number(text)
        findings.numbers_removed += heading != text
        if len(heading) > MAX_HEADING_LENGTH:
            heading = heading[: MAX_HEADING_LENGTH - 1].rstrip() + "…"
            findings.shortened_headings += 1
        if level > current[0] + 1:
            level = current[0] + 1
            findings.adjusted_levels.append((heading, level))
        bodies.append([level, heading, [], heading_notes])
    findings.title = " – ".join(titles)

    (_level, _heading, elements, cited), *rest = bodies
    introduction = _body(elements, notes, findings, cited=cited, tables=False)
    sections = []
    for level, heading, elements, cited in rest:
        section = _body(elements, notes, findings, cited=cited)
        section.level, section.heading = level, heading
        sections.append(section)
    return ParsedDocument(
        introduction="".join(value.source for _type, value in introduction.body),
        introduction_paragraphs=introduction.paragraphs,
        sections=sections,
        findings=findings,
    )


def parse_docx(data: bytes, limits: ImportLimits | None = None) -> ParsedDocument:
    """Check and convert a .docx file into an introduction and sections, saving nothing.
    Raises WordImportError for a file that cannot be imported, or that holds more than
    `limits` (by default the settings'). Runs in this process, without a memory cap: the
    import runs it through `sandbox.parse_docx_capped`."""
    package = check_docx(data, limits)
    findings = DocumentFindings()
    prepared, style_map = prepare_package(package, findings)

    def drop_image(image):
        findings.images += 1
        return []

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(prepared),
            style_map=style_map,
            convert_image=drop_image,
            # A document may carry a style map of its own: ours decides.
            include_embedded_style_map=False,
        )
    except Exception as error:  # mammoth raises many kinds of error on broken documents
        logger.warning("mammoth could not convert a .docx file", exc_info=True)
        raise damaged() from error
    for message in result.messages:
        logger.debug("mammoth: %s", message.message)
    return parse_html(result.value, findings)
