"""The drafters' feedback inbox: who may open it, its combined filters, counts, export and
bulk actions, through the admin's own URLs."""

import csv
import io
from urllib.parse import urlsplit

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from consultation.enums import Gender
from consultation.models import FeedbackItem
from tests.consultation.factories import (
    SectionCommentFactory,
    WrittenSubmissionFactory,
    sector,
    submissions_in_bulk,
)

INBOX = "/admin/feedback/"


@pytest.fixture
def dataset(open_draft):
    """Eight comments whose tags cross each other, so that each filter cuts differently."""
    dual = open_draft.sections.get(key="dual")
    remittances = open_draft.sections.get(key="remittances")
    diaspora, ministry = sector("Diaspora association"), sector("Government ministry or agency")
    rows = [
        ("a", dual, Gender.WOMAN, diaspora, "ZA", "Children born abroad need a clear path."),
        ("b", dual, Gender.WOMAN, ministry, "LS", "The ministry needs two years to implement."),
        ("c", dual, Gender.MAN, diaspora, "ZA", "Allow it without conditions."),
        ("d", remittances, Gender.WOMAN, diaspora, "ZA", "Bank fees eat a tenth of remittances."),
        ("e", remittances, Gender.WOMAN, diaspora, "GB", "Mobile money works better than banks."),
        ("f", remittances, Gender.MAN, ministry, "LS", "Central bank supervision is missing."),
        ("g", remittances, Gender.ANOTHER, diaspora, "ZA", "Women traders carry cash at borders."),
        ("h", dual, Gender.WOMAN, diaspora, "US", "Consular services in the US are far away."),
    ]
    comments = {}
    for name, where, gender, who, country, text in rows:
        comments[name] = SectionCommentFactory(
            section=where, gender=gender, sector=who, country=country, comment=text
        )
    return comments


def row_numbers(response) -> set[int]:
    soup = BeautifulSoup(response.content, "html.parser")
    cells = soup.select("table.listing tbody tr td:nth-of-type(2)")
    return {int(cell.get_text(strip=True)) for cell in cells}


def ids(*comments) -> set[int]:
    return {FeedbackItem.objects.get(comment=comment).pk for comment in comments}


def test_anonymous_visitor_is_sent_to_the_login_page(client, dataset):
    response = client.get(INBOX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("role", [None, "Moderators"])
def test_stakeholders_and_moderators_cannot_open_inbox_response_form_or_export(
    client, dataset, team_member, role
):
    if role:
        user = team_member(role, "someone")
    else:
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.create_user("stakeholder", "s@example.org", "pw")
    client.force_login(user)
    item = FeedbackItem.objects.first()
    for url in (
        INBOX,
        f"{INBOX}?export=xlsx",
        reverse("feedback:edit", args=[item.pk]),
        reverse("feedback_dashboard", args=[item.draft_id]),
    ):
        response = client.get(url)
        assert response.status_code in {302, 403}, url
        if response.status_code == 302:  # to the login page or the admin's home
            assert urlsplit(response["Location"]).path in {
                reverse("wagtailadmin_login"),
                reverse("wagtailadmin_home"),
            }


def test_moderator_still_reaches_the_moderation_queue(client, dataset, team_member):
    client.force_login(team_member("Moderators", "mod"))
    assert client.get("/admin/moderation/comments/?status=all").status_code == 200


def test_drafter_sees_every_item_with_section_and_excerpt(reviewer_client, dataset):
    response = reviewer_client.get(INBOX)
    assert response.status_code == 200
    assert row_numbers(response) == ids(*dataset.values())
    page = response.content.decode()
    assert "Draft 2 · 1.1 Dual citizenship" in page
    assert "Children born abroad need a clear path." in page


def test_combined_filters_return_exactly_the_expected_rows(reviewer_client, dataset, dual):
    diaspora = sector("Diaspora association")
    response = reviewer_client.get(
        INBOX, {"gender": "woman", "sector": diaspora.pk, "country": "ZA"}
    )
    assert row_numbers(response) == ids(dataset["a"], dataset["d"])
    response = reviewer_client.get(
        INBOX, {"gender": "woman", "sector": diaspora.pk, "section": dual.pk}
    )
    assert row_numbers(response) == ids(dataset["a"], dataset["h"])


def test_text_search_finds_words_and_word_beginnings_within_the_filters(
    reviewer_client, search_index, dataset
):
    response = reviewer_client.get(INBOX, {"gender": "woman", "q": "banks"})
    assert row_numbers(response) == ids(dataset["e"])
    # Stemmed ("bank" finds "Banks") and unfinished words ("remit" finds "remittances").
    assert row_numbers(reviewer_client.get(INBOX, {"q": "bank fee"})) == ids(dataset["d"])
    assert row_numbers(reviewer_client.get(INBOX, {"q": "remit"})) == ids(dataset["d"])


def test_text_search_finds_written_submissions_by_their_text_or_organisation(
    reviewer_client, search_index, open_draft
):
    submission = WrittenSubmissionFactory(
        draft=open_draft,
        organisation="Basotho Nurses Abroad",
        email="thabo@nurses.example.org",
        text="Recognise our nursing qualifications.",
    )
    item = FeedbackItem.objects.get(submission=submission)
    assert row_numbers(reviewer_client.get(INBOX, {"q": "qualification"})) == {item.pk}
    assert row_numbers(reviewer_client.get(INBOX, {"q": "nurses abroad"})) == {item.pk}
    assert row_numbers(reviewer_client.get(INBOX, {"q": "nurses.example"})) == set()


def test_text_search_falls_back_to_the_database_while_the_index_is_missing(
    reviewer_client, dataset
):
    response = reviewer_client.get(INBOX, {"gender": "woman", "q": "banks"})
    assert response.status_code == 200
    assert row_numbers(response) == ids(dataset["e"])


def test_filter_choices_show_their_counts_given_the_other_filters(reviewer_client, dataset):
    response = reviewer_client.get(INBOX, {"country": "ZA"})
    soup = BeautifulSoup(response.content, "html.parser")
    genders = [option.get_text(strip=True) for option in soup.select("#id_gender option")]
    # Within South Africa: 2 women, 1 man, 1 of another gender.
    assert genders == ["All", "Woman (2)", "Man (1)", "Another gender (1)", "Prefer not to say (0)"]
    options = {option.get_text(strip=True) for option in soup.select("#id_country option")}
    assert "South Africa (4)" in options
    assert "Lesotho (2)" in options  # the country filter counts without itself


def test_xlsx_export_matches_the_filtered_listing(reviewer_client, dataset):
    query = {"gender": "woman", "sector": sector("Diaspora association").pk}
    listed = row_numbers(reviewer_client.get(INBOX, query))
    response = reviewer_client.get(INBOX, {**query, "export": "xlsx"})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:2] == ("No.", "Received")
    assert (
        {row[0] for row in body}
        == listed
        == ids(dataset["a"], dataset["d"], dataset["e"], dataset["h"])
    )
    assert {row[header.index("Gender")] for row in body} == {"Woman"}


def test_bulk_action_sets_decision_and_assignee_and_logs_each(reviewer_client, reviewer, dataset):
    targets = ids(dataset["a"], dataset["b"])
    url = (
        reverse("wagtail_bulk_action", args=["consultation", "feedbackitem", "review"])
        + "?"
        + "&".join(f"id={pk}" for pk in targets)
    )
    page = reviewer_client.get(url)
    assert page.status_code == 200
    response = reviewer_client.post(
        url, {"decision": "partly-accepted", "assignee": reviewer.pk, "theme": "citizenship"}
    )
    assert response.status_code == 302
    for item in FeedbackItem.objects.filter(pk__in=targets):
        assert (item.decision, item.status, item.assignee) == (
            "partly-accepted",
            "under-review",
            reviewer,
        )
        assert list(item.themes.names()) == ["citizenship"]
        entry = ModelLogEntry.objects.for_instance(item).get()
        assert entry.user == reviewer
        assert entry.data["changes"]["decision"] == ["", "Partly accepted"]
    untouched = FeedbackItem.objects.get(comment=dataset["c"])
    assert untouched.decision == ""


def test_bulk_action_without_any_change_is_refused(reviewer_client, dataset):
    pk = FeedbackItem.objects.first().pk
    url = reverse("wagtail_bulk_action", args=["consultation", "feedbackitem", "review"])
    response = reviewer_client.post(f"{url}?id={pk}", {})
    assert response.status_code == 200
    assert "Choose at least one thing to change." in response.content.decode()


def test_inbox_query_count_does_not_depend_on_page_size_or_comment_count(
    reviewer_client, open_draft
):
    dual = open_draft.sections.get(key="dual")

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert reviewer_client.get(url).status_code == 200
        return len(captured)

    SectionCommentFactory.create_batch(5, section=dual)
    submissions_in_bulk(open_draft, 120)
    small = {url: queries(url) for url in (INBOX, f"{INBOX}?gender=woman&country=ZA")}
    submissions_in_bulk(open_draft, 10_000, start=120)
    for url, count in small.items():
        assert queries(url) == count
        assert queries(f"{url}{'&' if '?' in url else '?'}p=3") == count


def test_a_campaign_is_one_row_found_through_any_of_its_senders(reviewer_client, dual):
    letter = "We ask the Government to cap the cost of sending money home at three percent. " * 2
    lead = SectionCommentFactory(section=dual, comment=letter, gender=Gender.MAN)
    SectionCommentFactory(section=dual, comment=letter, gender=Gender.WOMAN)
    SectionCommentFactory(section=dual, comment=letter + "Signed, Lineo.", gender=Gender.WOMAN)
    other = SectionCommentFactory(section=dual, comment="A different point.", gender=Gender.MAN)

    response = reviewer_client.get(INBOX, {"gender": "woman"})
    assert row_numbers(response) == ids(lead)
    html = response.content.decode()
    assert "3 senders (2 women, 1 man)" in html
    assert "1 distinct item from 2 people" in html  # the senders who match
    assert row_numbers(reviewer_client.get(INBOX)) == ids(lead, other)


def test_a_section_selects_whole_campaigns_and_every_choice_counts_their_senders(
    reviewer_client, dual, open_draft
):
    letter = "We ask the Government to cap the cost of sending money home at three percent. " * 2
    lead = SectionCommentFactory(section=dual, comment=letter, gender=Gender.MAN)
    SectionCommentFactory(section=dual, comment=letter, gender=Gender.WOMAN, country="ZA")
    SectionCommentFactory(section=dual, comment=letter, gender=Gender.WOMAN, country="ZA")
    other = SectionCommentFactory(section=dual, comment="A different point.", gender=Gender.MAN)
    elsewhere = open_draft.sections.get(key="remittances")
    SectionCommentFactory(section=elsewhere, comment=letter, gender=Gender.WOMAN)

    on_dual = reviewer_client.get(INBOX, {"section": dual.pk})
    assert row_numbers(on_dual) == ids(lead, other)
    soup = BeautifulSoup(on_dual.content, "html.parser")
    genders = [option.get_text(strip=True) for option in soup.select("#id_gender option")]
    assert genders == ["All", "Woman (2)", "Man (2)", "Another gender (0)", "Prefer not to say (0)"]
    sections = {option.get_text(strip=True) for option in soup.select("#id_section option")}
    assert any(label.endswith("(1)") and "remittances" in label.lower() for label in sections)

    women_in_south_africa = {"section": dual.pk, "gender": "woman", "country": "ZA"}
    assert row_numbers(reviewer_client.get(INBOX, women_in_south_africa)) == ids(lead)


def test_both_exports_give_every_column_as_the_item_reads(reviewer_client, reviewer, open_draft):
    dual = open_draft.sections.get(key="dual")
    comment = SectionCommentFactory(
        section=dual,
        comment="=HYPERLINK(1) but a reasoned point.",
        gender=Gender.ANOTHER,
        country="GB",
        organisation="Basotho in London",
        on_behalf_of_organisation=True,
    )
    item = FeedbackItem.objects.get(comment=comment)
    FeedbackItem.objects.filter(pk=item.pk).update(
        decision="accepted", response="Done.", assignee=reviewer, status="answered"
    )
    item.themes.add("Fees", "Access")
    written = WrittenSubmissionFactory(draft=open_draft, text="A letter on the whole draft.")
    submission = FeedbackItem.objects.get(submission=written)

    xlsx = reviewer_client.get(INBOX, {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    header, *body = sheet.iter_rows(values_only=True)
    xlsx_rows = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    csv_response = reviewer_client.get(INBOX, {"export": "csv"})
    csv_text = b"".join(csv_response.streaming_content).decode()
    csv_rows = {int(row["No."]): row for row in csv.DictReader(io.StringIO(csv_text))}

    expected = {
        "Kind": "Comment on a section",
        "Draft": open_draft.title,
        "Section number": dual.number,
        "Section": dual.heading,
        "Organisation": "Basotho in London",
        "Gender": "Another gender",
        "Country": "United Kingdom",
        "Status": "Answered",
        "Decision": "Accepted",
        "Drafters' response": "Done.",
        "Themes": "Access, Fees",
        "Assigned to": reviewer.username,
    }
    for heading, value in expected.items():
        assert xlsx_rows[item.pk][heading] == value, heading
        assert csv_rows[item.pk][heading] == value, heading
    assert xlsx_rows[item.pk]["Comment"] == comment.comment  # text, not a formula
    assert csv_rows[item.pk]["Comment"] == "'" + comment.comment
    received = item.submitted_at.replace(tzinfo=None)  # in UTC, to the millisecond in XLSX
    assert abs(xlsx_rows[item.pk]["Received"] - received).total_seconds() < 0.001
    assert xlsx_rows[item.pk]["On behalf of the organisation"] is True
    assert xlsx_rows[submission.pk]["Kind"] == "Written submission"
    assert csv_rows[submission.pk]["Section"] == csv_rows[submission.pk]["Section number"] == ""
