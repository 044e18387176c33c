"""Word exports asked for in the admin and written by the database worker
(`manage.py db_worker --backend background`), then downloaded and read back."""

import io

import pytest
from django.urls import reverse
from docx import Document

from consultation.enums import ExportStatus
from consultation.exports.background import feedback_export_write
from consultation.models import FeedbackExport, Theme
from tests.consultation.word_reading import all_text, matrix_rows


def ask_for_export(client, query: str, **form):
    url = reverse("feedback_export_new") + "?" + query
    return client.post(url, {"variant": "internal", **form})


def test_inbox_filters_go_with_the_export_and_the_worker_writes_it(
    reviewer_client, open_draft, feedback, run_worker
):
    query = f"draft={open_draft.pk}&gender=woman&p=2&ordering=-pk"
    page = reviewer_client.get(reverse("feedback_export_new") + "?" + query)
    assert page.status_code == 200
    assert "Gender: Woman" in page.text
    assert f'<option value="{open_draft.pk}" selected>' in page.text

    response = ask_for_export(reviewer_client, query, draft=open_draft.pk)
    export = FeedbackExport.objects.get()
    assert response.url == reverse("feedback_export", args=[export.pk])
    assert export.query == {"draft": str(open_draft.pk), "gender": "woman"}
    waiting = reviewer_client.get(response.url)
    assert "Waiting for the worker" in waiting.text
    assert 'http-equiv="refresh"' in waiting.text

    run_worker()
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE
    assert export.sections_done == export.sections_total == open_draft.sections.count()
    done = reviewer_client.get(response.url)
    assert 'http-equiv="refresh"' not in done.text
    assert export.filename in done.text

    download = reviewer_client.get(reverse("feedback_export_download", args=[export.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert export.filename in download["Content-Disposition"]
    document = Document(io.BytesIO(b"".join(download.streaming_content)))
    texts = [row["Comment"] for _heading, row in matrix_rows(document)]
    assert "Name the children born abroad." in texts and "Fees are too high." not in texts
    assert "Gender: Woman" in all_text(document)
    listing = reviewer_client.get(reverse("feedback_exports"))
    assert export.filename in listing.text


def test_the_inbox_and_the_dashboard_link_to_the_export_with_their_filters(
    reviewer_client, open_draft, feedback
):
    inbox = reviewer_client.get(reverse("feedback:list") + "?gender=man")
    assert reverse("feedback_export_new") + "?gender=man" in inbox.text
    dashboard = reviewer_client.get(reverse("feedback_dashboard", args=[open_draft.pk]))
    assert reverse("feedback_export_new") + f"?draft={open_draft.pk}" in dashboard.text


def test_the_public_version_is_written_without_personal_details(
    reviewer_client, open_draft, feedback, run_worker
):
    ask_for_export(reviewer_client, "", draft=open_draft.pk, variant="public")
    run_worker()
    export = FeedbackExport.objects.get()
    assert export.public
    text = all_text(Document(export.file.open("rb")))
    assert "Palesa Mokoena" not in text and "@example.org" not in text


def test_the_summary_has_charts(reviewer_client, open_draft, feedback, run_worker):
    ask_for_export(reviewer_client, "", draft=open_draft.pk)
    run_worker()
    document = Document(FeedbackExport.objects.get().file.open("rb"))
    pictures = document.inline_shapes
    assert len(pictures) == 2  # comments by section, gender by sector
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions[0].startswith("Comments by section")
    assert captions[1].startswith("People who commented or wrote, by sector and gender")


def test_a_forged_filter_is_refused_and_nothing_is_queued(reviewer_client, open_draft, feedback):
    page = reviewer_client.get(reverse("feedback_export_new") + "?gender=pirate")
    assert "These filters cannot be applied" in page.text
    response = ask_for_export(reviewer_client, "gender=pirate", draft=open_draft.pk)
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not FeedbackExport.objects.exists()


def test_an_unknown_draft_is_refused(reviewer_client, open_draft, feedback):
    response = ask_for_export(reviewer_client, "", draft=999_999)
    assert response.status_code == 200
    assert not FeedbackExport.objects.exists()


def test_an_export_that_cannot_be_written_says_why(
    reviewer_client, open_draft, feedback, run_worker
):
    theme = Theme.objects.create(name="Fees")
    ask_for_export(reviewer_client, f"theme={theme.pk}", draft=open_draft.pk)
    theme.delete()  # between the request and the worker
    run_worker()
    export = FeedbackExport.objects.get()
    assert export.status == ExportStatus.FAILED
    page = reviewer_client.get(reverse("feedback_export", args=[export.pk]))
    assert "could not be written" in page.text and "Theme" in page.text


def test_a_finished_export_is_not_written_twice(reviewer_client, open_draft, feedback, run_worker):
    ask_for_export(reviewer_client, "", draft=open_draft.pk)
    run_worker()
    export = FeedbackExport.objects.get()
    name = export.file.name
    assert feedback_export_write(export_id=export.pk).file.name == name


@pytest.mark.parametrize("url", ["feedback_exports", "feedback_export_new"])
def test_people_without_the_review_permission_cannot_export(client, django_user_model, url):
    user = django_user_model.objects.create_user("visitor", "v@example.org", "pw")
    client.force_login(user)
    response = client.get(reverse(url))
    assert response.status_code in (302, 403)
    assert not FeedbackExport.objects.exists()


def test_the_self_refreshing_page_stays_cheap(
    reviewer_client, open_draft, feedback, django_assert_max_num_queries
):
    """It reloads every few seconds while the worker writes: naming the filters must not
    count the inbox's choices (a grouped query per filter) each time."""
    ask_for_export(reviewer_client, "gender=woman&country=ZA", draft=open_draft.pk)
    export = FeedbackExport.objects.get()
    with django_assert_max_num_queries(12):
        page = reviewer_client.get(reverse("feedback_export", args=[export.pk]))
    assert "Gender: Woman" in page.text


def test_an_export_not_yet_written_cannot_be_downloaded(reviewer_client, open_draft, feedback):
    ask_for_export(reviewer_client, "", draft=open_draft.pk)
    export = FeedbackExport.objects.get()
    response = reviewer_client.get(reverse("feedback_export_download", args=[export.pk]))
    assert response.status_code == 404
