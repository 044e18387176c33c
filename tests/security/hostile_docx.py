"""Hostile Word files, written as XML and zipped by hand: each is a valid package a few
kilobytes long that a careless importer would expand into gigabytes or hours."""

import io
import random
import zipfile

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/numbering.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    "</Types>"
)
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{RELS}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{RELS}/numbering" Target="numbering.xml"/>'
    "</Relationships>"
)
HEADING_STYLE = (
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>'
    '<w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
)
PROLOG = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'


def heading(text: str = "Annex") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'


def paragraph(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def document_xml(body: str) -> str:
    return f"{PROLOG}<w:document {W_NS}><w:body>{body}<w:sectPr/></w:body></w:document>"


def styles_xml(styles: str = "") -> str:
    return f"{PROLOG}<w:styles {W_NS}>{HEADING_STYLE}{styles}</w:styles>"


def numbering_xml(definitions: str = "") -> str:
    return f"{PROLOG}<w:numbering {W_NS}>{definitions}</w:numbering>"


def package(body: str = "", *, document: str = "", styles: str = "", numbering: str = "") -> bytes:
    """A .docx with a heading and `body` (or the whole `document` part), `styles` and
    `numbering` parts, deflated as Word does."""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "word/_rels/document.xml.rels": DOCUMENT_RELS,
        "word/document.xml": document or document_xml(heading() + body),
        "word/styles.xml": styles or styles_xml(),
        "word/numbering.xml": numbering or numbering_xml(),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml)
    return buffer.getvalue()


def padded_table() -> bytes:
    """The file of the security review: one row of 1,000 cells spanning 100 columns each,
    then 10,000 one-cell rows. Padding every row to the widest one makes a billion cells."""
    wide = '<w:tc><w:tcPr><w:gridSpan w:val="100"/></w:tcPr><w:p/></w:tc>' * 1000
    narrow = "<w:tr><w:tc><w:p/></w:tc></w:tr>" * 10_000
    return package(f"<w:tbl><w:tr>{wide}</w:tr>{narrow}</w:tbl>")


def billion_laughs(root: str) -> str:
    """An XML part whose ten nested entities expand to a billion "lol"s, behind a comment
    long enough to hide the declaration from a check of the part's first kilobytes."""
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    return (
        f"{PROLOG}<!-- {'padding ' * 1000} -->"
        f"<!DOCTYPE {root} [{entities}]><{root} {W_NS}>&lol9;</{root}>"
    )


def nested_tables(depth: int) -> bytes:
    """A table in a table … `depth` deep, with one word at the bottom."""
    inner = "<w:p><w:r><w:t>deep</w:t></w:r></w:p>"
    for _ in range(depth):
        inner = f"<w:tbl><w:tr><w:tc>{inner}</w:tc></w:tr></w:tbl><w:p/>"
    return package(inner)


def _words(count: int, seed: int) -> list[str]:
    """Varied short words: text that deflate cannot pack 100 to 1 (that would be refused as a
    zip bomb before anything else)."""
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    return ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=4)) for _ in range(count)]


def tiny_runs(count: int) -> bytes:
    """`count` runs of four letters each, a thousand to a paragraph."""
    runs = [f"<w:r><w:t>{word}</w:t></w:r>" for word in _words(count, seed=1)]
    body = "".join(
        "<w:p>" + "".join(runs[i : i + 1000]) + "</w:p>" for i in range(0, len(runs), 1000)
    )
    return package(body)


def long_paragraph(characters: int) -> bytes:
    """One paragraph of `characters` characters."""
    text = " ".join(_words(characters // 5 + 1, seed=2))[:characters]
    return package(paragraph(text))


def much_text(paragraphs: int, characters_each: int) -> bytes:
    words = _words(paragraphs * (characters_each // 5 + 1), seed=3)
    per = characters_each // 5 + 1
    body = "".join(
        paragraph(" ".join(words[i * per : (i + 1) * per])[:characters_each])
        for i in range(paragraphs)
    )
    return package(body)


def many_paragraphs(count: int) -> bytes:
    return package("<w:p/>" * count)


def many_styles(count: int) -> bytes:
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="S{i}"><w:name w:val="Style {i}"/></w:style>'
        for i in range(count)
    )
    return package(paragraph("Text."), styles=styles_xml(styles))


def style_chain(length: int) -> bytes:
    """`length` styles, each based on the one before, the first on Heading 1: a heading
    style found by walking the chain, for every style of it."""
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="S{i}"><w:name w:val="Style {i}"/>'
        f'<w:basedOn w:val="{f"S{i - 1}" if i else "Heading1"}"/></w:style>'
        for i in range(length)
    )
    body = (
        f'<w:p><w:pPr><w:pStyle w:val="S{length - 1}"/></w:pPr><w:r><w:t>Deep</w:t></w:r></w:p>'
        + paragraph("Text.")
    )
    return package(body, styles=styles_xml(styles))


def nested_fields(count: int) -> bytes:
    """`count` fields opened and never closed, then as many runs of text in paragraphs of a
    thousand: a check of every open field at every run would take count² steps."""
    opened = "<w:p>" + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>' * count + "</w:p>"
    runs = [f"<w:r><w:t>{word}</w:t></w:r>" for word in _words(count, seed=4)]
    text = "".join(
        "<w:p>" + "".join(runs[i : i + 1000]) + "</w:p>" for i in range(0, len(runs), 1000)
    )
    return package(opened + text)


def many_elements(count: int) -> bytes:
    """`count` empty bookmark ends: no text, nothing a run or a paragraph counts."""
    ends = "".join(f'<w:bookmarkEnd w:id="{i}"/>' for i in range(count))
    return package(f"<w:p>{ends}</w:p>")


def long_policy(chapters: int = 12, sections: int = 10, paragraphs: int = 17) -> bytes:
    """A long, ordinary policy: chapters and sections of paragraphs of 60 words in a few
    formatted runs, and a table of 25 rows of 6 columns in every other section. By default
    2,040 paragraphs and 60 tables (9,000 cells): about 140,000 words, 203 pages once
    LibreOffice has laid it out."""
    words = iter(_words(chapters * sections * (paragraphs * 60 + 300), seed=5))

    def text(count):
        return " ".join(next(words) for _ in range(count))

    body = []
    for chapter in range(chapters):
        body.append(heading(f"Chapter {chapter + 1}"))
        for section in range(sections):
            body.append(
                f'<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr>'
                f"<w:r><w:t>Section {chapter + 1}.{section + 1}</w:t></w:r></w:p>"
            )
            for _ in range(paragraphs):
                body.append(
                    f'<w:p><w:r><w:t xml:space="preserve">{text(20)} </w:t></w:r>'
                    f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{text(10)} </w:t>'
                    f"</w:r><w:r><w:t>{text(30)}</w:t></w:r></w:p>"
                )
            if section % 2 == 0:
                rows = "".join(
                    "<w:tr>"
                    + "".join(
                        f"<w:tc><w:p><w:r><w:t>{text(2)}</w:t></w:r></w:p></w:tc>" for _ in range(6)
                    )
                    + "</w:tr>"
                    for _ in range(25)
                )
                body.append(f"<w:tbl>{rows}</w:tbl><w:p/>")
    heading_2 = (
        '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/>'
        '<w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>'
    )
    return package(document=document_xml("".join(body)), styles=styles_xml(heading_2))
