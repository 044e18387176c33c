"""The privacy notice, and the consent every comment and written submission is sent with,
through the real pages and the real e-mail confirmation."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from consultation.models import SectionComment, WrittenSubmission
from tests.consultation.comment_forms import post_comment
from tests.consultation.factories import confirmed_account, sector

NOTICE = reverse("privacy_notice")


def link_in(message):
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


@pytest.fixture
def stakeholder(client, django_user_model, db):
    user = confirmed_account("thabo", "thabo@example.org")
    client.force_login(user)
    return user


def submit(client, draft, **fields):
    data = {
        "name": "Lesotho Chamber of Commerce",
        "text": "The Chamber supports the policy.",
        "gender": "undisclosed",
        "sector": sector("Private sector or business").pk,
        "country": "LS",
        "public_identity": "named",
        "consent": "on",
        **fields,
    }
    return client.post(reverse("submission_form", args=[draft.pk]), data)


def test_the_privacy_notice_says_who_what_why_how_long_and_how_to_ask(client, home, settings):
    settings.PRIVACY_CONTACT_EMAIL = "privacy@diaspora.example.gov.ls"
    settings.PERSONAL_DATA_RETENTION_DAYS = 400
    settings.PRIVACY_NOTICE_VERSION = "2026-11"
    response = client.get(NOTICE)
    assert response.status_code == 200
    text = re.sub(r"\s+", " ", response.content.decode())
    assert "Diaspora Directorate of the Government of Lesotho" in text
    assert 'href="mailto:privacy@diaspora.example.gov.ls"' in text
    for collected in ("name and your e-mail address", "gender, your sector and your country of "
                      "residence", "any file you attach"):  # fmt: skip
        assert collected in text
    assert "published only as totals" in text and "fewer than 5 people is not shown" in text
    assert "Your consent, which you give by ticking the box" in text
    assert "kept for 400 days after the consultation on the draft closes" in text
    assert "To have them erased" in text and "To see the details we hold" in text
    assert "Transfers abroad" in text and "Version 2026-11." in text
    assert "Data Protection Act 2011" in text and "GDPR" in text


def test_every_page_links_to_the_notice_and_the_forms_link_it_beside_the_consent_box(
    client, stakeholder, open_draft, dual
):
    assert f'<a href="{NOTICE}">Privacy notice</a>' in client.get("/").content.decode()
    for url in (
        reverse("section_comment", args=[dual.pk]),
        reverse("submission_form", args=[open_draft.pk]),
    ):
        html = client.get(url).content.decode()
        consent = html[html.index('<div class="consent">') :]
        assert f'<a href="{NOTICE}">privacy notice</a>' in consent
        assert 'name="consent"' in consent and 'aria-describedby="consent-note"' in consent
        assert "I have read the privacy notice and agree" in consent


def test_a_comment_without_consent_is_refused_with_a_clear_error_and_nothing_is_sent(
    client, dual, mailoutbox
):
    response = post_comment(client, dual, consent="", comment="Without agreeing.")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="#id_consent">' in html  # in the error summary, leading to the box
    assert "Tick this box to agree to the privacy notice" in html
    assert "Without agreeing." in html  # what was typed is kept
    assert mailoutbox == [] and not SectionComment.objects.exists()


def test_a_signed_in_comment_without_consent_is_refused_too(client, dual, stakeholder):
    response = post_comment(client, dual, consent="")
    assert "Tick this box to agree to the privacy notice" in response.content.decode()
    assert not SectionComment.objects.exists()


def test_a_signed_in_comment_records_when_consent_was_given_and_to_which_notice(
    client, dual, stakeholder, settings
):
    settings.PRIVACY_NOTICE_VERSION = "2027-01"
    before = timezone.now()
    assert post_comment(client, dual).status_code == 302
    comment = SectionComment.objects.get()
    assert before <= comment.consent_given_at <= timezone.now()
    assert comment.privacy_notice_version == "2027-01"


def test_consent_survives_the_email_confirmation_of_an_anonymous_comment(
    client, dual, mailoutbox, settings
):
    settings.PRIVACY_NOTICE_VERSION = "2026-11"
    posted_at = timezone.now()
    post_comment(client, dual, email="lineo@example.org", comment="From Durban.")
    assert not SectionComment.objects.exists()  # waits for the link
    (message,) = mailoutbox
    sent_at = timezone.now()

    client.post(link_in(message))  # the button on the page the link opens
    comment = SectionComment.objects.get()
    assert comment.user_email == "lineo@example.org"
    # The consent is the one given on the form, before the link was followed.
    assert posted_at <= comment.consent_given_at <= sent_at
    assert comment.privacy_notice_version == "2026-11"


def test_a_submission_without_consent_is_refused_and_one_with_it_records_it(
    client, stakeholder, open_draft, settings
):
    response = submit(client, open_draft, consent="")
    assert response.status_code == 200
    assert "Tick this box to agree to the privacy notice" in response.content.decode()
    assert not WrittenSubmission.objects.exists()

    settings.PRIVACY_NOTICE_VERSION = "2026-11"
    assert submit(client, open_draft).status_code == 302
    submission = WrittenSubmission.objects.get()
    assert submission.privacy_notice_version == "2026-11"
    assert timezone.now() - submission.consent_given_at < datetime.timedelta(minutes=1)
