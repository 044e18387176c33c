"""Preparing a checked .docx for mammoth: what mammoth would treat unevenly or silently is taken
out or counted here, on the document's XML, and the style map is made for its headings."""

import io
import re
import zipfile

from django.utils.translation import gettext as _
from lxml import etree

from .checks import DocxPackage, parse_xml
from .report import DocumentFindings

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
}
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
STYLES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
SNIPPET_LENGTH = 60
# A policy uses a handful of heading styles of its own ("Chapter", "Annex heading"): see
# _heading_style_map.
MAX_HEADING_STYLE_LINES = 50

# Placed before mammoth's own mappings (Heading 1–6, lists by their numbering, Normal). Title
# paragraphs (and the status lines of our own policy export's title page, "Export Details")
# are marked to be set aside; "List Bullet 2" and the like are Word's styles for nested list
# items, which python-docx (and so our own Word export) writes; "List Continue" is more text of
# the open list item.
BASE_STYLE_MAP = """
p[style-name='Title'] => p.docx-title:fresh
p[style-name='Subtitle'] => p.docx-title:fresh
p[style-name='Export Details'] => p.docx-title:fresh
p[style-name='List Continue'] => ul|ol > li > p
p[style-name='List Continue 2'] => ul|ol > li > ul|ol > li > p
p[style-name='Caption'] => p.docx-caption:fresh
p[style-name='TOC Heading'] => !
p[style-name^='toc '] => !
p[style-name='List Bullet 2'] => ul|ol > li > ul > li:fresh
p[style-name='List Bullet 3'] => ul|ol > li > ul|ol > li > ul > li:fresh
p[style-name='List Number 2'] => ul|ol > li > ol > li:fresh
p[style-name='List Number 3'] => ul|ol > li > ul|ol > li > ol > li:fresh
"""


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _text_of(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _snippet(text: str) -> str:
    if len(text) <= SNIPPET_LENGTH:
        return text
    return text[: SNIPPET_LENGTH - 1].rstrip() + "…"


def _in_fallback(element) -> bool:
    """True for the copy of a drawing that Word keeps for older readers (mc:Fallback)."""
    fallback = f"{{{NS['mc']}}}Fallback"
    return any(ancestor.tag == fallback for ancestor in element.iterancestors())


def _remove(element) -> None:
    if (parent := element.getparent()) is not None:
        parent.remove(element)


def _remove_text_boxes(root, findings: DocumentFindings) -> None:
    """mammoth would put the text of some text boxes after their anchoring paragraph and drop
    others (DrawingML ones without a VML copy): all are left out alike, and quoted in the
    report. A box is counted once, though Word stores it twice (mc:Choice and mc:Fallback)."""
    boxes: dict = {}
    alternate = f"{{{NS['mc']}}}AlternateContent"
    for content in list(root.iter(_w("txbxContent"))):
        box = next((a for a in content.iterancestors() if a.tag == alternate), content)
        boxes[box] = boxes.get(box) or _text_of(content)
        _remove(content)
    findings.text_boxes = [_snippet(text) if text else _("(empty)") for text in boxes.values()]


def _is_toc(instruction: str) -> bool:
    return instruction.strip().upper().startswith("TOC")


def _remove_table_of_contents(root, findings: DocumentFindings) -> None:
    """Word's table of contents is a content control holding a TOC field, or the field alone;
    what it shows is a stale copy of the headings, or a note to update it."""
    found = False
    for gallery in list(root.iterfind(".//w:docPartObj/w:docPartGallery", NS)):
        if gallery.get(_w("val"), "").lower().startswith("table of contents"):
            _remove(next(a for a in gallery.iterancestors() if a.tag == _w("sdt")))
            found = True
    for simple in list(root.iter(_w("fldSimple"))):
        if _is_toc(simple.get(_w("instr"), "")):
            _remove(simple)
            found = True
    # [instruction, showing a table of contents] of the fields open here, and how many of
    # them show one: a count, since fields nest and a document may open thousands.
    fields: list[list] = []
    showing_toc = 0
    doomed = []
    for element in root.iter(_w("r"), _w("fldChar"), _w("instrText")):
        if element.tag == _w("fldChar"):
            kind = element.get(_w("fldCharType"))
            if kind == "begin":
                fields.append(["", False])
            elif kind == "separate" and fields and not fields[-1][1]:
                fields[-1][1] = _is_toc(fields[-1][0])
                showing_toc += fields[-1][1]
            elif kind == "end" and fields:
                showing_toc -= fields.pop()[1]
        elif element.tag == _w("instrText"):
            if fields and len(fields[-1][0]) < 100:  # "TOC" comes first: the rest can wait
                fields[-1][0] += element.text or ""
        elif showing_toc and element.find("w:fldChar", NS) is None:
            doomed.append(element)
    for run in doomed:
        _remove(run)
    findings.table_of_contents = found or bool(doomed)


def _count_tracked_changes(root, findings: DocumentFindings) -> None:
    def counted(element) -> bool:
        # A changed paragraph mark (under w:rPr) goes with the change of text beside it.
        return element.getparent().tag != _w("rPr")

    findings.insertions = sum(
        1 for tag in ("ins", "moveTo") for element in root.iter(_w(tag)) if counted(element)
    )
    findings.deletions = sum(
        1 for tag in ("del", "moveFrom") for element in root.iter(_w(tag)) if counted(element)
    )


def _remove_drawings(root, findings: DocumentFindings) -> None:
    """Charts, SmartArt, drawing canvases and groups of shapes are left out and counted. They
    go whole, with the picture Word keeps of them for older readers (mc:Fallback), so that
    they are not counted as pictures too."""
    kinds = ("chart", "diagram", "wordprocessingGroup", "wordprocessingCanvas")
    alternate = f"{{{NS['mc']}}}AlternateContent"
    for data in list(root.iter(f"{{{NS['a']}}}graphicData")):
        ancestors = list(data.iterancestors())
        if root not in ancestors or _in_fallback(data):
            continue  # inside a drawing removed already, or Word's copy for older readers
        if any(kind in data.get("uri", "") for kind in kinds):
            findings.drawings += 1
            # The whole AlternateContent (with Word's picture for older readers), if any.
            outermost = next((a for a in ancestors if a.tag == alternate), None)
            if outermost is None:
                outermost = next(a for a in ancestors if a.tag == _w("drawing"))
            _remove(outermost)


def _count_equations(root, findings: DocumentFindings) -> None:
    paragraph, inline = f"{{{NS['m']}}}oMathPara", f"{{{NS['m']}}}oMath"
    findings.equations = sum(1 for _ in root.iter(paragraph)) + sum(
        1 for equation in root.iter(inline) if equation.getparent().tag != paragraph
    )


def _heading_style_map(styles_xml: bytes | None, used: set[str]) -> str:
    """Style map lines for the document's own heading styles that its paragraphs use (`used`
    style ids): styles made headings by their outline level or by descending from Word's
    Heading 1–6 (e.g. a "Chapter" style based on Heading 1). Word's own heading styles are in
    mammoth's default map. mammoth tries every line of the map on every paragraph and every
    bold or italic run, so the map holds the styles used only, at most
    MAX_HEADING_STYLE_LINES of them: any further ones are read as ordinary paragraphs."""
    if not styles_xml:
        return ""
    styles = {}
    for style in parse_xml(styles_xml).iterfind("w:style[@w:type='paragraph']", NS):
        name = style.find("w:name", NS)
        based_on = style.find("w:basedOn", NS)
        outline = style.find("w:pPr/w:outlineLvl", NS)
        styles[style.get(_w("styleId"))] = (
            (name.get(_w("val")) or "").strip() if name is not None else "",
            based_on.get(_w("val")) if based_on is not None else None,
            outline.get(_w("val")) if outline is not None else None,
        )

    def own_level(style_id) -> int | None | bool:
        """The level the style sets itself, None if it sets body text, False if it sets
        nothing and takes its parent's."""
        name, _based_on, outline = styles[style_id]
        if outline is not None and outline.isdigit():
            return int(outline) + 1 if int(outline) < 9 else None  # 9 is body text
        if match := re.fullmatch(r"heading ([1-9])", name.lower()):
            return int(match.group(1))
        return False

    levels: dict = {}

    def level(style_id) -> int | None:
        """Up the chain of styles it is based on, each style looked at once for all: a
        chain of thousands of styles (or a loop) costs no more than its length."""
        chain = []
        while style_id in styles and style_id not in levels and style_id not in chain:
            chain.append(style_id)
            if (found := own_level(style_id)) is not False:
                break
            style_id = styles[style_id][1]
        else:
            found = levels.get(style_id)
        for link in chain:
            levels[link] = found
        return found

    lines = []
    for style_id, (name, _based_on, _outline) in styles.items():
        if style_id not in used or len(lines) >= MAX_HEADING_STYLE_LINES:
            continue
        heading_level = level(style_id)
        if name and heading_level and heading_level <= 6:
            if not re.fullmatch(r"heading [1-9]", name.lower()):
                quoted = name.replace("\\", "\\\\").replace("'", "\\'")
                lines.append(f"p[style-name='{quoted}'] => h{heading_level}:fresh")
    return "\n".join(lines)


def prepare_package(package: DocxPackage, findings: DocumentFindings) -> tuple[bytes, str]:
    """A copy of the package for mammoth, its XML parts only, without text boxes, table of
    contents, charts or diagrams; and the style map for its headings. Counts what mammoth
    would leave out silently: tracked changes, comments, equations."""
    root = parse_xml(package.parts[package.main])
    _remove_text_boxes(root, findings)
    _remove_table_of_contents(root, findings)
    _remove_drawings(root, findings)
    _count_tracked_changes(root, findings)
    _count_equations(root, findings)
    if comments := package.part_of_type(COMMENTS_TYPE):
        findings.comments = sum(1 for _ in parse_xml(comments).iterfind("w:comment", NS))
    used = {style.get(_w("val")) for style in root.iter(_w("pStyle"))}
    style_map = _heading_style_map(package.part_of_type(STYLES_TYPE), used) + BASE_STYLE_MAP

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as copy:
        for name, data in package.parts.items():
            copy.writestr(name, etree.tostring(root) if name == package.main else data)
    return buffer.getvalue(), style_map
