"""Formula injection: a commenter's words, name or organisation that start like a spreadsheet
formula come out of every admin CSV and XLSX export as text, read back as a spreadsheet
program would (the csv module, openpyxl)."""

import csv
import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from consultation.models import SectionComment
from consultation.spreadsheets import FORMULA_STARTS, spreadsheet_text
from tests.consultation.conftest import dual, open_draft, reviewer, team_member  # noqa: F401
from tests.consultation.factories import SectionCommentFactory

PAYLOADS = [
    '=HYPERLINK("http://evil.example/","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "＝1+1",
]
# Different enough that the inbox does not fold them into one campaign.
TAILS = [
    "",
    " Remittance fees are too high for families.",
    " Children born abroad need passports quickly.",
    " Land ownership rules confuse returning migrants.",
    " Pension transfers between countries take months.",
    " Consular offices should open on weekends.",
    " Investment bonds for the diaspora would help.",
    " Skills registers could match nurses with clinics.",
]
INBOX = reverse("feedback:list")


@pytest.fixture
def hostile(dual):  # noqa: F811
    comments = [
        SectionCommentFactory(
            section=dual,
            comment=payload + tail,
            user_name=payload,
            organisation=payload,
            on_behalf_of_organisation=True,
        )
        for payload, tail in zip(PAYLOADS, TAILS, strict=True)
    ]
    SectionCommentFactory(section=dual, comment="A plain comment.", user_name="Plain Name")
    return comments


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text, newline="")))


def assert_no_formula(rows):
    for row in rows:
        for cell in row:
            assert not cell.lstrip(" ").startswith(FORMULA_STARTS), repr(cell)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_value_that_starts_like_a_formula_gets_an_apostrophe(payload):
    assert spreadsheet_text(payload) == "'" + payload


@pytest.mark.parametrize("value", ["Plain words", "3 + 4 = 7", "e-mail", "", 12, None])
def test_other_values_are_left_alone(value):
    assert spreadsheet_text(value) == value


def test_inbox_csv_export_writes_formulas_as_text(client, reviewer, hostile):  # noqa: F811
    client.force_login(reviewer)
    rows = csv_rows(client.get(INBOX, {"export": "csv"}))
    header, body = rows[0], rows[1:]
    assert_no_formula(rows)
    comments = [row[header.index("Comment")] for row in body]
    names = [row[header.index("Name")] for row in body]
    organisations = [row[header.index("Organisation")] for row in body]
    for payload, tail in zip(PAYLOADS, TAILS, strict=True):
        # Nothing lost: the words are all there, behind the apostrophe.
        assert "'" + payload + tail in comments
        assert "'" + payload in names
        assert "'" + payload in organisations
    assert "A plain comment." in comments and "Plain Name" in names


def test_inbox_xlsx_export_writes_formulas_as_strings(client, reviewer, hostile):  # noqa: F811
    client.force_login(reviewer)
    response = client.get(INBOX, {"export": "xlsx"})
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert sheets
        for name in sheets:
            assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    column = header.index("Comment")
    written = {}
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", cell.value
        written[row[column].value] = row[column].data_type
    for payload, tail in zip(PAYLOADS, TAILS, strict=True):
        # XLSX keeps the words as they were written, as a string cell.
        assert written.get(payload + tail) == "s", (payload, written)


def test_site_history_csv_of_a_moderated_hostile_comment_writes_no_formula(
    client,
    django_user_model,
    team_member,  # noqa: F811
    dual,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    """Wagtail's own report: approving a comment logs it under its author's name and words."""
    comment = SectionCommentFactory(
        section=dual, comment=PAYLOADS[0], user_name=PAYLOADS[0], is_public=False
    )
    client.force_login(team_member("Moderators", "mod"))
    edit = reverse("comment_moderation:edit", args=[comment.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit, {"decision": "approve", "reason": ""}).status_code == 302
    assert SectionComment.objects.get(pk=comment.pk).is_public

    admin = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(admin)
    rows = csv_rows(client.get(reverse("wagtailadmin_reports:site_history"), {"export": "csv"}))
    labels = [row[rows[0].index("Name")] for row in rows[1:]]
    assert any(label.startswith("'" + PAYLOADS[0]) for label in labels), labels
    assert_no_formula(rows)
