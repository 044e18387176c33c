"""What a Word document may hold, counted before anything expands it in memory.

mammoth builds a tree of the whole document, and the import pads each table row to the widest
row of its table: a 3 KB file holding one row of 1,000 cells that span 100 columns each and
10,000 one-cell rows would become a billion cells. So one streaming pass over every XML part
of the package (lxml's iterparse, each element dropped as soon as it is read) counts what
costs memory and time later, and refuses the document at the first count over its limit. The
table cells counted are those after the padding (rows × widest row, a merged cell counting
for the columns it spans), worked out from the XML without building any table. A document
type declaration is refused outright: Word never writes one, and its entities are how a few
kilobytes of XML expand to gigabytes.

The limits are settings (`WORD_IMPORT_MAX_…`); each refusal is one sentence naming the limit
and what to do.
"""

import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from lxml import etree

from .errors import WordImportError, damaged

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PARAGRAPH, RUN = f"{W}p", f"{W}r"
TABLE, ROW, CELL, GRID_SPAN = f"{W}tbl", f"{W}tr", f"{W}tc", f"{W}gridSpan"
FIELD_CHARACTER = f"{W}fldChar"
# Paragraph and character styles, and list definitions and their instances.
STYLE_TAGS = {f"{W}style", f"{W}abstractNum", f"{W}num"}
MAX_SPAN = 100  # as convert._span reads a merged cell's width


@dataclass(frozen=True)
class ImportLimits:
    table_cells: int
    paragraphs: int
    table_depth: int
    field_depth: int
    characters: int
    paragraph_characters: int
    runs: int
    xml_elements: int
    styles: int
    memory_mb: int
    cpu_seconds: int

    @classmethod
    def from_settings(cls) -> "ImportLimits":
        return cls(
            table_cells=settings.WORD_IMPORT_MAX_TABLE_CELLS,
            paragraphs=settings.WORD_IMPORT_MAX_PARAGRAPHS,
            table_depth=settings.WORD_IMPORT_MAX_TABLE_DEPTH,
            field_depth=settings.WORD_IMPORT_MAX_FIELD_DEPTH,
            characters=settings.WORD_IMPORT_MAX_CHARACTERS,
            paragraph_characters=settings.WORD_IMPORT_MAX_PARAGRAPH_CHARACTERS,
            runs=settings.WORD_IMPORT_MAX_RUNS,
            xml_elements=settings.WORD_IMPORT_MAX_XML_ELEMENTS,
            styles=settings.WORD_IMPORT_MAX_STYLES,
            memory_mb=settings.WORD_IMPORT_MEMORY_MB,
            cpu_seconds=settings.WORD_IMPORT_CPU_SECONDS,
        )


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def over_limit(limit: str, value: int) -> WordImportError:
    """The refusal for a document over one of its limits (`limit` names an ImportLimits
    field), in one sentence that says what to do."""
    sentences = {
        "table_cells": _(
            "The document's tables have more than %(limit)s cells (a merged cell counts for "
            "every cell it covers), more than one draft can hold: split the largest tables or "
            "move the annexes to a separate document, and upload it again."
        ),
        "paragraphs": _(
            "The document has more than %(limit)s paragraphs, more than one draft can hold: "
            "remove what does not belong to the draft, or ask an administrator to raise the "
            "limit."
        ),
        "table_depth": _(
            "The document has tables nested more than %(limit)s deep (a table in a table in a "
            "table): move the inner tables' content into the outer table or the text, and upload "
            "it again."
        ),
        "field_depth": _(
            "The document has more than %(limit)s fields (automatic text such as page numbers, "
            "links or a table of contents) open inside one another: update or unlink the fields "
            "in Word (select all, then Ctrl+Shift+F9) and upload it again."
        ),
        "characters": _(
            "The document has more than %(limit)s characters of text, more than one draft can "
            "hold: remove what does not belong to the draft, or ask an administrator to raise "
            "the limit."
        ),
        "paragraph_characters": _(
            "One paragraph of the document has more than %(limit)s characters: break it into "
            "paragraphs in Word and upload it again."
        ),
        "runs": _(
            "The document's text is cut into more than %(limit)s separately formatted pieces "
            "(runs), far more than its text needs: copy the text into a new Word document, "
            "save that and upload it."
        ),
        "xml_elements": _(
            "The document's file holds more than %(limit)s XML elements, far more than its text "
            "needs: copy the text into a new Word document, save that and upload it."
        ),
        "styles": _(
            "The document defines more than %(limit)s styles and list formats, far more than "
            "Word uses: copy the text into a new Word document, save that and upload it."
        ),
        "memory_mb": _(
            "Reading the document needed more than %(limit)s MB of memory, the most an import "
            "may use: split it into smaller documents, or ask an administrator to raise the "
            "limit."
        ),
        "cpu_seconds": ngettext(
            "Reading the document took more than %(limit)s second, the longest an import may "
            "take: split it into smaller documents, or ask an administrator to raise the limit.",
            "Reading the document took more than %(limit)s seconds, the longest an import may "
            "take: split it into smaller documents, or ask an administrator to raise the limit.",
            value,
        ),
    }
    return WordImportError(sentences[limit] % {"limit": _number(value)})


class _Counts:
    """Running totals over the parts of one package, refused as soon as one is over."""

    def __init__(self, limits: ImportLimits):
        self.limits = limits
        self.totals = dict.fromkeys(
            ("paragraphs", "runs", "characters", "table_cells", "xml_elements", "styles"), 0
        )

    def add(self, name: str, amount: int = 1) -> None:
        self.totals[name] += amount
        self.check(name, self.totals[name])

    def check(self, name: str, value: int) -> None:
        if value > getattr(self.limits, name):
            raise over_limit(name, getattr(self.limits, name))


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), MAX_SPAN))
    except ValueError:
        return 1


def _scan_part(stream, counts: _Counts) -> None:
    """Count one XML part as it streams past. Each element is emptied when it ends and
    dropped once the next one ends, so the memory used stays that of the open elements
    (at most 256 deep: deeper XML is refused by the parser itself)."""
    limits = counts.limits
    tables: list[list[int]] = []  # per open table: rows, widest row, width of the open row
    paragraphs: list[int] = []  # characters of each open paragraph
    # Fields begun and not yet ended: mammoth looks through all of them at every run.
    fields = 0
    events = etree.iterparse(
        stream,
        events=("start", "end"),
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    first = True
    for event, element in events:
        if first:
            if element.getroottree().docinfo.doctype:
                raise damaged()
            first = False
        tag = element.tag
        if event == "start":
            counts.add("xml_elements")
            if tag == PARAGRAPH:
                counts.add("paragraphs")
                paragraphs.append(0)
            elif tag == RUN:
                counts.add("runs")
            elif tag == TABLE:
                tables.append([0, 0, 0])
                if len(tables) > limits.table_depth:
                    raise over_limit("table_depth", limits.table_depth)
            elif tag == ROW and tables:
                tables[-1][0] += 1
                tables[-1][2] = 0
            elif tag == CELL and tables:
                tables[-1][2] += 1
            elif tag == GRID_SPAN and tables:
                tables[-1][2] += _span(element.get(f"{W}val")) - 1
            elif tag == FIELD_CHARACTER:
                kind = element.get(f"{W}fldCharType")
                if kind == "begin":
                    fields += 1
                    if fields > limits.field_depth:
                        raise over_limit("field_depth", limits.field_depth)
                elif kind == "end":
                    fields = max(0, fields - 1)
            elif tag in STYLE_TAGS:
                counts.add("styles")
            continue

        # The element's own text, and the text after each child still kept (the others'
        # was counted when they were dropped).
        characters = len(element.text or "") + sum(len(child.tail or "") for child in element)
        element.clear(keep_tail=True)
        if (parent := element.getparent()) is not None:
            while (previous := element.getprevious()) is not None:
                characters += len(previous.tail or "")
                del parent[0]
        if characters:
            counts.add("characters", characters)
            if paragraphs:
                paragraphs[-1] += characters
                if paragraphs[-1] > limits.paragraph_characters:
                    raise over_limit("paragraph_characters", limits.paragraph_characters)
        if tag == PARAGRAPH and paragraphs:
            paragraphs.pop()
        elif tag == ROW and tables:
            rows, widest, width = tables[-1]
            tables[-1][1] = widest = max(widest, width)
            counts.check("table_cells", counts.totals["table_cells"] + rows * widest)
        elif tag == TABLE and tables:
            rows, widest, _width = tables.pop()
            counts.add("table_cells", rows * widest)


def check_limits(archive: zipfile.ZipFile, names: list[str], limits: ImportLimits) -> None:
    """Refuse the document when its XML parts `names` hold more than `limits` allow, or a
    document type declaration, reading each part as a stream from the zip file."""
    counts = _Counts(limits)
    for name in names:
        try:
            with archive.open(name) as stream:
                _scan_part(stream, counts)
        except etree.XMLSyntaxError as error:
            raise damaged() from error
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as error:
            raise damaged() from error
