"""Word exports asked for in the admin and written by the database worker
(`manage.py db_worker --backend background`), then downloaded and read back."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from consultation.enums import ExportStatus
from consultation.exports.background import feedback_export_write
from consultation.models import FeedbackExport, Theme
from consultation.storage import private_storage
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


# An erasure while an export waits for the worker or is being written.


def stored_exports() -> set[str]:
    """The Word files in the private storage (kept in memory for the whole test run)."""
    storage = private_storage()
    found, folders = [], ["exports"]
    while folders:
        folder = folders.pop()
        if not storage.exists(folder):
            continue
        subfolders, files = storage.listdir(folder)
        folders += [f"{folder}/{name}" for name in subfolders]
        found += [f"{folder}/{name}" for name in files]
    return set(found)


def erase(email: str) -> str:
    out = io.StringIO()
    call_command("erase_personal_data", email, "--yes", stdout=out)
    return out.getvalue()


def test_an_export_waiting_when_a_commenter_is_erased_is_stopped_and_never_written(
    reviewer_client, open_draft, feedback, run_worker
):
    files = stored_exports()
    ask_for_export(reviewer_client, "", draft=open_draft.pk)
    export = FeedbackExport.objects.get()

    assert "exports stopped: 1" in erase("palesa@example.org")
    run_worker()
    export.refresh_from_db()
    assert export.status == ExportStatus.CANCELLED and not export.file
    assert stored_exports() == files
    page = reviewer_client.get(reverse("feedback_export", args=[export.pk]))
    assert "This export was stopped" in page.text and 'http-equiv="refresh"' not in page.text
    download = reviewer_client.get(reverse("feedback_export_download", args=[export.pk]))
    assert download.status_code == 404

    # Asked for again, it is written without her.
    ask_for_export(reviewer_client, "", draft=open_draft.pk)
    run_worker()
    again = FeedbackExport.objects.get(status=ExportStatus.DONE)
    text = all_text(Document(again.file.open("rb")))
    assert "Karabo Motsamai" in text and "Palesa" not in text


@pytest.mark.parametrize("moment", ["after its first section", "once the document is built"])
def test_an_export_being_written_when_a_commenter_is_erased_keeps_nothing(
    reviewer_client, open_draft, feedback, run_worker, monkeypatch, moment
):
    """The worker has read her name when the erasure comes (run here at that moment, as
    another process would run it): it stops at the next section, or, done writing, finds its
    export cancelled before it saves the file."""
    from consultation.exports import background

    real_export = background.export_feedback

    def export_meanwhile_erased(*, progress, **kwargs):
        def advance(sections):
            progress(sections)
            if moment == "after its first section" and "erased" not in outputs:
                outputs["erased"] = erase("palesa@example.org")

        real_export(progress=advance, **kwargs)
        assert "Palesa Mokoena" in all_text(Document(kwargs["output"]))  # it was in there
        if moment == "once the document is built":
            outputs["erased"] = erase("palesa@example.org")

    outputs, files = {}, stored_exports()
    monkeypatch.setattr(background, "export_feedback", export_meanwhile_erased)
    ask_for_export(reviewer_client, "", draft=open_draft.pk)
    run_worker()

    assert "exports stopped: 1" in outputs["erased"]
    export = FeedbackExport.objects.get()
    assert export.status == ExportStatus.CANCELLED and not export.file
    assert stored_exports() == files
