"""Importing a Word document as a new draft: sections from headings, bodies, keys carried over
from the previous draft, what is left out, the files refused, the command and the admin view."""

import datetime
import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from policy_docs.enums import DraftImportStatus, DraftStatus, SectionLevel
from policy_docs.models import DraftImport, DraftPage
from policy_docs.word_import import WordImportError, draft_import_docx
from policy_docs.word_import.checks import check_docx
from policy_docs.word_import.convert import heading_identity, strip_typed_number
from tests.policy_docs import docx_files as docx
from tests.policy_docs.factories import DraftPageFactory, PolicyPageFactory, section


def run_import(policy, data: bytes, **kwargs):
    return draft_import_docx(policy=policy, file=io.BytesIO(data), **kwargs)


def rows(draft):
    return [(s.number, s.level, s.heading) for s in draft.sections.order_by("sort_order")]


def body_html(draft, heading) -> str:
    body = draft.sections.get(heading=heading).body
    return "".join(str(block.value.source) for block in body if block.block_type == "paragraph")


def tables(draft, heading) -> list[dict]:
    body = draft.sections.get(heading=heading).body
    return [dict(block.value) for block in body if block.block_type == "table"]


def all_text(draft) -> str:
    parts = [draft.introduction]
    for s in draft.sections.all():
        parts += [s.heading, body_html(draft, s.heading), str(tables(draft, s.heading))]
    return " ".join(parts)


@pytest.fixture
def previous_draft(policy):
    return DraftPageFactory(
        parent=policy,
        title="Draft 2",
        sections=[
            section("Introduction", level=1, key="intro"),
            section("Dual citizenship", key="dual"),
            section("Remittances", level=1, key="money-home"),
            section("Who may apply", level=2, key="who"),
        ],
    )


# --- Sections from headings ------------------------------------------------------------------


def test_headings_1_to_3_become_chapters_sections_and_sub_sections(policy):
    document = docx.new_document()
    document.add_paragraph("National Diaspora Policy", style="Title")
    document.add_paragraph("Prepared by the Ministry of Foreign Affairs.")
    document.add_heading("Introduction", 1)
    document.add_paragraph("Lesotho's diaspora is large.")
    document.add_heading("Purpose", 2)
    document.add_paragraph("To engage it.")
    document.add_heading("Who is concerned", 3)
    document.add_paragraph("Basotho abroad.")
    document.add_heading("Remittances", 1)
    document.add_paragraph("Money sent home.")

    report = run_import(policy, docx.to_bytes(document))

    draft = DraftPage.objects.get()
    assert draft.pk == report.draft.pk and draft.get_parent().pk == policy.pk
    assert draft.title == "Draft 1" and draft.slug == "draft-1"
    assert not draft.live and draft.status == DraftStatus.PREPARATION
    assert draft.has_unpublished_changes and draft.get_latest_revision() is not None
    assert rows(draft) == [
        ("1", SectionLevel.CHAPTER, "Introduction"),
        ("1.1", SectionLevel.SECTION, "Purpose"),
        ("1.1.1", SectionLevel.SUBSECTION, "Who is concerned"),
        ("2", SectionLevel.CHAPTER, "Remittances"),
    ]
    assert "Basotho abroad." in body_html(draft, "Who is concerned")
    # Text before the first heading is the introduction; the Title paragraph is neither.
    assert "Prepared by the Ministry of Foreign Affairs." in draft.introduction
    assert "National Diaspora Policy" not in all_text(draft)
    assert report.introduction_paragraphs == 1
    assert report.findings.title == "National Diaspora Policy"
    assert [(s.number, s.level, s.heading, s.key_kept) for s in report.sections] == [
        ("1", 1, "Introduction", False),
        ("1.1", 2, "Purpose", False),
        ("1.1.1", 3, "Who is concerned", False),
        ("2", 1, "Remittances", False),
    ]
    assert report.sections[0].paragraphs == 1
    # The revision holds the same sections: the editor opens the draft as imported.
    revision = draft.get_latest_revision_as_object()
    assert [s.heading for s in revision.sections.all()] == [h for _n, _l, h in rows(draft)]


def test_heading_styles_with_word_numbering_come_in_without_the_numbers(policy):
    document = docx.new_document()
    docx.number_heading_styles(document)
    document.add_heading("Introduction", 1)
    document.add_heading("Purpose", 2)
    document.add_heading("Scope", 3)
    document.add_heading("Remittances", 1)

    run_import(policy, docx.to_bytes(document))

    assert rows(DraftPage.objects.get()) == [
        ("1", 1, "Introduction"),
        ("1.1", 2, "Purpose"),
        ("1.1.1", 3, "Scope"),
        ("2", 1, "Remittances"),
    ]


def test_numbers_typed_before_headings_are_removed(policy):
    headings = [
        (1, "1 Introduction"),
        (2, "1.1 Purpose"),
        (3, "1.1.1\tWho may apply"),
        (1, "2. Scope"),
        (2, "2.1) Aims"),
        (1, "III. Funding"),
        (2, "(a) Loans"),
        (1, "2030 Vision"),
    ]

    report = run_import(policy, docx.simple_policy(*headings))

    assert [h for _n, _l, h in rows(DraftPage.objects.get())] == [
        "Introduction",
        "Purpose",
        "Who may apply",
        "Scope",
        "Aims",
        "Funding",
        "Loans",
        "2030 Vision",
    ]
    assert report.findings.numbers_removed == 7
    assert any(
        "numbers typed before 7 headings were removed" in line for line in report.adjustments
    )


@pytest.mark.parametrize(
    ("heading", "stripped"),
    [
        ("2.1 Purpose", "Purpose"),
        ("3. Scope", "Scope"),
        ("10 Remittances", "Remittances"),
        ("A. Definitions", "Definitions"),
        ("iv) Review", "Review"),
        ("2030 Vision", "2030 Vision"),
        ("Article 5", "Article 5"),
        ("A new approach", "A new approach"),
        ("3.", "3."),
    ],
)
def test_strip_typed_number(heading, stripped):
    assert strip_typed_number(heading) == stripped


def test_headings_match_whatever_their_case_spacing_punctuation_and_number():
    assert heading_identity("2.1  Dual-Citizenship!") == heading_identity("dual citizenship")
    assert heading_identity("Who may apply?") == heading_identity("1.1.1 WHO MAY APPLY")
    assert heading_identity("Remittances") != heading_identity("Remittance fees")


def test_sections_matching_the_previous_draft_keep_their_keys(policy, previous_draft):
    document = docx.new_document()
    for level, heading in [
        (1, "1 INTRODUCTION"),
        (2, "1.1 Dual-citizenship!"),
        (2, "1.2 Investment"),
        (1, "2 Money home"),  # new: its key must not be the old "money-home"
    ]:
        document.add_heading(heading, level)
        document.add_paragraph("Text.")

    report = run_import(policy, docx.to_bytes(document))

    draft = DraftPage.objects.get(title="Draft 3")
    assert list(draft.sections.order_by("sort_order").values_list("heading", "key")) == [
        ("INTRODUCTION", "intro"),
        ("Dual-citizenship!", "dual"),
        ("Investment", "investment"),
        ("Money home", "money-home-2"),
    ]
    assert [(s.key, s.key_kept) for s in report.sections] == [
        ("intro", True),
        ("dual", True),
        ("investment", False),
        ("money-home-2", False),
    ]
    assert report.previous_draft.pk == previous_draft.pk and report.kept_keys == 2
    assert report.unmatched_previous == ["Remittances", "Who may apply"]
    assert "2 sections kept their keys from “Draft 2”" in report.summary
    assert any("“Remittances”, “Who may apply”" in line for line in report.adjustments)
    previous_draft.refresh_from_db()
    assert previous_draft.live and previous_draft.sections.count() == 4  # untouched


def test_a_given_label_names_the_draft(policy, previous_draft):
    report = run_import(policy, docx.simple_policy((1, "Introduction")), label="Revised draft")
    assert report.draft.title == "Revised draft" and report.draft.slug == "revised-draft"


def test_import_is_refused_while_a_draft_is_unpublished(policy, previous_draft):
    run_import(policy, docx.simple_policy((1, "Introduction")))
    with pytest.raises(ValidationError, match="“Draft 3” is not published yet"):
        run_import(policy, docx.simple_policy((1, "Introduction")))
    assert DraftPage.objects.count() == 2


# --- Bodies ----------------------------------------------------------------------------------


def test_bold_italic_and_web_links_are_kept_and_other_links_become_text(policy):
    document = docx.new_document()
    document.add_heading("Contacts", 1)
    paragraph = document.add_paragraph("Read ")
    paragraph.add_run("this").bold = True
    paragraph.add_run(" and ")
    paragraph.add_run("that").italic = True
    paragraph.add_run(" on ")
    docx.add_hyperlink(paragraph, "https://www.gov.ls/diaspora?lang=en&x=1", "the portal")
    paragraph.add_run(", write to ")
    docx.add_hyperlink(paragraph, "mailto:diaspora@gov.ls", "the unit")
    paragraph.add_run(", not ")
    docx.add_hyperlink(paragraph, "javascript:alert(1)", "a script")
    paragraph.add_run(" nor ")
    docx.add_hyperlink(paragraph, "file:///C:/policy.docx", "a file")
    paragraph.add_run(" nor ")
    docx.add_anchor_link(paragraph, "_Toc1", "a bookmark")

    report = run_import(policy, docx.to_bytes(document))

    html = body_html(report.draft, "Contacts")
    assert "<b>this</b>" in html and "<i>that</i>" in html
    assert '<a href="https://www.gov.ls/diaspora?lang=en&amp;x=1">the portal</a>' in html
    assert '<a href="mailto:diaspora@gov.ls">the unit</a>' in html
    assert "javascript" not in html and "file:" not in html and "_Toc1" not in html
    assert "a script nor a file nor a bookmark" in html
    assert report.sections[0].links == 2
    assert report.findings.unsafe_links == ["javascript:alert(1)", "file:///C:/policy.docx"]
    assert report.findings.internal_links == 1


def test_bulleted_numbered_and_nested_lists(policy):
    document = docx.new_document()
    document.add_heading("Lists", 1)
    bullets = docx.add_numbering(document, ["bullet", "bullet", "bullet"])
    numbers = docx.add_numbering(document, ["decimal", "lowerLetter", "lowerRoman"])
    docx.add_list_item(document, "Engage", bullets, 0)
    docx.add_list_item(document, "Through embassies", bullets, 1)
    docx.add_list_item(document, "In Johannesburg", bullets, 2)
    docx.add_list_item(document, "Invest", bullets, 0)
    document.add_paragraph("Steps:")
    docx.add_list_item(document, "Register", numbers, 0).add_run(" online").bold = True
    docx.add_list_item(document, "Pay the fee", numbers, 1)
    docx.add_list_item(document, "Vote", numbers, 0)
    document.add_heading("Word's list styles", 1)
    document.add_paragraph("Top item", style="List Bullet")
    document.add_paragraph("Nested item", style="List Bullet 2")
    document.add_paragraph("First step", style="List Number")

    report = run_import(policy, docx.to_bytes(document))

    html = body_html(report.draft, "Lists")
    assert html.count("<ul>") == 3 and html.count("<ol>") == 2
    assert html.startswith('<ul><li data-block-key="')
    assert ">Engage<ul><li" in html and ">Through embassies<ul><li" in html
    assert ">In Johannesburg</li></ul></li></ul></li><li" in html
    assert "Register<b> online</b><ol><li" in html and ">Pay the fee</li></ol>" in html
    assert report.sections[0].lists == 2 and report.sections[0].paragraphs == 1
    styles_html = body_html(report.draft, "Word's list styles")
    assert ">Top item<ul><li" in styles_html and ">Nested item</li></ul>" in styles_html
    assert "<ol><li" in styles_html and ">First step</li></ol>" in styles_html


def test_tables_become_table_blocks(policy):
    document = docx.new_document()
    document.add_heading("Figures", 1)
    document.add_paragraph("Table 1: Basotho abroad", style="Caption")
    table = document.add_table(rows=4, cols=3)
    for row, values in zip(
        table.rows,
        [("Country", "People", "Share"), ("South Africa", "400 000", "80%"), ("UK", "5 000", "")],
        strict=False,
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
            for run in cell.paragraphs[0].runs:
                run.bold = row._index == 0
    table.cell(2, 1).add_paragraph("(estimate)")
    table.cell(2, 2).merge(table.cell(3, 2))  # merged down
    merged = table.cell(3, 0).merge(table.cell(3, 1))  # merged across
    merged.paragraphs[0].text = "Elsewhere: unknown"
    document.add_paragraph("Between the tables.")
    plain = document.add_table(rows=1, cols=2)
    plain.cell(0, 0).text, plain.cell(0, 1).text = "a", "b"

    report = run_import(policy, docx.to_bytes(document))

    first, second = tables(report.draft, "Figures")
    assert first["data"] == [
        ["Country", "People", "Share"],
        ["South Africa", "400 000", "80%"],
        ["UK", "5 000\n(estimate)", ""],
        ["Elsewhere: unknown", "", ""],
    ]
    assert first["first_row_is_table_header"] and first["table_header_choice"] == "row"
    assert first["table_caption"] == "Table 1: Basotho abroad"
    assert second == {
        "data": [["a", "b"]],
        "first_row_is_table_header": False,
        "first_col_is_header": False,
        "table_header_choice": "neither",
        "table_caption": "",
    }
    body = report.draft.sections.get().body
    assert [block.block_type for block in body] == ["table", "paragraph", "table"]
    assert "Table 1" not in body_html(report.draft, "Figures")
    assert report.sections[0].tables == 2 and report.sections[0].paragraphs == 1
    rendered = " ".join(body[0].render().split())
    assert '<th scope="col" > Country </th>' in rendered and "<td > South Africa </td>" in rendered


def test_footnotes_go_to_the_end_of_the_section_that_cites_them(policy):
    document = docx.new_document()
    document.add_heading("Remittances", 1)
    paragraph = document.add_paragraph("Remittances grew by 5%.")
    docx.add_footnote(document, paragraph, "Central Bank of Lesotho, 2025.")
    document.add_paragraph("They matter.")
    heading = document.add_heading("Investment", 1)
    docx.add_footnote(document, heading, "As the Investment Act defines it.")
    document.add_paragraph("Bonds.")

    report = run_import(policy, docx.to_bytes(document))

    html = body_html(report.draft, "Remittances")
    assert "grew by 5%.[1]</p>" in html
    assert html.endswith(">[1] Central Bank of Lesotho, 2025.</p>")
    # A note cited in a heading: the heading stays clean, the note ends the section.
    assert [h for _n, _l, h in rows(report.draft)] == ["Remittances", "Investment"]
    investment = body_html(report.draft, "Investment")
    assert "Central Bank" not in investment
    assert investment.endswith(">[2] As the Investment Act defines it.</p>")
    assert report.findings.notes == 2


def test_headings_below_heading_3_stay_in_the_text_as_bold_paragraphs(policy):
    document = docx.new_document()
    document.add_heading("Introduction", 1)
    document.add_heading("Purpose", 2)
    document.add_heading("Scope", 3)
    document.add_heading("Definitions", 4)
    document.add_paragraph("Diaspora means Basotho abroad.")

    report = run_import(policy, docx.to_bytes(document))

    assert len(rows(report.draft)) == 3
    assert "<b>Definitions</b></p>" in body_html(report.draft, "Scope")
    assert report.findings.deep_headings == 1


def test_a_document_without_heading_1_has_its_top_headings_as_chapters(policy):
    report = run_import(policy, docx.simple_policy((2, "Scope"), (3, "Aims"), (2, "Funding")))

    assert rows(report.draft) == [("1", 1, "Scope"), ("1.1", 2, "Aims"), ("2", 1, "Funding")]
    assert any("has no Heading 1" in line for line in report.adjustments)


def test_a_heading_that_skips_a_level_is_raised(policy):
    report = run_import(policy, docx.simple_policy((1, "Scope"), (3, "Aims"), (2, "Funding")))

    assert rows(report.draft) == [("1", 1, "Scope"), ("1.1", 2, "Aims"), ("1.2", 2, "Funding")]
    assert report.findings.adjusted_levels == [("Aims", 2)]


def test_a_style_based_on_a_heading_style_is_a_heading(policy):
    document = docx.new_document()
    docx.add_custom_heading_style(document, "Chapter Title", based_on="Heading 1")
    docx.add_custom_heading_style(document, "Ministry's Clause", based_on="Heading 2")
    document.add_paragraph("Introduction", style="Chapter Title")
    document.add_paragraph("Purpose", style="Ministry's Clause")

    report = run_import(policy, docx.to_bytes(document))

    assert rows(report.draft) == [("1", 1, "Introduction"), ("1.1", 2, "Purpose")]


# --- What is left out -------------------------------------------------------------------------


def test_pictures_charts_and_equations_are_left_out_and_counted(policy):
    document = docx.new_document()
    document.add_heading("Maps", 1)
    document.add_paragraph("Before.")
    docx.add_picture(document)
    docx.add_picture(document)
    docx.add_chart(document)
    docx.add_equation(document, "r = 5%")
    document.add_paragraph("After.")

    report = run_import(policy, docx.to_bytes(document))

    html = body_html(report.draft, "Maps")
    assert "Before." in html and "After." in html and "<img" not in html and "5%" not in html
    # The chart's picture for older readers is not counted as a picture.
    assert (report.findings.images, report.findings.drawings) == (2, 1)
    assert report.findings.equations == 1
    assert {"2 pictures", "1 chart, diagram or drawing", "1 equation"} <= set(report.left_out)


def test_word_comments_are_left_out_and_counted(policy):
    document = docx.new_document()
    document.add_heading("Scope", 1)
    paragraph = document.add_paragraph("Dual citizenship for all.")
    document.add_comment(paragraph.runs, text="Check with Home Affairs", author="Reviewer")

    report = run_import(policy, docx.to_bytes(document))

    assert "Dual citizenship for all." in body_html(report.draft, "Scope")
    assert "Home Affairs" not in all_text(report.draft)
    assert report.findings.comments == 1 and "1 Word comment" in report.left_out


def test_tracked_changes_are_taken_as_accepted(policy):
    document = docx.new_document()
    document.add_heading("Scope", 1)
    paragraph = document.add_paragraph("Basotho ")
    docx.add_tracked_insertion(paragraph, "living abroad ")
    docx.add_tracked_deletion(paragraph, "and foreigners ")
    paragraph.add_run("may apply.")

    report = run_import(policy, docx.to_bytes(document))

    assert "Basotho living abroad may apply." in body_html(report.draft, "Scope")
    assert "foreigners" not in all_text(report.draft)
    assert (report.findings.insertions, report.findings.deletions) == (1, 1)
    assert (
        "Tracked changes were taken as accepted: 1 insertion kept, 1 deletion dropped."
        in report.adjustments
    )


def test_text_boxes_are_left_out_and_quoted_in_the_report(policy):
    document = docx.new_document()
    document.add_heading("Scope", 1)
    paragraph = document.add_paragraph("The policy covers all Basotho.")
    docx.add_text_box(paragraph, "Box 1: who is a Mosotho?")
    docx.add_text_box(document.add_paragraph("Second."), "Sidebar without fallback", fallback=False)

    report = run_import(policy, docx.to_bytes(document))

    html = body_html(report.draft, "Scope")
    assert "The policy covers all Basotho." in html and "Second." in html
    assert "Box 1" not in html and "Sidebar" not in html
    assert report.findings.text_boxes == ["Box 1: who is a Mosotho?", "Sidebar without fallback"]
    assert any(
        line.startswith("2 text boxes, whose text was not imported") for line in report.left_out
    )


def test_a_table_of_contents_is_left_out(policy):
    document = docx.new_document()
    document.add_paragraph("Foreword.")
    docx.add_table_of_contents(document, ["1 Introduction 3", "2 Remittances 5"])
    document.add_heading("Introduction", 1)
    document.add_paragraph("Text.")

    report = run_import(policy, docx.to_bytes(document))

    assert "Foreword." in report.draft.introduction
    assert "Contents" not in report.draft.introduction
    assert "Remittances 5" not in all_text(report.draft)
    assert report.findings.table_of_contents


def test_a_draft_exported_to_word_imports_back(policy):
    """The shape of the platform's own Word export: title page, TOC field, "1.2 Heading"
    headings, python-docx list styles, a table and a footer."""
    report = run_import(policy, docx.exported_policy())

    draft = report.draft
    assert rows(draft) == [
        ("1", 1, "Introduction"),
        ("1.1", 2, "Purpose"),
        ("1.1.1", 3, "Who may apply"),
        ("2", 1, "Remittances"),
    ]
    assert ">Engage the diaspora<ul><li" in body_html(draft, "Purpose")
    assert tables(draft, "Who may apply")[0]["data"] == [["Group", "Share"], ["Workers", "60%"]]
    text = all_text(draft)
    assert "National Diaspora Policy" not in text  # the title page title and the footer
    assert "Right-click" not in text
    assert "Draft 2 – for consultation" in draft.introduction


# --- Files refused ---------------------------------------------------------------------------


def _no_headings() -> bytes:
    document = docx.new_document()
    document.add_paragraph("A letter with no headings.")
    return docx.to_bytes(document)


def _valid() -> bytes:
    return docx.simple_policy((1, "Introduction"))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: b"", "The file is empty."),
        (docx.pdf, "This is a PDF file, not a Word document (.docx)."),
        (docx.text_file, "This is not a Word document (.docx)."),
        (docx.old_doc, "This is an old-style Word document (.doc, Word 97–2003)"),
        (lambda: docx.encrypted(_valid()), "The document is protected by a password."),
        (lambda: docx.macro_enabled(_valid()), "The document contains macros"),
        (lambda: docx.with_vba_part_only(_valid()), "The document contains macros"),
        (docx.too_large, "The file is larger than 20 MB."),
        (docx.zip_bomb, "The file unpacks to far more data than a Word document holds"),
        (lambda: docx.truncated(_valid()), "The file is damaged or incomplete."),
        (lambda: docx.without_document_part(_valid()), "The file is damaged or incomplete."),
        (lambda: docx.with_doctype(_valid()), "The file is damaged or incomplete."),
        (lambda: docx.to_bytes(docx.new_document()), "The document has no text to import."),
        (_no_headings, "The document has no headings, so it cannot be split into sections."),
    ],
    ids=[
        "empty-file",
        "pdf",
        "text",
        "old-doc",
        "password",
        "docm",
        "vba-part",
        "over-20-mb",
        "zip-bomb",
        "truncated",
        "no-document-xml",
        "doctype",
        "empty-document",
        "no-headings",
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_in_one_line_and_nothing_is_saved(
    policy, previous_draft, make, message
):
    with pytest.raises(WordImportError) as refused:
        run_import(policy, make())
    (text,) = refused.value.messages
    assert text.startswith(message) and "\n" not in text
    assert DraftPage.objects.count() == 1


def test_a_zip_bomb_is_refused_from_its_directory_before_anything_is_unpacked(monkeypatch):
    bomb = docx.zip_bomb()

    def unpack(*args, **kwargs):
        raise AssertionError("unpacked")

    monkeypatch.setattr("zipfile.ZipFile.read", unpack)
    monkeypatch.setattr("zipfile.ZipFile.open", unpack)
    with pytest.raises(WordImportError, match="unpacks to far more data"):
        check_docx(bomb)


# --- The command -----------------------------------------------------------------------------


def test_import_draft_command_prints_the_report(policy, previous_draft, drafter, tmp_path):
    path = tmp_path / "draft-3.docx"
    path.write_bytes(docx.exported_policy())
    out = io.StringIO()

    call_command(
        "import_draft",
        str(path),
        "--policy",
        "/diaspora/",
        "--label",
        "Draft 3 (from Word)",
        "--user",
        "drafter",
        stdout=out,
    )

    draft = DraftPage.objects.get(title="Draft 3 (from Word)")
    assert draft.owner == drafter and not draft.live
    output = out.getvalue()
    assert "“Draft 3 (from Word)” was imported with 4 sections." in output
    assert "1 Introduction [chapter; key kept “intro”" in output
    assert "1.1 Purpose [section; new key “purpose”" in output
    assert "Left out:" in output and "The table of contents" in output
    assert f"/admin/pages/{draft.pk}/edit/" in output


def test_import_draft_command_finds_the_policy_by_id(policy, tmp_path):
    path = tmp_path / "draft.docx"
    path.write_bytes(_valid())
    call_command("import_draft", str(path), "--policy", str(policy.pk), stdout=io.StringIO())
    assert DraftPage.objects.get().title == "Draft 1"


@pytest.mark.parametrize(
    ("content", "options", "message"),
    [
        (docx.pdf(), ["--policy", "/diaspora/"], "This is a PDF file"),
        (b"", ["--policy", "/nowhere/"], "No policy found for '/nowhere/'"),
        (b"", ["--policy", "/diaspora/", "--user", "ghost"], "No user named 'ghost'."),
    ],
)
def test_import_draft_command_refuses_with_one_line(policy, tmp_path, content, options, message):
    path = tmp_path / "draft.docx"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message) as refused:
        call_command("import_draft", str(path), *options)
    assert "\n" not in str(refused.value)
    assert not DraftPage.objects.exists()


def test_import_draft_command_says_when_the_file_is_missing(policy):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_draft", str(Path("/nonexistent/draft.docx")), "--policy", "/diaspora/")


# --- The admin -------------------------------------------------------------------------------


def import_url(policy):
    return reverse("policy_docs_import_word_draft", args=[policy.pk])


def job_url(policy, job):
    return reverse("policy_docs_word_import", args=[policy.pk, job.pk])


def test_drafter_imports_a_word_draft_and_sees_the_report(
    drafter_client, policy, previous_draft, run_worker
):
    page = drafter_client.get(import_url(policy))
    assert page.status_code == 200 and "Import Word draft" in page.content.decode()

    response = drafter_client.post(
        import_url(policy),
        {"file": docx.upload(docx.exported_policy(), name="Draft 3 final.docx"), "label": ""},
    )

    # The request only queues the import: the worker reads the document.
    job = DraftImport.objects.get()
    assert response.status_code == 302 and response.url == job_url(policy, job)
    assert (job.filename, job.requested_by.username) == ("Draft 3 final.docx", "drafter")
    stored = job.file.name
    assert stored.startswith("word-imports/") and "final" not in stored
    assert job.file.storage.exists(stored)
    waiting = drafter_client.get(response.url).content.decode()
    assert "Waiting for the worker" in waiting and "Step 1 of 3" in waiting
    assert '<meta http-equiv="refresh"' in waiting
    assert not DraftPage.objects.filter(title="Draft 3").exists()

    run_worker()

    response = drafter_client.get(job_url(policy, job))
    assert response.status_code == 200
    draft = DraftPage.objects.get(title="Draft 3")
    assert draft.owner.username == "drafter" and not draft.live
    html = response.content.decode()
    assert "“Draft 3” was imported with 4 sections." in html
    assert reverse("wagtailadmin_pages:edit", args=[draft.pk]) in html
    assert "<code>intro</code>" in html and "(kept from Draft 2)" in html
    assert "The table of contents (the platform makes its own)" in html
    assert '<meta http-equiv="refresh"' not in html
    # The uploaded file was kept only until the worker had read it.
    job.refresh_from_db()
    assert (job.status, job.draft, job.file.name) == (DraftImportStatus.DONE, draft, "")
    assert not job.file.storage.exists(stored)
    # The imported draft opens in the editor.
    assert (
        drafter_client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk])).status_code == 200
    )
    # The import form lists it.
    assert job_url(policy, job) in drafter_client.get(import_url(policy)).content.decode()


def test_a_document_the_worker_refuses_shows_the_reason_and_nothing_is_saved(
    drafter_client, policy, previous_draft, run_worker
):
    response = drafter_client.post(import_url(policy), {"file": docx.upload(_no_headings())})
    job = DraftImport.objects.get()
    stored = job.file.name

    run_worker()

    html = drafter_client.get(response.url).content.decode()
    assert "The document has no headings, so it cannot be split into sections." in html
    assert "Nothing was saved" in html and "Import another file" in html
    job.refresh_from_db()
    assert job.status == DraftImportStatus.REFUSED and job.draft is None
    assert not job.file.storage.exists(stored)
    assert DraftPage.objects.count() == 1


def test_a_draft_started_while_the_import_waits_makes_the_worker_refuse(
    drafter_client, policy, previous_draft, run_worker
):
    response = drafter_client.post(import_url(policy), {"file": docx.upload(_valid())})
    DraftPageFactory(parent=policy, title="Draft 3").unpublish()

    run_worker()

    html = drafter_client.get(response.url).content.decode()
    assert "“Draft 3” is not published yet" in html
    assert DraftImport.objects.get().status == DraftImportStatus.REFUSED
    assert DraftPage.objects.count() == 2


def test_an_import_whose_file_is_gone_is_marked_failed(
    drafter_client, policy, previous_draft, run_worker
):
    response = drafter_client.post(import_url(policy), {"file": docx.upload(_valid())})
    job = DraftImport.objects.get()
    job.file.storage.delete(job.file.name)

    run_worker()

    html = drafter_client.get(response.url).content.decode()
    assert "The import stopped on an unexpected error; nothing was saved." in html
    assert DraftImport.objects.get().status == DraftImportStatus.FAILED
    assert DraftPage.objects.count() == 1


def test_an_import_whose_worker_stopped_is_marked_failed_by_the_next_one(
    drafter_client, policy, previous_draft, run_worker
):
    drafter_client.post(import_url(policy), {"file": docx.upload(_valid())})
    stalled = DraftImport.objects.get()
    stored = stalled.file.name
    # A worker took it an hour ago, then was killed while reading it.
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    DraftImport.objects.filter(pk=stalled.pk).update(
        status=DraftImportStatus.READING, started_at=an_hour_ago
    )

    response = drafter_client.post(import_url(policy), {"file": docx.upload(_valid())})

    stalled.refresh_from_db()
    assert stalled.status == DraftImportStatus.FAILED
    assert not stalled.file and not stalled.file.storage.exists(stored)
    page = drafter_client.get(job_url(policy, stalled)).content.decode()
    assert "The import stopped before it finished; nothing was saved." in page
    run_worker()  # the stalled import's task is left alone; the new one makes the draft
    assert DraftImport.objects.get(pk=stalled.pk).status == DraftImportStatus.FAILED
    assert DraftPage.objects.get(live=False).title == "Draft 3"
    assert "was imported with 1 section" in drafter_client.get(response.url).content.decode()


def test_an_import_is_shown_only_under_its_own_policy_and_to_those_who_may_import(
    client, drafter_client, policy, home, django_user_model
):
    drafter_client.post(import_url(policy), {"file": docx.upload(_valid())})
    job = DraftImport.objects.get()
    other = PolicyPageFactory(parent=home, title="Youth Policy", slug="youth")
    assert drafter_client.get(job_url(other, job)).status_code == 404

    clerk = django_user_model.objects.create_user("clerk", "c@example.org", "pw")
    clerk.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(clerk)
    response = client.get(job_url(policy, job))
    assert response.status_code == 302 and "draft.docx" not in response.content.decode()


def test_deleting_the_policy_deletes_a_waiting_import_and_its_file(drafter_client, policy):
    drafter_client.post(import_url(policy), {"file": docx.upload(_valid())})
    job = DraftImport.objects.get()
    storage, stored = job.file.storage, job.file.name

    policy.delete()

    assert not DraftImport.objects.exists() and not storage.exists(stored)


def test_a_bad_file_is_refused_on_the_form_and_nothing_is_saved(drafter_client, policy):
    response = drafter_client.post(import_url(policy), {"file": docx.upload(docx.pdf())})

    assert response.status_code == 200
    assert "This is a PDF file, not a Word document (.docx)." in response.content.decode()
    assert response.context["form"].errors["file"]
    assert not DraftPage.objects.exists() and not DraftImport.objects.exists()


def test_the_form_refuses_while_a_draft_is_unpublished(drafter_client, policy, previous_draft):
    DraftPageFactory(parent=policy, title="Draft 3").unpublish()
    page = drafter_client.get(import_url(policy))
    assert "“Draft 3” is not published yet" in page.content.decode()

    response = drafter_client.post(import_url(policy), {"file": docx.upload(_valid())})

    assert "“Draft 3” is not published yet" in str(response.context["form"].non_field_errors())
    assert DraftPage.objects.count() == 2 and not DraftImport.objects.exists()


def test_import_word_draft_is_offered_on_the_policy_in_the_page_explorer(
    drafter_client, home, policy
):
    header = drafter_client.get(reverse("wagtailadmin_explore", args=[policy.pk]))
    assert import_url(policy) in header.content.decode()
    listing = drafter_client.get(reverse("wagtailadmin_explore", args=[home.pk]))
    assert import_url(policy) in listing.content.decode()


def test_a_user_without_page_permissions_cannot_import(client, policy, django_user_model):
    user = django_user_model.objects.create_user("reader", "r@example.org", "pw")
    client.force_login(user)
    assert client.get(import_url(policy)).status_code in (302, 403)
    response = client.post(import_url(policy), {"file": docx.upload(_valid())})
    assert response.status_code in (302, 403)
    assert not DraftPage.objects.exists() and not DraftImport.objects.exists()


def test_an_admin_user_without_rights_on_the_policy_is_turned_away(
    client, policy, django_user_model
):
    user = django_user_model.objects.create_user("clerk", "c@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    response = client.post(import_url(policy), {"file": docx.upload(_valid())}, follow=True)

    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message.
    assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
    assert "Sorry, you do not have permission" in response.content.decode()
    assert not DraftPage.objects.exists()
    explorer = client.get(reverse("wagtailadmin_explore", args=[policy.pk]))
    assert import_url(policy) not in explorer.content.decode()
