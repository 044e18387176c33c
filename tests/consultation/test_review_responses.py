"""Answering feedback, its history, and "you said, we did": publication, e-mails, public
display, "What we heard" and traceability into the next draft."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from consultation.models import FeedbackItem
from consultation.review.feedback import feedback_respond
from policy_docs.drafts import draft_start_next
from tests.consultation.factories import SectionCommentFactory

RESPONSE = "We agree: children born abroad are named in section 2.1 of Draft 3."


@pytest.fixture
def ended_draft(open_draft):
    """The open draft after its window closed."""
    open_draft.closes_at = timezone.now() - datetime.timedelta(hours=1)
    open_draft.opens_at = open_draft.closes_at - datetime.timedelta(days=30)
    open_draft.save_revision().publish()
    return open_draft


def respond_url(item):
    return reverse("feedback:edit", args=[item.pk])


def test_drafter_records_a_decision_and_response_and_history_says_what_changed(
    reviewer_client, reviewer, dual
):
    comment = SectionCommentFactory(section=dual, comment="Name children born abroad.")
    item = FeedbackItem.objects.get(comment=comment)
    page = reviewer_client.get(respond_url(item))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Name children born abroad." in html
    assert "Basotho may hold two nationalities." in html  # the section as it stood
    assert "South Africa" in html  # the commenter's tags

    response = reviewer_client.post(
        respond_url(item),
        {
            "status": "answered",
            "decision": "accepted",
            "response": RESPONSE,
            "themes": "citizenship, children",
            "addressed_in": "",
            "assignee": reviewer.pk,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.decision, item.response) == ("answered", "accepted", RESPONSE)
    assert set(item.themes.names()) == {"citizenship", "children"}
    entry = ModelLogEntry.objects.for_instance(item).get()
    assert entry.user == reviewer
    assert entry.data["changes"]["decision"] == ["", "Accepted"]
    history = reviewer_client.get(reverse("feedback:history", args=[item.pk]))
    assert "Decision: – → Accepted" in history.content.decode()


def test_answered_without_decision_or_response_is_refused_and_nothing_is_saved(
    reviewer_client, dual
):
    item = FeedbackItem.objects.get(comment=SectionCommentFactory(section=dual))
    response = reviewer_client.post(
        respond_url(item), {"status": "answered", "decision": "", "response": " "}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "An answered item needs a decision." in html
    assert "An answered item needs a response." in html
    item.refresh_from_db()
    assert item.status == "new"
    assert not ModelLogEntry.objects.for_instance(item).exists()


def test_a_decision_on_a_campaign_applies_to_every_member(reviewer_client, dual):
    letter = "We ask for dual citizenship without conditions for all Basotho abroad, " * 3
    comments = [SectionCommentFactory(section=dual, comment=letter) for _ in range(4)]
    lead = FeedbackItem.objects.get(comment=comments[0])
    inbox = reviewer_client.get("/admin/feedback/")
    assert "4 senders" in inbox.content.decode()
    reviewer_client.post(
        respond_url(lead),
        {
            "status": "answered",
            "decision": "not-accepted",
            "response": "Not now.",
            "themes": "citizenship, land",
        },
    )
    decisions = set(FeedbackItem.objects.values_list("decision", "status", "response"))
    assert decisions == {("not-accepted", "answered", "Not now.")}
    for item in FeedbackItem.objects.all():
        assert set(item.themes.names()) == {"citizenship", "land"}


def test_an_addressed_in_section_outside_the_later_drafts_is_refused(
    reviewer_client, closed_draft, open_draft, dual
):
    """A forged choice: a section of an earlier draft, or of this very draft."""
    item = FeedbackItem.objects.get(comment=SectionCommentFactory(section=dual))
    for section in (closed_draft.sections.first(), dual):
        response = reviewer_client.post(
            respond_url(item),
            {"status": "under-review", "decision": "", "response": "", "addressed_in": section.pk},
        )
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
    item.refresh_from_db()
    assert item.addressed_in is None and item.status == "new"


def test_dashboard_shows_people_distinct_items_and_gender_by_sector(reviewer_client, dual):
    from tests.consultation.factories import sector

    letter = "We ask for dual citizenship without conditions for all Basotho abroad, " * 3
    for gender in ("woman", "woman", "man"):
        SectionCommentFactory(section=dual, comment=letter, gender=gender)
    SectionCommentFactory(
        section=dual, comment="Another point.", gender="man", sector=sector("Media")
    )
    page = reviewer_client.get(reverse("feedback_dashboard", args=[dual.page_id]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "4 contributions from people, 2 distinct ones once the 1 campaigns" in html
    soup = BeautifulSoup(html, "html.parser")
    sections = soup.find("h2", id="sections-heading").find_parent("section")
    row = next(r for r in sections.select("tbody tr") if "Dual citizenship" in r.th.text)
    assert [td.text for td in row.select("td")] == ["4", "2"]
    assert sections.find("svg", attrs={"role": "img"}) is not None
    table = soup.find("h2", id="gender-heading").find_parent("section").table
    cells = {r.th.text: [td.text for td in r.select("td")] for r in table.select("tbody tr")}
    assert cells["Diaspora association"] == ["2", "1", "0", "0", "3"]
    assert cells["Media"] == ["0", "1", "0", "0", "1"]


def test_nothing_is_public_before_publication(client, reviewer, ended_draft, dual):
    comment = SectionCommentFactory(section=dual, comment="Name the children.")
    feedback_respond(
        item=comment.feedback, user=reviewer, status="answered", decision="accepted",
        response=RESPONSE, themes=[],
    )  # fmt: skip
    page = client.get(ended_draft.url).content.decode()
    assert "Name the children." in page
    assert RESPONSE not in page
    assert "Drafters' response" not in page


def test_publishing_responses_shows_them_and_emails_each_follower_once(
    client, reviewer_client, reviewer, ended_draft, dual, django_capture_on_commit_callbacks
):
    follower = SectionCommentFactory(
        section=dual, comment="Name the children.", followup=True, user_email="thabo@example.org"
    )
    second = SectionCommentFactory(
        section=dual, comment="And grandchildren.", followup=True, user_email="THABO@example.org"
    )
    silent = SectionCommentFactory(section=dual, comment="Fine as it is.", followup=False)
    pending = SectionCommentFactory(section=dual, comment="Later.", followup=True)
    for comment in (follower, second, silent):
        feedback_respond(
            item=comment.feedback, user=reviewer, status="answered", decision="accepted",
            response=RESPONSE, themes=[],
        )  # fmt: skip

    url = reverse("feedback_publish_responses", args=[ended_draft.pk])
    assert reviewer_client.get(url).status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(url)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["thabo@example.org"]
    assert "Name the children." in message.body and "And grandchildren." in message.body
    assert f"#c{follower.pk}" in message.body
    assert pending.comment not in message.body

    page = client.get(ended_draft.url).content.decode()
    assert RESPONSE in page
    assert "Accepted" in page

    # A second publication is refused and sends nothing.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reviewer_client.post(url)
    assert mail.outbox == []


def test_publishing_while_the_draft_is_open_is_refused(reviewer_client, open_draft, dual):
    SectionCommentFactory(section=dual, followup=True)
    response = reviewer_client.post(
        reverse("feedback_publish_responses", args=[open_draft.pk]), follow=True
    )
    assert "still open for comments" in response.content.decode()
    assert (
        not hasattr(open_draft, "response_publication") or open_draft.response_publication is None
    )


def test_what_we_heard_adds_decisions_by_sector_and_gender_after_publication(
    client, reviewer, ended_draft, dual, django_capture_on_commit_callbacks
):
    for _ in range(5):
        comment = SectionCommentFactory(section=dual)
        feedback_respond(
            item=comment.feedback, user=reviewer, status="answered", decision="partly-accepted",
            response="In part.", themes=[],
        )  # fmt: skip
    url = reverse("what_we_heard", args=[ended_draft.pk])
    assert "Decisions by gender" not in client.get(url).content.decode()
    from consultation.review.publication import draft_publish_responses

    with django_capture_on_commit_callbacks(execute=True):  # the cached page is purged then
        draft_publish_responses(draft=ended_draft, user=reviewer)
    page = client.get(url).content.decode()
    assert "Decisions by gender" in page and "Decisions by sector" in page
    assert "Partly accepted" in page


def test_decisions_of_a_group_of_fewer_than_5_people_are_withheld_however_many_items(
    reviewer, ended_draft, dual
):
    from consultation.review.publication import draft_publish_responses
    from consultation.what_we_heard import decisions_by

    # Six answered comments from two men, and five from five women.
    senders = [("man", f"man{n % 2}@example.org") for n in range(6)]
    senders += [("woman", f"woman{n}@example.org") for n in range(5)]
    for gender, email in senders:
        comment = SectionCommentFactory(section=dual, gender=gender, user_email=email)
        feedback_respond(
            item=comment.feedback, user=reviewer, status="answered", decision="accepted",
            response="Yes.", themes=[],
        )  # fmt: skip
    draft_publish_responses(draft=ended_draft, user=reviewer)

    rows = {row.label: row for row in decisions_by(ended_draft, "gender")}
    assert (rows["Man"].total, rows["Man"].people, rows["Man"].suppressed) == (6, 2, True)
    assert (rows["Woman"].total, rows["Woman"].people, rows["Woman"].suppressed) == (5, 5, False)


def test_next_draft_section_shows_what_its_predecessor_took_up(
    client, reviewer, ended_draft, dual, policy, django_capture_on_commit_callbacks
):
    from consultation.review.publication import draft_publish_responses

    for decision in ("accepted", "partly-accepted", "not-accepted"):
        comment = SectionCommentFactory(section=dual)
        feedback_respond(
            item=comment.feedback, user=reviewer, status="answered", decision=decision,
            response="Answer.", themes=[],
        )  # fmt: skip
    ended_draft.status = "closed"
    ended_draft.save_revision().publish()
    next_draft = draft_start_next(policy=policy, user=reviewer)
    next_draft.save_revision().publish()
    assert "accepted or partly accepted" not in client.get(next_draft.url).content.decode()

    # The next draft's page, kept for readers above, leaves the cache when the responses of
    # its predecessor are published (once the publication commits).
    with django_capture_on_commit_callbacks(execute=True):
        draft_publish_responses(draft=ended_draft, user=reviewer)
    page = client.get(next_draft.url).content.decode()
    assert "2 comments on this section in Draft 2 were accepted or partly accepted." in page
    assert reverse("section_comment", args=[dual.pk]) in page
