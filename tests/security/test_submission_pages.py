"""Attack: read someone else's written submission (its state and draft) from the thank-you
page, `/consultation/submissions/<id>/`, by walking the ids. It used to match `user IS NULL`
for a visitor who is not signed in: every erased submission was readable."""

import pytest
from django.test import Client
from django.urls import reverse

from consultation.models import WrittenSubmission
from consultation.personal_data import personal_data_erase
from tests.consultation.factories import confirmed_account
from tests.consultation.test_submissions import submit


@pytest.fixture
def sender(django_user_model):
    return confirmed_account("org", "letters@chamber.example.org", "pw")


@pytest.fixture
def sent(client, sender, open_draft):
    """A submission just sent by `sender`, and the page they were sent to."""
    client.force_login(sender)
    response = submit(client, open_draft, name="Lesotho Chamber of Commerce")
    assert response.status_code == 302
    return WrittenSubmission.objects.get(), response.url


def test_the_sender_sees_their_thank_you_page(client, sent):
    submission, url = sent
    assert url == reverse("submission_done", args=[submission.pk])
    assert "Thank you for your submission" in client.get(url).content.decode()


def test_no_other_visitor_sees_it_signed_in_or_not(sent, django_user_model):
    submission, url = sent
    someone = confirmed_account("someone", "someone@example.org", "pw")
    signed_in = Client()
    signed_in.force_login(someone)
    for visitor in (Client(), Client(), signed_in):  # two visitors without an account, and one
        response = visitor.get(url)
        assert response.status_code == 404
        assert "Thank you for your submission" not in response.content.decode()


def test_an_erased_submission_is_shown_to_no_one(client, sent, open_draft):
    submission, url = sent
    personal_data_erase(email="letters@chamber.example.org")
    submission.refresh_from_db()
    assert submission.user is None  # what an anonymous visitor's lookup used to match
    for visitor in (client, Client(), Client()):
        response = visitor.get(url)
        assert response.status_code == 404
        assert open_draft.slug not in response.content.decode()
