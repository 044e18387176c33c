"""The Word export of a draft or of the adopted policy: written by export_policy, the
export_policy command and the public download, read back with python-docx."""

import datetime
import io
import shutil
import subprocess

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.table import Table
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from policy_docs.enums import DraftStatus, SectionLevel
from policy_docs.word_export import DOCX_CONTENT_TYPE, export_policy
from tests.office import convert_to_pdf
from tests.policy_docs.factories import DraftPageFactory, section

PURPOSE = (
    '<p data-block-key="a">Plain <b>bold</b> and <i>italic</i> with a '
    '<a href="https://example.org/remittances?a=1&amp;b=2">link <b>in bold</b></a>.</p>'
    "<p>First line<br/>second line</p>"
    "<ul><li>first\n<ul><li>nested <i>point</i></li></ul>\nmore of first</li><li>second</li></ul>"
    "<ol><li>one</li><li>two</li></ol>"
)
TABLE = {
    "data": [
        ["Action", "Lead", "Year", None],
        ["Publish guidance", "Ministry of Home Affairs", "1", ""],
        ["Open a register", None, "2", None],
        [None, "", None, None],  # left over from the table editor
    ],
    "first_row_is_table_header": True,
    "first_col_is_header": False,
    "table_caption": "Implementation matrix",
}


def _with_body(draft_section, *blocks):
    draft_section.body = list(blocks)
    return draft_section


@pytest.fixture
def annex(db):
    return get_document_model().objects.create(
        title="Annex", file=ContentFile(b"%PDF-1.4 annex", name="annex.pdf")
    )


@pytest.fixture
def draft(policy, annex):
    next_year = timezone.now().year + 1
    local = timezone.get_current_timezone()
    return DraftPageFactory(
        parent=policy,
        title="Draft 2",
        slug="draft-2",
        status=DraftStatus.OPEN,
        opens_at=datetime.datetime(next_year, 3, 1, 8, 0, tzinfo=local),
        closes_at=datetime.datetime(next_year, 3, 31, 23, 59, tzinfo=local),
        introduction="<p>Please <b>comment</b> on this draft.</p>",
        sections=[
            section("Introduction", level=SectionLevel.CHAPTER, text="Why a policy."),
            _with_body(
                section("Purpose"),
                ("paragraph", RichText(PURPOSE)),
                (
                    "paragraph",
                    RichText(f'<p>See <a linktype="document" id="{annex.pk}">the annex</a>.</p>'),
                ),
            ),
            section("Scope", level=SectionLevel.SUBSECTION, text="Who is covered."),
            _with_body(
                section("Implementation", level=SectionLevel.CHAPTER),
                ("table", TABLE),
                ("paragraph", RichText("<p>Steps:</p><ol><li>plan</li><li>act</li></ol>")),
            ),
        ],
    )


def write(draft, **options) -> Document:
    output = io.BytesIO()
    export_policy(draft=draft, output=output, **options)
    output.seek(0)
    return Document(output)


def headings(document):
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Head")]


def paragraph(document, starting_with):
    return next(p for p in document.paragraphs if p.text.startswith(starting_with))


def test_each_section_is_a_word_heading_of_its_level_with_its_number_in_order(draft):
    assert headings(write(draft)) == [
        ("Heading 1", "1 Introduction"),
        ("Heading 2", "1.1 Purpose"),
        ("Heading 3", "1.1.1 Scope"),
        ("Heading 1", "2 Implementation"),
    ]


def test_each_body_follows_its_own_heading(draft):
    order = [p.text for p in write(draft).paragraphs if p.text]
    assert order.index("1.1 Purpose") < order.index("First line\nsecond line")
    assert order.index("First line\nsecond line") < order.index("1.1.1 Scope")
    assert (
        order.index("1.1.1 Scope")
        < order.index("Who is covered.")
        < order.index("2 Implementation")
    )


def test_title_page_names_the_policy_version_status_and_export_date(draft):
    document = write(draft, now=timezone.make_aware(datetime.datetime(2026, 2, 14, 10, 0)))
    first = document.paragraphs[:5]
    assert (first[0].style.name, first[0].text) == ("Title", "National Diaspora Policy")
    assert (first[1].style.name, first[1].text) == ("Subtitle", "Draft 2")
    year = draft.closes_at.year
    assert first[2].text == f"Draft for consultation, open 1 March – 31 March {year}"
    assert first[3].text == "Exported on 14 February 2026 from http://testserver/diaspora/draft-2/"
    assert first[3].hyperlinks[0].url == "http://testserver/diaspora/draft-2/"
    assert first[2].style.name == first[3].style.name == "Export Details"
    assert first[4].text == "Please comment on this draft."
    assert document.core_properties.title == "National Diaspora Policy"
    assert document.core_properties.subject == "Draft 2"
    assert document.core_properties.author == ""
    assert headings(document)[0] == ("Heading 1", "1 Introduction")
    assert document.paragraphs[5].paragraph_format.page_break_before


def test_the_introduction_can_be_left_out(draft):
    text = "\n".join(p.text for p in write(draft, introduction=False).paragraphs)
    assert "Please comment" not in text and "1.1 Purpose" in text


def test_adopted_policy_says_so_on_its_title_page(policy):
    adopted = DraftPageFactory(
        parent=policy, title="National Diaspora Policy 2026", status=DraftStatus.ADOPTED
    )
    adopted.refresh_from_db()  # publishing dated the database row, not this instance
    published = timezone.localtime(adopted.first_published_at)
    status = write(adopted).paragraphs[2].text
    assert status == f"Adopted policy, published on {published.day} {published:%B %Y}"


def test_bold_italic_and_hyperlinks_survive(draft):
    document = write(draft)
    purpose = paragraph(document, "Plain")
    assert purpose.text == "Plain bold and italic with a link in bold."
    assert [r.text for r in purpose.runs if r.bold] == ["bold"]
    assert [r.text for r in purpose.runs if r.italic] == ["italic"]
    [link] = purpose.hyperlinks
    assert link.url == "https://example.org/remittances?a=1&b=2"
    assert link.text == "link in bold"
    assert [(r.text, r.bold) for r in link.runs] == [("link ", None), ("in bold", True)]
    assert all(r.style.name == "Hyperlink" for r in link.runs)
    relationship = document.part.rels[link._hyperlink.rId]
    assert relationship.reltype == RELATIONSHIP_TYPE.HYPERLINK and relationship.is_external


def test_a_document_link_becomes_its_absolute_url(draft, annex):
    [link] = paragraph(write(draft), "See").hyperlinks
    assert link.url == f"http://testserver{annex.url}"
    assert link.text == "the annex"


def test_lists_use_word_list_styles_nested_and_numbered_from_one(draft):
    document = write(draft)
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert styles["first"] == styles["second"] == "List Bullet"
    assert styles["nested point"] == "List Bullet 2"
    assert styles["more of first"] == "List Continue"
    items = [p for p in document.paragraphs if p.style.name.startswith("List")]
    assert "" not in [p.text for p in items]
    # Items sit close together; the space after a list is the style's.
    assert [p.paragraph_format.space_after for p in items[:4]] == [0, 0, 0, None]
    assert styles["one"] == styles["two"] == styles["plan"] == "List Number"
    assert styles["Steps:"] == "Normal"
    assert paragraph(document, "Steps:").paragraph_format.keep_with_next

    def number_id(text):
        return paragraph(document, text)._p.pPr.numPr.numId.val

    # Each numbered list has its own numbering instance that starts again at 1.
    assert number_id("one") == number_id("two") != number_id("plan")
    numbering = document.part.numbering_part.numbering_definitions._numbering
    for text in ("one", "plan"):
        instance = numbering.num_having_numId(number_id(text))
        assert instance.lvlOverride_lst[0].startOverride.val == 1


def test_tables_have_caption_header_row_and_cells(draft):
    document = write(draft)
    [table] = document.tables
    assert table.style.name == "Table Grid"
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Action", "Lead", "Year"],
        ["Publish guidance", "Ministry of Home Affairs", "1"],
        ["Open a register", "", "2"],
    ]
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(cell.paragraphs[0].runs[0].bold for cell in header.cells)
    assert table.rows[1].cells[0].paragraphs[0].runs[0].bold is None
    blocks = list(document.iter_inner_content())
    position = next(i for i, block in enumerate(blocks) if isinstance(block, Table))
    caption = blocks[position - 1]
    assert (caption.style.name, caption.text) == ("Caption", "Implementation matrix")
    assert blocks[position - 2].text == "2 Implementation"


def test_footer_shows_version_label_and_page_x_of_y(draft):
    footer = write(draft).sections[0].footer
    assert footer.paragraphs[0].text.startswith("National Diaspora Policy · Draft 2 · Page ")
    codes = [c.text.strip() for c in footer._element.iter(qn("w:instrText"))]
    assert codes == ["PAGE", "NUMPAGES"]


def export_command(tmp_path, *arguments) -> Document:
    path, out = tmp_path / "policy.docx", io.StringIO()
    call_command("export_policy", *arguments, "--output", str(path), stdout=out)
    assert out.getvalue().startswith(f"Wrote {path}: National Diaspora Policy, ")
    return Document(str(path))


@pytest.mark.parametrize(
    "reference",
    ["{pk}", "/diaspora/draft-2/", "diaspora/draft-2", "http://localhost/diaspora/draft-2/"],
)
def test_command_finds_the_draft_by_id_or_url_path(tmp_path, draft, reference):
    document = export_command(tmp_path, "--draft", reference.format(pk=draft.pk))
    assert document.paragraphs[1].text == "Draft 2"
    assert ("Heading 2", "1.1 Purpose") in headings(document)


def test_command_exports_the_adopted_text_of_a_policy(tmp_path, policy, draft):
    DraftPageFactory(parent=policy, title="Adopted policy", status=DraftStatus.ADOPTED)
    document = export_command(tmp_path, "--adopted", "/diaspora/", "--no-introduction")
    assert document.paragraphs[1].text == "Adopted policy"


def test_command_refuses_bad_arguments(tmp_path, policy, draft):
    output = str(tmp_path / "x.docx")
    with pytest.raises(CommandError, match="No draft found"):
        call_command("export_policy", "--draft", "/diaspora/draft-9/", "--output", output)
    with pytest.raises(CommandError, match="No draft found"):
        call_command("export_policy", "--draft", str(policy.pk), "--output", output)
    with pytest.raises(CommandError, match=r"\.docx"):
        call_command("export_policy", "--draft", str(draft.pk), "--output", "x.pdf")
    with pytest.raises(CommandError, match="no published adopted draft"):
        call_command("export_policy", "--adopted", str(policy.pk), "--output", output)
    with pytest.raises(CommandError, match="No policy found"):
        call_command("export_policy", "--adopted", "/nowhere/", "--output", output)
    with pytest.raises(CommandError, match="not allowed with"):
        call_command(
            "export_policy", "--draft", str(draft.pk), "--adopted", "/diaspora/", "--output", output
        )
    assert not (tmp_path / "x.docx").exists()


def download_url(draft_id) -> str:
    return reverse("policy_docs:draft_download", args=[draft_id])


def test_public_download_is_the_docx_as_an_attachment(client, draft):
    response = client.get(download_url(draft.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="national-diaspora-policy-draft-2.docx"'
    )
    document = Document(io.BytesIO(response.getvalue()))
    assert ("Heading 3", "1.1.1 Scope") in headings(document)


def test_download_of_an_unpublished_or_unknown_draft_is_not_found(client, policy, draft):
    unpublished = DraftPageFactory(parent=policy, slug="draft-3")
    unpublished.unpublish()
    assert client.get(download_url(unpublished.pk)).status_code == 404
    assert client.get(download_url(999_999)).status_code == 404
    policy.unpublish()
    assert client.get(download_url(draft.pk)).status_code == 404


def test_download_respects_the_page_view_restrictions(client, django_user_model, policy, draft):
    PageViewRestriction.objects.create(page=policy, restriction_type=PageViewRestriction.LOGIN)
    refused = client.get(download_url(draft.pk))  # as Wagtail answers on the page: sign in
    assert refused.status_code == 302
    assert refused["Location"] == f"/accounts/login/?next={download_url(draft.pk)}"
    client.force_login(django_user_model.objects.create_user("reader", "r@example.org", "pw"))
    assert client.get(download_url(draft.pk)).status_code == 200


def test_draft_page_links_to_its_download(client, draft):
    html = client.get(draft.url).content.decode()
    assert f'<a href="{download_url(draft.pk)}" download>Download (.docx)</a>' in html


def test_libreoffice_converts_an_export(tmp_path, draft):
    path = tmp_path / "policy.docx"
    export_policy(draft=draft, output=str(path))
    pdf = convert_to_pdf(path)
    if pdftotext := shutil.which("pdftotext"):
        text = subprocess.run(  # noqa: S603
            [pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        assert "1.1.1 Scope" in text and "Publish guidance" in text
        assert "Page 2 of 2" in text  # the footer's fields were computed
