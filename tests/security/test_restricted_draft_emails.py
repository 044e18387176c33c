"""Attack: be mailed the words of a draft one may not read. Follow-up e-mails carry a new
comment, "your comment was answered" e-mails carry one's comment and its decision: once a
view restriction covers the draft, they go only to the accounts that pass it (no one passes a
password restriction by e-mail)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import PageViewRestriction

from consultation.enums import Decision, ReviewStatus
from consultation.review.feedback import feedback_respond
from consultation.review.publication import draft_publish_responses
from tests.consultation.comment_forms import post_comment
from tests.consultation.factories import SectionCommentFactory, confirmed_account

# Who gets the e-mails under each kind of restriction.
EXPECTED = {
    "none": {"anonymous@example.org", "outsider@example.org", "member@example.org"},
    "login": {"outsider@example.org", "member@example.org"},
    "groups": {"member@example.org"},
    "password": set(),
}


@pytest.fixture(params=list(EXPECTED))
def kind(request):
    return request.param


@pytest.fixture
def followers(dual):
    member = confirmed_account("member", "member@example.org")
    member.groups.add(Group.objects.create(name="Drafting circle"))
    outsider = confirmed_account("outsider", "outsider@example.org")
    comments = [SectionCommentFactory(section=dual, user_email="anonymous@example.org")]
    for account in (outsider, member):
        comments.append(SectionCommentFactory(section=dual, user=account, user_email=account.email))
    for comment in comments:
        comment.followup = True
        comment.save()
    return comments


def restrict(page, kind):
    if kind == "none":
        return
    restriction = PageViewRestriction.objects.create(
        page=page,
        restriction_type={
            "password": PageViewRestriction.PASSWORD,
            "login": PageViewRestriction.LOGIN,
            "groups": PageViewRestriction.GROUPS,
        }[kind],
        password="secret-pass" if kind == "password" else "",  # noqa: S106
    )
    restriction.groups.set(Group.objects.all())


def test_follow_ups_of_a_restricted_draft_reach_only_those_who_may_read_it(
    client, dual, followers, kind, settings, mailoutbox
):
    settings.MODERATION_MODE = "post"
    restrict(dual.page.get_parent(), kind)  # on the policy: it covers the draft
    admin = confirmed_account("admin", "admin@example.org", is_superuser=True)
    client.force_login(admin)  # passes any restriction but a password's
    if kind == "password":
        restriction = PageViewRestriction.objects.get()
        client.post(
            f"/_util/authenticate_with_password/{restriction.pk}/{dual.page.pk}/",
            {"password": "secret-pass", "return_url": dual.page.url},
        )
    response = post_comment(client, dual, comment="Upsilonreply in confidence.")
    assert response.status_code == 302

    sent_to = {address for message in mailoutbox for address in message.to}
    assert sent_to == EXPECTED[kind]
    for message in mailoutbox:
        assert "Upsilonreply" in message.body


def test_answers_on_a_draft_restricted_since_reach_only_those_who_may_read_it(
    dual, followers, kind, drafter, mailoutbox
):
    draft = dual.page
    for comment in followers:
        feedback_respond(
            item=comment.feedback,
            user=drafter,
            status=ReviewStatus.ANSWERED,
            decision=Decision.ACCEPTED,
            response="Phiresponse in confidence.",
            themes=[],
        )
    draft.closes_at = timezone.now() - datetime.timedelta(hours=1)
    draft.opens_at = draft.closes_at - datetime.timedelta(days=30)
    draft.save_revision().publish()
    restrict(draft, kind)

    draft_publish_responses(draft=draft, user=drafter)

    sent_to = {address for message in mailoutbox for address in message.to}
    assert sent_to == EXPECTED[kind]
