"""Written submissions when their attachment can't be taken: the upload disk full (a real
64 KB tmpfs), a row that can't be written, and a body over the site's size limit, refused
before it is read. Whatever happens, no row and no file (whole or partial) is left."""

import io
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from consultation.middleware import RequestSizeLimitMiddleware
from consultation.models import FeedbackItem, WrittenSubmission
from consultation.storage import PrivateFileSystemStorage
from tests.consultation.factories import confirmed_account, sector

PDF_HEAD = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n"


def pdf(size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile("letter.pdf", PDF_HEAD + b"0" * (size - len(PDF_HEAD)))


def post_submission(client, draft, attachment, **fields):
    """Post the submission form as a browser does: the fields as rendered, every required
    box ticked (the consent), and the answers below."""
    url = reverse("submission_form", args=[draft.pk])
    html = client.get(url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    forms = soup.find_all("form")
    form = next(f for f in forms if f.get("enctype") == "multipart/form-data")
    data = querydict_from_html(html, form_index=forms.index(form))
    for box in form.select('input[type="checkbox"][required]'):
        data[box["name"]] = box.get("value", "on")
    values = {
        "name": "Lesotho Chamber of Commerce",
        "text": "The Chamber proposes a diaspora investment desk.",
        "gender": "undisclosed",
        "sector": str(sector("Private sector or business").pk),
        "country": "LS",
        "public_identity": "named",
        "attachment": attachment,
        **fields,
    }
    for name, value in values.items():
        data[name] = value
    return client.post(url, data)


def stored_files(folder):
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


@pytest.fixture
def member(client, django_user_model, db):
    user = confirmed_account("org", "letters@chamber.example.org")
    client.force_login(user)
    return user


@pytest.fixture
def upload_folder(tmp_path, monkeypatch):
    """The attachments' storage on a folder of its own (the test settings keep them in
    memory)."""
    folder = tmp_path / "private"
    folder.mkdir()
    field = WrittenSubmission._meta.get_field("attachment")
    monkeypatch.setattr(field, "storage", PrivateFileSystemStorage(location=folder))
    return folder


@pytest.fixture
def full_disk(upload_folder):
    """The attachments' folder on a real 64 KB filesystem (tmpfs): a larger file fills it."""
    mount, umount = shutil.which("mount"), shutil.which("umount")
    if not (mount and umount):
        pytest.skip("no mount command here")
    mounted = subprocess.run(  # noqa: S603
        [mount, "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(upload_folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mounted.stderr.strip()}")
    yield upload_folder
    subprocess.run([umount, str(upload_folder)], check=True)  # noqa: S603


def test_a_full_upload_disk_says_so_and_keeps_no_row_and_no_partial_file(
    client, member, open_draft, full_disk
):
    response = post_submission(client, open_draft, pdf(200 * 1024))

    assert response.status_code == 503
    page = BeautifulSoup(response.content, "html.parser").get_text(" ")
    assert "the server's storage is full; nothing was saved, please try later" in page
    assert "The Chamber proposes a diaspora investment desk." in page  # the text is kept
    assert not WrittenSubmission.objects.exists() and not FeedbackItem.objects.exists()
    assert stored_files(full_disk) == []


def test_a_file_that_fits_is_stored_on_the_same_disk(client, member, open_draft, full_disk):
    response = post_submission(client, open_draft, pdf(8 * 1024))

    assert response.status_code == 302
    submission = WrittenSubmission.objects.get()
    assert stored_files(full_disk) == [submission.attachment.name]


def test_a_row_that_cannot_be_written_takes_its_stored_file_away(
    client, member, open_draft, upload_folder, monkeypatch
):
    def database_error(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("consultation.signal_handlers.feedback_item_sync", database_error)
    with pytest.raises(RuntimeError, match="database went away"):
        post_submission(client, open_draft, pdf(8 * 1024))

    assert not WrittenSubmission.objects.exists()
    assert stored_files(upload_folder) == []


def test_an_oversized_upload_is_refused_with_413_and_nothing_is_stored(
    client, member, open_draft, upload_folder, settings
):
    settings.MAX_REQUEST_BYTES = 64 * 1024
    response = post_submission(client, open_draft, pdf(100 * 1024))

    assert response.status_code == 413
    assert "larger than this site accepts" in response.content.decode()
    assert not WrittenSubmission.objects.exists()
    assert stored_files(upload_folder) == []


class UnreadableBody(io.RawIOBase):
    def read(self, *args):
        raise AssertionError("the body of an oversized request was read")

    readline = readinto = read


def test_an_oversized_request_is_refused_from_its_content_length_before_its_body_is_read(
    member, open_draft
):
    client = Client(enforce_csrf_checks=True)  # CSRF's check reads the body of a POST
    client.force_login(member)
    url = reverse("submission_form", args=[open_draft.pk])
    response = client.post(
        url,
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    assert "Content-Security-Policy" in response  # through every middleware's response
    assert not WrittenSubmission.objects.exists()


@pytest.mark.parametrize(
    "where, size, refused",
    [
        ("submission", 11 * 1024 * 1024, False),
        ("submission", 11 * 1024 * 1024 + 1, True),
        ("word import", 21 * 1024 * 1024, False),  # a Word draft may be up to 20 MB
        ("word import", 26 * 1024 * 1024, True),
    ],
)
def test_the_limit_is_a_bit_above_each_upload_limit(where, size, refused, db):
    path = (
        reverse("submission_form", args=[1])
        if where == "submission"
        else reverse("policy_docs_import_word_draft", args=[1])
    )
    request = RequestFactory().post(path, CONTENT_LENGTH=str(size))
    middleware = RequestSizeLimitMiddleware(lambda request: None)
    response = middleware.process_view(request, None, (), {})
    assert (response is not None and response.status_code == 413) is refused
