"""Written submissions with an attachment, through the real form, with real uploads."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from consultation.models import WrittenSubmission
from tests.consultation.factories import confirmed_account, sector

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def odt_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text"
        )  # stored first and uncompressed, as OpenDocument requires
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.fixture
def member(client, django_user_model, db):
    user = confirmed_account("org", "letters@chamber.example.org")
    client.force_login(user)
    return user


def submit(client, draft, attachment=None, **fields):
    data = {
        "name": "Lesotho Chamber of Commerce",
        "text": "The Chamber supports the policy and proposes a diaspora investment desk.",
        "gender": "undisclosed",
        "sector": sector("Private sector or business").pk,
        "country": "LS",
        "organisation": "Lesotho Chamber of Commerce",
        "on_behalf_of_organisation": "on",
        "public_identity": "named",
        "consent": "on",
        **fields,
    }
    if attachment is not None:
        data["attachment"] = attachment
    return client.post(reverse("submission_form", args=[draft.pk]), data)


def test_a_submission_with_a_pdf_is_stored_tagged_and_acknowledged(
    client, member, open_draft, mailoutbox
):
    response = submit(client, open_draft, SimpleUploadedFile("letter.pdf", PDF))
    assert response.status_code == 302
    submission = WrittenSubmission.objects.get()
    assert submission.user == member and submission.email == member.email
    assert submission.sector.name == "Private sector or business" and not submission.is_public
    assert submission.attachment.read() == PDF
    (message,) = mailoutbox
    assert message.to == [member.email] and "letter" in message.body
    assert "A moderator will review it" in client.get(response.url).content.decode()


def test_an_odt_attachment_is_accepted(client, member, open_draft):
    assert (
        submit(client, open_draft, SimpleUploadedFile("letter.odt", odt_bytes())).status_code == 302
    )


def test_post_moderation_publishes_the_submission_at_once(client, member, open_draft, settings):
    settings.MODERATION_MODE = "post"
    submit(client, open_draft)
    assert WrittenSubmission.objects.get().is_public


def test_the_attachment_is_private_until_a_moderator_publishes_it(
    client, member, open_draft, drafter
):
    submit(client, open_draft, SimpleUploadedFile("letter.pdf", PDF))
    submission = WrittenSubmission.objects.get()
    url = reverse("submission_attachment", args=[submission.pk])
    client.logout()
    assert client.get(url).status_code == 404
    drafter_client = Client()
    drafter_client.force_login(drafter)
    response = drafter_client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    WrittenSubmission.objects.update(is_public=True, attachment_is_public=True)
    client.logout()
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("letter.pdf", b"just text pretending"), "this file is not one"),
        (SimpleUploadedFile("setup.exe", b"MZ\x90\x00" + b"\x00" * 100), "this file is not one"),
        (SimpleUploadedFile("big.pdf", PDF + b"0" * 2048), "the limit is"),
    ],
)
def test_bad_attachments_are_refused_and_nothing_is_stored(
    client, member, open_draft, settings, upload, message
):
    settings.SUBMISSION_MAX_UPLOAD_BYTES = 1024
    response = submit(client, open_draft, upload)
    assert response.status_code == 200 and message in response.content.decode()
    assert "The Chamber supports the policy" in response.content.decode()  # text kept
    assert not WrittenSubmission.objects.exists()


@pytest.mark.parametrize(
    "field, value", [("gender", "robot"), ("sector", "99999"), ("country", "XX")]
)
def test_forged_values_are_refused_with_400(client, member, open_draft, field, value):
    response = submit(client, open_draft, **{field: value})
    assert response.status_code == 400
    assert not WrittenSubmission.objects.exists()


def test_a_closed_draft_refuses_submissions(client, member, closed_draft):
    response = submit(client, closed_draft)
    assert response.status_code == 403 and "Comments closed on" in response.content.decode()
    assert not WrittenSubmission.objects.exists()


def test_visitors_are_asked_to_sign_in_first(client, open_draft):
    response = client.get(reverse("submission_form", args=[open_draft.pk]))
    assert response.status_code == 302 and reverse("account_login") in response.url
