"""A Word document's body written as OOXML text and streamed into the document python-docx
saves. python-docx's API looks a style up by scanning every style and appends each paragraph by
scanning the body's children, so a long document written through it is quadratic (10,000 items
took 41 s); strings joined and parsed once grow linearly.

Plain functions that return XML text: `paragraph`, `run`, `table_xml`, `picture`, `toc_field`.
Every text goes through `text_runs`, which escapes it and drops the characters XML 1.0 forbids
(control characters other than tab and line feed): one bad byte in a comment must not make
the whole export unreadable."""

import io
import re
import tempfile
import zipfile
from xml.sax.saxutils import escape

from docx.shared import Cm, Emu
from lxml import etree

# Characters XML 1.0 does not allow: C0 controls but tab, line feed and carriage return;
# lone surrogates; U+FFFE and U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile(r"\r\n|\r|\n|\t")
_MARK = "body parts go here"


def xml_text(text: str) -> str:
    """`text` fit for XML element content: forbidden characters dropped, markup escaped."""
    return escape(_FORBIDDEN.sub("", text))


def text_runs(text: str) -> str:
    """The content of a run showing `text`: line breaks as <w:br/>, tabs as <w:tab/>, as
    python-docx's `run.text` writes them."""
    if "\n" not in text and "\t" not in text and "\r" not in text:  # most texts: one w:t
        return f'<w:t xml:space="preserve">{xml_text(text)}</w:t>'
    parts = []
    position = 0
    for match in _BREAKS.finditer(text):
        if match.start() > position:
            piece = xml_text(text[position : match.start()])
            parts.append(f'<w:t xml:space="preserve">{piece}</w:t>')
        parts.append("<w:tab/>" if match.group() == "\t" else "<w:br/>")
        position = match.end()
    if position < len(text):
        parts.append(f'<w:t xml:space="preserve">{xml_text(text[position:])}</w:t>')
    return "".join(parts)


def run(text: str, *, bold: bool = False, size: float | None = None) -> str:
    """A run of `text`; `size` in points."""
    properties = ("<w:b/>" if bold else "") + (f'<w:sz w:val="{round(size * 2)}"/>' if size else "")
    properties = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    return f"<w:r>{properties}{text_runs(text)}</w:r>"


def paragraph(content: str = "", *, style: str | None = None, properties: str = "") -> str:
    """A paragraph of `content` (runs' XML) in the style of id `style`."""
    style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
    pPr = f"<w:pPr>{style_xml}{properties}</w:pPr>" if style_xml or properties else ""  # noqa: N806
    return f"<w:p>{pPr}{content}</w:p>"


def text_paragraph(text: str, *, style: str | None = None, bold: bool = False) -> str:
    return paragraph(run(text, bold=bold) if text else "", style=style)


def twips(length: Emu) -> int:
    return int(length) // 635


def table_xml(
    rows: list[list[str]],
    *,
    widths: list[int],
    style: str,
    header: bool = True,
    fixed: bool = False,
    size: float | None = None,
) -> str:
    """A table of texts (one list per row), columns `widths` wide (twips). With `header`, the
    first row is bold and repeated at the top of each page; `size` is the text's, in points."""
    layout = '<w:tblLayout w:type="fixed"/>' if fixed else ""
    parts = [
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:type="auto" w:w="0"/>{layout}'
        '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
        'w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{width}"/>' for width in widths),
        "</w:tblGrid>",
    ]
    cells = [f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr><w:p>' for width in widths]
    for number, texts in enumerate(rows):
        first = number == 0 and header
        parts.append('<w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>' if first else "<w:tr>")
        for cell, text in zip(cells, texts, strict=True):
            parts.append(cell)
            if text:
                parts.append(run(text, bold=first, size=size))
            parts.append("</w:p></w:tc>")
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def picture(document, image, width: Emu) -> str:
    """A paragraph holding `image` (a file or file-like object) `width` wide, its height to
    scale: the image part is added through python-docx, the paragraph returned as text."""
    inline = document.part.new_pic_inline(image, width, None)
    drawing = etree.tostring(inline, encoding="unicode")
    return f"<w:p><w:r><w:drawing>{drawing}</w:drawing></w:r></w:p>"


def toc_field(placeholder: str) -> str:
    """A table of contents (headings 1 to 3, as links) that Word fills in when it updates
    fields; `placeholder` shows until it does."""

    def char(kind):
        return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'

    instruction = (
        '<w:r><w:instrText xml:space="preserve">TOC \\o "1-3" \\h \\z \\u</w:instrText></w:r>'
    )
    return paragraph(
        char("begin") + instruction + char("separate") + run(placeholder) + char("end")
    )


def section_break(section_properties) -> str:
    """A paragraph that ends a section laid out as `section_properties` (a w:sectPr)."""
    return f"<w:p><w:pPr>{etree.tostring(section_properties, encoding='unicode')}</w:pPr></w:p>"


def style_ids(document, *names: str) -> dict[str, str]:
    """The ids of the styles named `names` in `document`'s template, looked up once."""
    return {name: document.styles[name].style_id for name in names}


class Body:
    """A document's body written as OOXML text parts, in order, with the ids of the template's
    styles resolved once. The parts go to a temporary file as they come, and `save()` streams
    them into the package's main part: neither the whole text nor its parsed tree is ever in
    memory (parsing 50,000 items' XML into the python-docx tree took 1.1 GB)."""

    SPILL_EVERY = 2000  # parts held before they are written out

    def __init__(self, document):
        self.document = document
        self.styles = style_ids(
            document, "Title", "Heading 1", "Heading 2", "Caption", "Table Grid"
        )
        self._parts: list[str] = []
        self._file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 closed by save

    def add(self, xml: str):
        self._parts.append(xml)
        if len(self._parts) >= self.SPILL_EVERY:
            self._spill()

    def _spill(self):
        self._file.write("".join(self._parts))
        self._parts.clear()

    def heading(self, text: str, level: int):
        style = self.styles["Title" if level == 0 else f"Heading {level}"]
        self.add(text_paragraph(text, style=style))

    def paragraph(self, text: str, *, style: str | None = None, bold: bool = False):
        style = self.styles[style] if style else None
        self.add(text_paragraph(text, style=style, bold=bold))

    def table(self, rows, widths, **options):
        self.add(table_xml(rows, widths=widths, style=self.styles["Table Grid"], **options))

    def chart(self, png: bytes, caption: str):
        self.add(picture(self.document, io.BytesIO(png), Cm(16)))
        self.paragraph(caption, style="Caption")

    def save(self, output):
        """Save the document to `output` (a path or a binary file) with the parts in its body,
        before its final section properties."""
        self._spill()
        self._file.seek(0)
        mark = etree.Comment(_MARK)
        self.document.element.body.sectPr.addprevious(mark)
        package = io.BytesIO()
        self.document.save(package)
        main = self.document.part.partname.lstrip("/")
        with (
            zipfile.ZipFile(package) as source,
            zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for info in source.infolist():
                if info.filename != main:
                    target.writestr(info, source.read(info))
                    continue
                head, tail = source.read(info).split(f"<!--{_MARK}-->".encode())
                streamed = zipfile.ZipInfo(main, info.date_time)
                streamed.compress_type = zipfile.ZIP_DEFLATED
                with target.open(streamed, "w") as stream:
                    stream.write(head)
                    while chunk := self._file.read(1 << 20):
                        stream.write(chunk.encode())
                    stream.write(tail)
        self._file.close()
