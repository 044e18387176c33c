"""Word files for the import tests, built on the fly: python-docx for what it has an API for,
lxml edits of the XML for the rest (multi-level numbering, tracked changes, text boxes,
footnotes, a table of contents), and the bad files the importer must refuse."""

import io
import os
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches
from lxml import etree
from msoffcrypto.format.ooxml import OOXMLFile

W_NS = nsdecls("w")
MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
WPS = 'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
VML = 'xmlns:v="urn:schemas-microsoft-com:vml"'
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"


def new_document() -> Document:
    return Document()


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name: str = "draft.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name,
        data,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


# --- Content ---------------------------------------------------------------------------------


def png() -> bytes:
    """A one-pixel PNG."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def add_picture(document) -> None:
    document.add_picture(io.BytesIO(png()), width=Inches(1))


def add_chart(document) -> None:
    """A chart as Word writes it: DrawingML, with a picture of it for older readers."""
    r_id, _image = document.part.get_or_add_image(io.BytesIO(png()))
    graphic = (
        '<wp:inline><wp:docPr id="{id}" name="{name}"/><a:graphic>'
        '<a:graphicData uri="{uri}">{content}</a:graphicData></a:graphic></wp:inline>'
    )
    chart = graphic.format(
        id=20,
        name="Chart 1",
        uri="http://schemas.openxmlformats.org/drawingml/2006/chart",
        content=f'<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        f'r:id="{r_id}"/>',
    )
    picture = graphic.format(
        id=21,
        name="Picture 1",
        uri="http://schemas.openxmlformats.org/drawingml/2006/picture",
        content=f'<pic:pic><pic:blipFill><a:blip r:embed="{r_id}"/></pic:blipFill></pic:pic>',
    )
    document.add_paragraph()._p.append(
        parse_xml(
            f"<w:r {nsdecls('w', 'wp', 'a', 'pic', 'r')} {MC}><mc:AlternateContent>"
            f'<mc:Choice Requires="c"><w:drawing>{chart}</w:drawing></mc:Choice>'
            f"<mc:Fallback><w:drawing>{picture}</w:drawing></mc:Fallback></mc:AlternateContent></w:r>"
        )
    )


def add_equation(document, text: str = "x = 1") -> None:
    math = 'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
    document.add_paragraph()._p.append(
        parse_xml(
            f"<m:oMathPara {math}><m:oMath><m:r><m:t>{text}</m:t></m:r></m:oMath></m:oMathPara>"
        )
    )


def add_hyperlink(paragraph, url: str, text: str) -> None:
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    run_text = OxmlElement("w:t")
    run_text.text = text
    run.append(run_text)
    link.append(run)
    paragraph._p.append(link)


def add_anchor_link(paragraph, anchor: str, text: str) -> None:
    paragraph._p.append(
        parse_xml(
            f'<w:hyperlink {W_NS} w:anchor="{anchor}"><w:r><w:t>{text}</w:t></w:r></w:hyperlink>'
        )
    )


def add_numbering(document, formats: list[str]) -> int:
    """A multi-level list definition as Word writes one (formats per level: "bullet",
    "decimal", "lowerLetter"...); returns its numId."""
    numbering = document.part.numbering_part.element
    abstract_id = 1 + max(
        int(a.get(qn("w:abstractNumId"))) for a in numbering.iterchildren(qn("w:abstractNum"))
    )
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{"•" if fmt == "bullet" else f"%{level + 1}."}"/>'
        f'<w:pPr><w:ind w:left="{720 * (level + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
        for level, fmt in enumerate(formats)
    )
    abstract = parse_xml(
        f'<w:abstractNum {W_NS} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
    )
    numbering.find(qn("w:num")).addprevious(abstract)  # abstract definitions come first
    num_id = 1 + max(int(n.get(qn("w:numId"))) for n in numbering.iterchildren(qn("w:num")))
    numbering.append(
        parse_xml(
            f'<w:num {W_NS} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
        )
    )
    return num_id


def _number(paragraph_or_style_element, num_id: int, level: int | None) -> None:
    level_xml = f'<w:ilvl w:val="{level}"/>' if level is not None else ""
    paragraph_or_style_element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {W_NS}>{level_xml}<w:numId w:val="{num_id}"/></w:numPr>')
    )


def add_list_item(document, text: str, num_id: int, level: int = 0):
    """A list item as Word writes it: a "List Paragraph" with its numbering and level."""
    paragraph = document.add_paragraph(text, style="List Paragraph")
    _number(paragraph._p, num_id, level)
    return paragraph


def number_heading_styles(document) -> None:
    """Word's automatic heading numbering (1, 1.1, 1.1.1): the numbering sits in the Heading
    1–3 styles, and the paragraphs carry no number in their text."""
    num_id = add_numbering(document, ["decimal", "decimal", "decimal"])
    for level in range(3):
        style = document.styles[f"Heading {level + 1}"].element
        _number(style, num_id, level)


def add_tracked_insertion(paragraph, text: str) -> None:
    paragraph._p.append(
        parse_xml(
            f'<w:ins {W_NS} w:id="901" w:author="Drafter" w:date="2026-01-05T10:00:00Z">'
            f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:ins>'
        )
    )


def add_tracked_deletion(paragraph, text: str) -> None:
    paragraph._p.append(
        parse_xml(
            f'<w:del {W_NS} w:id="902" w:author="Drafter" w:date="2026-01-05T10:00:00Z">'
            f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>'
        )
    )


def add_text_box(paragraph, text: str, *, fallback: bool = True) -> None:
    """A floating text box anchored in `paragraph`, as Word 2010+ writes it (DrawingML with a
    VML fallback), or DrawingML alone."""
    content = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    drawing = (
        f'<w:drawing><wp:anchor><wp:docPr id="7" name="Text Box 7"/><a:graphic><a:graphicData '
        f'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        f"<wps:txbx>{content}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor>"
        f"</w:drawing>"
    )
    if fallback:
        drawing = (
            f'<mc:AlternateContent><mc:Choice Requires="wps">{drawing}</mc:Choice><mc:Fallback>'
            f"<w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict>"
            f"</mc:Fallback></mc:AlternateContent>"
        )
    paragraph._p.append(
        parse_xml(f"<w:r {nsdecls('w', 'wp', 'a')} {MC} {WPS} {VML}>{drawing}</w:r>")
    )


def add_footnote(document, paragraph, text: str) -> None:
    """A footnote cited at the end of `paragraph` (python-docx has no API for notes)."""
    part = next(
        (rel.target_part for rel in document.part.rels.values() if rel.reltype == RT.FOOTNOTES),
        None,
    )
    if part is None:
        xml = (
            f'<w:footnotes {W_NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r>'
            f'<w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" '
            f'w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>'
        )
        part = Part(
            PackURI("/word/footnotes.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
            xml.encode(),
            document.part.package,
        )
        document.part.relate_to(part, RT.FOOTNOTES)
    root = parse_xml(part.blob)
    note_id = len(root) - 1
    root.append(
        parse_xml(
            f'<w:footnote {W_NS} w:id="{note_id}"><w:p><w:r><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
        )
    )
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    paragraph._p.append(parse_xml(f'<w:r {W_NS}><w:footnoteReference w:id="{note_id}"/></w:r>'))


def add_table_of_contents(document, entries: list[str] = ()) -> None:
    """A TOC field as Word leaves it: a "Contents" content control whose field shows either the
    headings (after an update) or a note to update it."""
    shown = (
        "".join(
            f'<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:t>{entry}</w:t></w:r></w:p>'
            for entry in entries
        )
        or "<w:p><w:r><w:t>Right-click to update the table of contents.</w:t></w:r></w:p>"
    )
    sdt = parse_xml(
        f'<w:sdt {W_NS}><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
        f"<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>"
        f'<w:p><w:pPr><w:pStyle w:val="TOCHeading"/></w:pPr><w:r><w:t>Contents</w:t></w:r></w:p>'
        f'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
        f' TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
        f'</w:r></w:p>{shown}<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        f"</w:sdtContent></w:sdt>"
    )
    document.element.body.append(sdt)
    document.element.body.append(document.element.body.find(qn("w:sectPr")))  # stays last


def add_toc_field(document, note: str = "Right-click and choose Update Field.") -> None:
    """A bare TOC field in one paragraph, as our own Word exports write it."""
    paragraph = document.add_paragraph()
    for kind, text in (("begin", None), (None, 'TOC \\o "1-3" \\h \\z \\u'), ("separate", None)):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            instruction = OxmlElement("w:instrText")
            instruction.text = text
            run._r.append(instruction)
    paragraph.add_run(note)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def add_custom_heading_style(document, name: str, based_on: str):
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles[based_on]
    return style


# --- Whole documents -------------------------------------------------------------------------


def simple_policy(*headings: tuple[int, str]) -> bytes:
    """Headings (level, text), each followed by one paragraph of text."""
    document = new_document()
    for level, text in headings:
        document.add_heading(text, level)
        document.add_paragraph(f"Text of {text}.")
    return to_bytes(document)


def exported_policy() -> bytes:
    """The shape of a draft exported to Word by the platform: a title page (Title style), a
    table of contents field, numbered headings typed into Heading 1–3, lists written with
    python-docx's list styles, a table and a footer."""
    document = new_document()
    document.add_paragraph("National Diaspora Policy", style="Title")
    document.add_paragraph("Draft 2 – for consultation")
    add_toc_field(document)
    document.add_heading("1 Introduction", 1)
    document.add_paragraph("Lesotho's diaspora is large.")
    document.add_heading("1.1 Purpose", 2)
    document.add_paragraph("Aims:")
    document.add_paragraph("Engage the diaspora", style="List Bullet")
    document.add_paragraph("Through embassies", style="List Bullet 2")
    document.add_paragraph("Count remittances", style="List Number")
    document.add_heading("1.1.1 Who may apply", 3)
    table = document.add_table(rows=2, cols=2)
    for row, values in zip(table.rows, (("Group", "Share"), ("Workers", "60%")), strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_heading("2 Remittances", 1)
    document.add_paragraph("Money sent home.")
    document.sections[0].footer.paragraphs[0].text = "National Diaspora Policy · Draft 2"
    return to_bytes(document)


# --- Bad files -------------------------------------------------------------------------------


def old_doc() -> bytes:
    """A Word 97–2003 file: an OLE compound file with a WordDocument stream (its FIB says
    "not encrypted")."""
    sector = 512
    free, end_of_chain, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end_of_chain, 0, end_of_chain, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108
    fat = [fat_sector, end_of_chain, 3, 4, 5, 6, 7, 8, 9, end_of_chain]
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat) + struct.pack("<I", free) * (128 - len(fat))

    def entry(name, kind, child, start, size):
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1 if name else 0)
            + struct.pack("<III", no_stream, no_stream, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, size)
        )

    directory = (
        entry("Root Entry", 5, 1, end_of_chain, 0)
        + entry("WordDocument", 2, no_stream, 2, 4096)
        + entry("", 0, no_stream, 0, 0) * 2
    )
    fib = struct.pack("<HHHHH", 0xA5EC, 0x00C1, 0, 0x0409, 0) + bytes(2)  # fEncrypted = 0
    stream = fib.ljust(4096, b"\0")
    assert len(header) == sector and len(fat_bytes) == sector and len(directory) == sector
    return header + fat_bytes + directory + stream


def encrypted(data: bytes) -> bytes:
    """`data` protected with a password, as Word does it (ECMA-376 agile encryption)."""
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt("open sesame", out)
    return out.getvalue()


def _rewrite(data: bytes, change) -> bytes:
    """A copy of the zip `data`, with change(name, content) -> content or None (left out)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy,
    ):
        for name in source.namelist():
            content = change(name, source.read(name))
            if content is not None:
                copy.writestr(name, content)
    return out.getvalue()


def macro_enabled(data: bytes) -> bytes:
    """A .docm: the macro-enabled content type and a vbaProject.bin part."""

    def change(name, content):
        if name == "[Content_Types].xml":
            return content.replace(DOCX_TYPE.encode(), DOCM_TYPE.encode())
        return content

    out = io.BytesIO(_rewrite(data, change))
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macros")
    return out.getvalue()


def with_vba_part_only(data: bytes) -> bytes:
    """A .docx whose content type was left alone but which carries a macro project."""
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macros")
    return out.getvalue()


def without_document_part(data: bytes) -> bytes:
    return _rewrite(data, lambda name, content: None if name == "word/document.xml" else content)


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def zip_bomb() -> bytes:
    """A package whose document.xml inflates 1000-fold: 50 MB of spaces in 50 kB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w") as member:
            block = b" " * (1024 * 1024)
            for _ in range(50):
                member.write(block)
    return out.getvalue()


def too_large() -> bytes:
    """A valid document made larger than 20 MB by a picture part that does not compress."""
    out = io.BytesIO(simple_policy((1, "Introduction")))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/media/huge.png", os.urandom(21 * 1024 * 1024))
    return out.getvalue()


def pdf() -> bytes:
    return b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def text_file() -> bytes:
    return b"National Diaspora Policy\n\n1 Introduction\nPlain text saved as .docx.\n"


def with_doctype(data: bytes) -> bytes:
    """An XML part carrying a DTD with an entity: Word never writes one."""

    def change(name, content):
        if name == "word/document.xml":
            return content.replace(b"?>", b'?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">]>', 1)
        return content

    return _rewrite(data, change)
