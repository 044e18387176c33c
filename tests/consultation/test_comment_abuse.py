"""Bad input on the comment form: refused with a clear message, nothing stored."""

import pytest
from django.urls import reverse

from consultation.models import SectionComment
from tests.consultation.comment_forms import comment_page_form, post_comment
from tests.consultation.factories import confirmed_account


@pytest.fixture(autouse=True)
def post_moderation(settings):
    settings.MODERATION_MODE = "post"


def signed_in(client, django_user_model):
    user = confirmed_account("u", "u@example.org")
    client.force_login(user)
    return user


def test_a_filled_honeypot_is_refused(client, dual, django_user_model):
    signed_in(client, django_user_model)
    response = post_comment(client, dual, honeypot="I am a bot")
    assert response.status_code == 400 and "nothing was saved" in response.content.decode()
    assert not SectionComment.objects.exists()


def test_a_comment_over_5000_characters_is_refused_and_kept_in_the_form(
    client, dual, django_user_model
):
    signed_in(client, django_user_model)
    text = "word " * 1001
    response = post_comment(client, dual, comment=text)
    html = response.content.decode()
    assert "at most 5000 characters" in html
    assert text.strip()[:100] in html  # what was typed is not lost
    assert not SectionComment.objects.exists()


def test_a_missing_gender_gets_a_clear_error_linked_to_the_field(client, dual, django_user_model):
    signed_in(client, django_user_model)
    data = comment_page_form(client, dual)
    data.update({"name": "A", "comment": "Text", "sector": "1", "country": "LS"})
    html = client.post(reverse("comments-post-comment"), data).content.decode()
    assert '<a href="#id_gender">Gender: This field is required.</a>' in html
    assert not SectionComment.objects.exists()


def test_the_same_comment_twice_within_ten_minutes_is_refused(client, dual, django_user_model):
    signed_in(client, django_user_model)
    assert post_comment(client, dual, comment="Only once.").status_code == 302
    response = post_comment(client, dual, comment="Only once.")
    assert response.status_code == 409 and "not saved twice" in response.content.decode()
    assert SectionComment.objects.count() == 1


def test_too_many_comments_from_one_address_are_refused(client, dual, settings):
    settings.COMMENT_RATE_PER_IP = "2/h"
    for n in range(2):
        post_comment(client, dual, comment=f"Comment {n}")
    response = post_comment(client, dual, comment="Third")
    assert response.status_code == 429 and "wait" in response.content.decode()


def test_too_many_comments_from_one_account_are_refused(client, dual, settings, django_user_model):
    settings.COMMENT_RATE_PER_USER = "2/h"
    signed_in(client, django_user_model)
    for n in range(2):
        assert post_comment(client, dual, comment=f"Comment {n}").status_code == 302
    response = post_comment(client, dual, comment="Third", REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    assert SectionComment.objects.count() == 2


@pytest.mark.parametrize(
    "field, value",
    [
        ("gender", "robot"),
        ("sector", "999999"),
        ("country", "XX"),
        ("public_identity", "celebrity"),
        ("stance", "maybe"),
        ("content_type", "auth.user"),
        ("security_hash", "0" * 40),
        ("reply_to", "999999"),
    ],
)
def test_forged_fields_are_refused_with_400(client, dual, django_user_model, field, value):
    signed_in(client, django_user_model)
    response = post_comment(client, dual, **{field: value})
    assert response.status_code == 400
    assert "nothing was saved" in response.content.decode()
    assert not SectionComment.objects.exists()


def test_a_comment_aimed_at_another_section_is_refused(client, open_draft, dual, django_user_model):
    signed_in(client, django_user_model)
    other = open_draft.sections.get(key="remittances")
    response = post_comment(client, dual, object_pk=str(other.pk))
    assert response.status_code == 400
    assert not SectionComment.objects.exists()
