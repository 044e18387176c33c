"""Attack: read a comment that is not public (awaiting moderation, rejected, removed, or on a
draft that is no longer published), or the address of its draft, through any page, link or
e-mail outside the moderation queue. Every attempt goes through the real pages."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_comments.models import CommentFlag

from consultation.models import SectionComment
from consultation.moderation import moderation_reject, moderation_remove
from consultation.review.feedback import feedback_respond
from consultation.review.publication import draft_publish_responses
from tests.consultation.comment_forms import comment_page_form, post_comment
from tests.consultation.factories import SectionCommentFactory, confirmed_account

HIDDEN_WORDS = "Words only the moderators may read"


@pytest.fixture
def moderator(django_user_model):
    return django_user_model.objects.create_superuser("mod", "mod@example.org", "pw")


@pytest.fixture
def hidden(dual, moderator):
    """One comment in each state the public must not see, each with the secret in its text."""
    pending = SectionCommentFactory(
        section=dual, comment=f"{HIDDEN_WORDS} (pending)", is_public=False
    )
    rejected = SectionCommentFactory(section=dual, comment=f"{HIDDEN_WORDS} (rejected)")
    moderation_reject(item=rejected, user=moderator, reason="Abusive.")
    removed = SectionCommentFactory(section=dual, comment=f"{HIDDEN_WORDS} (removed)")
    moderation_remove(item=removed, user=moderator, reason="Personal details.")
    return {"pending": pending, "rejected": rejected, "removed": removed}


@pytest.fixture
def on_withdrawn_draft(policy):
    """A published comment on a draft that was then unpublished."""
    from tests.policy_docs.factories import DraftPageFactory, section

    draft = DraftPageFactory(
        parent=policy,
        slug="withdrawn-draft",
        open_for_comments=True,
        sections=[section("Plans", level=1, key="plans"), section("Secret plans", key="secret")],
    )
    secret = draft.sections.get(key="secret")
    comment = SectionCommentFactory(section=secret, comment=f"{HIDDEN_WORDS} (withdrawn)")
    draft.unpublish()
    return comment


def hidden_comments(hidden, on_withdrawn_draft):
    return [*hidden.values(), on_withdrawn_draft]


def assert_reveals_nothing(response, comment):
    html = response.content.decode()
    assert HIDDEN_WORDS not in html
    draft = comment.section.page
    assert draft.slug not in html, "the draft's address"
    assert reverse("section_comment", args=[comment.section_id]) not in html


def test_the_report_page_shows_no_hidden_comment_to_a_signed_in_stranger(
    stranger_client, stranger, hidden, on_withdrawn_draft
):
    for comment in hidden_comments(hidden, on_withdrawn_draft):
        url = reverse("comments-flag", args=[comment.pk])
        response = stranger_client.get(url)
        assert response.status_code == 404, comment.comment
        assert_reveals_nothing(response, comment)
        response = stranger_client.post(url, {"next": reverse("comments-flag-done")})
        assert response.status_code == 404
        assert_reveals_nothing(response, comment)
    assert not CommentFlag.objects.exists()


def test_a_public_comment_can_still_be_reported(stranger_client, stranger, dual):
    comment = SectionCommentFactory(section=dual, comment="A published view.")
    url = reverse("comments-flag", args=[comment.pk])
    assert "A published view." in stranger_client.get(url).content.decode()
    response = stranger_client.post(url, {"next": reverse("comments-flag-done")}, follow=True)
    assert "the moderators will review this comment" in response.content.decode()
    assert CommentFlag.objects.filter(comment=comment, user=stranger).exists()


def test_the_reported_page_names_no_hidden_comment_nor_its_draft(
    client, stranger_client, hidden, on_withdrawn_draft
):
    for visitor in (client, stranger_client):
        for comment in hidden_comments(hidden, on_withdrawn_draft):
            response = visitor.get(reverse("comments-flag-done"), {"c": comment.pk})
            assert response.status_code == 200
            assert_reveals_nothing(response, comment)
            assert "Back to the draft" not in response.content.decode()


def test_the_reply_page_shows_no_hidden_comment(
    client, stranger_client, hidden, on_withdrawn_draft
):
    for visitor in (client, stranger_client):
        for comment in hidden_comments(hidden, on_withdrawn_draft):
            response = visitor.get(reverse("comment_reply", args=[comment.pk]))
            assert response.status_code == 404
            assert_reveals_nothing(response, comment)


def test_a_reply_to_a_hidden_comment_is_refused_and_nothing_is_stored(
    stranger_client, dual, hidden
):
    for comment in hidden.values():
        data = comment_page_form(stranger_client, dual)
        data.update(
            {"reply_to": str(comment.pk), "comment": "A reply.", "name": "X", "gender": "man",
             "sector": "1", "country": "LS", "public_identity": "named", "consent": "on"}
        )  # fmt: skip
        response = stranger_client.post(reverse("comments-post-comment"), data)
        assert response.status_code == 400
        assert HIDDEN_WORDS not in response.content.decode()
    assert not SectionComment.objects.filter(comment="A reply.").exists()


def test_the_sent_page_reveals_nothing_of_someone_elses_hidden_comment(
    client, stranger_client, hidden, on_withdrawn_draft
):
    """`/comments/sent/?c=<id>` answers 404 for anyone else's hidden comment, exactly as for
    a comment that does not exist: neither its state nor its draft's address."""
    for visitor in (client, stranger_client):
        for comment in hidden_comments(hidden, on_withdrawn_draft):
            response = visitor.get(reverse("comments-xtd-sent"), {"c": comment.pk})
            assert response.status_code == 404
            assert_reveals_nothing(response, comment)
        missing = visitor.get(reverse("comments-xtd-sent"), {"c": 999_999})
        assert missing.status_code == 404


def test_the_sent_page_thanks_only_the_author_of_a_comment_awaiting_moderation(
    client, stranger, dual, django_user_model
):
    author = confirmed_account("author", "author@example.org", "pw")
    client.force_login(author)
    response = post_comment(client, dual, comment=f"{HIDDEN_WORDS} (just sent)")
    assert response.status_code == 302
    assert "A moderator will review it" in client.get(response.url).content.decode()

    comment = SectionComment.objects.get(comment=f"{HIDDEN_WORDS} (just sent)")
    for visitor in (Client(), Client()):  # two visitors who are not signed in
        response = visitor.get(reverse("comments-xtd-sent"), {"c": comment.pk})
        assert response.status_code == 404
        assert_reveals_nothing(response, comment)
    other = Client()
    other.force_login(stranger)
    assert other.get(reverse("comments-xtd-sent"), {"c": comment.pk}).status_code == 404


def test_the_sent_page_of_a_comment_awaiting_confirmation_names_only_a_published_draft(
    client, dual, open_draft
):
    response = post_comment(client, dual, comment=f"{HIDDEN_WORDS} (to confirm)")
    sent = response.url
    page = client.get(sent).content.decode()
    assert "Check your e-mail" in page and HIDDEN_WORDS not in page
    for forged in ("1:2", "policy_docs.draftsection:1", "x" * 40):
        assert client.get(reverse("comments-xtd-sent"), {"c": forged}).status_code == 404

    open_draft.unpublish()
    response = client.get(sent)
    assert response.status_code == 404
    assert open_draft.slug not in response.content.decode()


def test_follow_up_emails_never_carry_a_comment_that_is_not_public(
    client, dual, stranger, settings, moderator
):
    follower = SectionCommentFactory(section=dual, user_email="follower@example.org", followup=True)
    rejected_follower = SectionCommentFactory(
        section=dual, user_email="rejected@example.org", followup=True
    )
    moderation_reject(item=rejected_follower, user=moderator, reason="Spam.")
    client.force_login(stranger)

    settings.MODERATION_MODE = "pre"
    post_comment(client, dual, reply_to_comment=follower, comment=f"{HIDDEN_WORDS} (reply)")
    assert mail.outbox == []  # awaiting moderation: nobody is told of it

    settings.MODERATION_MODE = "post"
    post_comment(client, dual, reply_to_comment=follower, comment="A published reply.")
    assert [message.to for message in mail.outbox] == [["follower@example.org"]]
    assert "A published reply." in mail.outbox[0].body and HIDDEN_WORDS not in mail.outbox[0].body


def test_the_answered_email_leaves_out_a_comment_removed_since(
    dual, open_draft, reviewer, moderator, django_capture_on_commit_callbacks
):
    kept = SectionCommentFactory(
        section=dual, comment="Still shown.", followup=True, user_email="thabo@example.org"
    )
    removed = SectionCommentFactory(
        section=dual,
        comment=f"{HIDDEN_WORDS} (answered)",
        followup=True,
        user_email="thabo@example.org",
    )
    for comment in (kept, removed):
        feedback_respond(
            item=comment.feedback, user=reviewer, status="answered", decision="accepted",
            response="Thank you.", themes=[],
        )  # fmt: skip
    moderation_remove(item=removed, user=moderator, reason="Personal details.")
    open_draft.closes_at = timezone.now() - datetime.timedelta(hours=1)
    open_draft.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        draft_publish_responses(draft=open_draft, user=reviewer)
    (message,) = mail.outbox
    assert "Still shown." in message.body and HIDDEN_WORDS not in message.body


def test_odd_ids_in_the_query_string_answer_404_not_an_error(client, stranger_client):
    for visitor in (client, stranger_client):
        for value in ("²", "99999999999999999999", "-1", "1e3", " 1", ""):
            assert visitor.get(reverse("comments-xtd-sent"), {"c": value}).status_code == 404
            assert visitor.get(reverse("comments-flag-done"), {"c": value}).status_code == 200
