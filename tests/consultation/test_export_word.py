"""The consolidated feedback export, through its command, read back with python-docx."""

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from tests.consultation.word_reading import all_text, matrix_rows
from tests.office import convert_to_pdf


def export(tmp_path, draft, *extra) -> Document:
    path = tmp_path / "feedback.docx"
    call_command("export_feedback", "--draft", str(draft.pk), "--output", str(path), *extra)
    return Document(str(path)), path


def test_internal_export_has_each_comment_once_under_its_section(tmp_path, open_draft, feedback):
    document, _path = export(tmp_path, open_draft)
    rows = matrix_rows(document)
    texts = [row["Comment"] for _heading, row in rows]
    for comment in feedback.values():
        assert texts.count(comment.comment) == 1
    by_text = {row["Comment"]: (heading, row) for heading, row in rows}
    heading, row = by_text["Name the children born abroad."]
    assert heading == "1.1 Dual citizenship"
    assert row["Commenter"] == "Palesa Mokoena"
    assert row["Gender"] == "Woman" and row["Country"] == "South Africa"
    assert row["Proposed wording"] == "Children of Basotho born abroad are citizens."
    assert "two nationalities" in row["Section (and passage)"]
    heading, row = by_text["Fees are too high."]
    assert heading == "1.2 Remittances"
    assert row["Commenter"] == "Karabo Motsamai (Basotho Diaspora Association UK)"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings.index("1.1 Dual citizenship") < headings.index("1.2 Remittances")


def test_public_export_names_no_individual_and_shows_no_personal_tags(
    tmp_path, open_draft, feedback
):
    document, _path = export(tmp_path, open_draft, "--public")
    text = all_text(document)
    for personal in ("Palesa Mokoena", "Karabo Motsamai", "@example.org", "Awaiting moderation."):
        assert personal not in text
    rows = {row["Comment"]: row for _heading, row in matrix_rows(document)}
    assert "Gender" not in rows["Fees are too high."]
    assert "Country" not in rows["Fees are too high."]
    assert rows["Fees are too high."]["Commenter"] == "Basotho Diaspora Association UK"
    assert rows["Name the children born abroad."]["Commenter"] == "Individual"


def test_the_draft_can_be_named_by_its_url_path(tmp_path, open_draft, feedback):
    path = tmp_path / "by-path.docx"
    call_command("export_feedback", "--draft", open_draft.url_path.split("/", 2)[2],
                 "--output", str(path))  # fmt: skip
    texts = [row["Comment"] for _heading, row in matrix_rows(Document(str(path)))]
    assert "Fees are too high." in texts


def test_filters_limit_the_rows_and_are_named_on_the_cover(tmp_path, open_draft, feedback):
    document, _path = export(tmp_path, open_draft, "--gender", "man", "--country", "gb")
    assert [row["Comment"] for _heading, row in matrix_rows(document)] == ["Fees are too high."]
    text = all_text(document)
    assert "Gender: Man" in text and "Country of residence: United Kingdom" in text


def test_bad_arguments_are_refused_with_a_clear_error(tmp_path, open_draft):
    with pytest.raises(CommandError, match="No draft found"):
        call_command("export_feedback", "--draft", "/no/such/draft/", "--output", "x.docx")
    with pytest.raises(CommandError, match=r"\.docx"):
        call_command("export_feedback", "--draft", str(open_draft.pk), "--output", "x.pdf")
    with pytest.raises(CommandError, match="Country of residence: Select a valid choice"):
        call_command(
            "export_feedback", "--draft", str(open_draft.pk), "--output",
            str(tmp_path / "x.docx"), "--country", "XX",
        )  # fmt: skip
    with pytest.raises(CommandError, match="No sector"):
        call_command(
            "export_feedback", "--draft", str(open_draft.pk), "--output",
            str(tmp_path / "x.docx"), "--sector", "Pirates",
        )  # fmt: skip


def test_libreoffice_converts_both_variants(tmp_path, open_draft, feedback):
    for variant in ([], ["--public"]):
        _document, path = export(tmp_path, open_draft, *variant)
        assert convert_to_pdf(path).stat().st_size > 10_000
