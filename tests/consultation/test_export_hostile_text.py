"""The Word export with texts that break naive XML writing: markup characters, control
characters, very long text, right-to-left scripts and emoji. The file must open again in
python-docx and in LibreOffice, with the text as written, control characters dropped."""

from django.core.management import call_command
from docx import Document

from consultation.exports.docx_body import xml_text
from tests.consultation.factories import SectionCommentFactory, WrittenSubmissionFactory
from tests.consultation.word_reading import all_text, matrix_rows
from tests.office import convert_to_pdf

MARKUP = 'Fees < 5% & "fair" ]]> <w:p/> &amp; </w:t>'
# No NUL: the comment form refuses it (Django's ProhibitNullCharactersValidator) and
# PostgreSQL cannot store it; the other control characters pass both.
CONTROLS = "bell\x07 unit\x1f escape\x1b vertical\x0b form\x0c end"
RIGHT_TO_LEFT = "رسوم التحويل مرتفعة جدا · שכר הטרחה גבוה"
EMOJI = "Too expensive 💸🇱🇸 👩🏾‍👧🏾"
LONG = "A very long comment about remittance fees. " * 2000


def test_forbidden_characters_are_dropped_and_markup_escaped():
    assert xml_text("a\x00b\x1fc\td\ne<&>") == "abc\td\ne&lt;&amp;&gt;"


def test_hostile_texts_read_back_as_written(tmp_path, open_draft):
    dual = open_draft.sections.get(key="dual")
    for text in (MARKUP, CONTROLS, RIGHT_TO_LEFT, EMOJI, LONG):
        SectionCommentFactory(section=dual, comment=text, proposed_wording=MARKUP)
    WrittenSubmissionFactory(draft=open_draft, text=f"{RIGHT_TO_LEFT}\n\n{CONTROLS}\n\n{EMOJI}")
    path = tmp_path / "hostile.docx"
    call_command("export_feedback", "--draft", str(open_draft.pk), "--output", str(path))

    document = Document(str(path))
    comments = [row["Comment"] for _heading, row in matrix_rows(document)]
    without_controls = "bell unit escape vertical form end"
    for text in (MARKUP, without_controls, RIGHT_TO_LEFT, EMOJI, LONG):
        assert text in comments
    assert all(row["Proposed wording"] == MARKUP for _heading, row in matrix_rows(document))
    text = all_text(document)
    assert "\x07" not in text and "\x1f" not in text
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert RIGHT_TO_LEFT in paragraphs and without_controls in paragraphs and EMOJI in paragraphs
    assert convert_to_pdf(path).stat().st_size > 10_000
