"""Reading the feedback export back with python-docx."""

from docx.table import Table


def matrix_rows(document):
    """(section heading, {column: text}) for every row of the matrix, in document order."""
    heading, rows = None, []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            header = [cell.text for cell in block.rows[0].cells]
            if header[0] != "No.":
                continue
            for row in block.rows[1:]:
                rows.append((heading, dict(zip(header, (c.text for c in row.cells), strict=True))))
        elif block.style.name.startswith("Heading"):
            heading = block.text
    return rows


def all_text(document) -> str:
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)
