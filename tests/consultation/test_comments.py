"""Stakeholders commenting on sections through the real pages, with e-mail in the test outbox."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_comments.models import CommentFlag

from consultation.models import SectionComment
from tests.consultation.comment_forms import comment_page_form, post_comment
from tests.consultation.factories import SectionCommentFactory, confirmed_account, sector


def link_in(message):
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


@pytest.fixture
def stakeholder(db):
    return confirmed_account(
        "thabo", "thabo@example.org", "pw", first_name="Thabo", last_name="Lets'ie"
    )


def test_signed_in_stakeholder_comments_with_gender_sector_and_country(client, dual, stakeholder):
    client.force_login(stakeholder)
    response = post_comment(
        client, dual, name="Thabo", stance="suggests-change", proposed_wording="Add children."
    )
    assert response.status_code == 302
    comment = SectionComment.objects.get()
    assert (comment.section, comment.user, comment.user_email) == (
        dual,
        stakeholder,
        "thabo@example.org",
    )
    assert (comment.gender, comment.sector.name, str(comment.country)) == (
        "woman",
        "Diaspora association",
        "ZA",
    )
    assert comment.stance == "suggests-change" and comment.proposed_wording == "Add children."
    assert not comment.is_public  # pre-moderation is the default
    assert "A moderator will review it" in client.get(response.url).content.decode()


def test_post_moderation_shows_the_comment_at_once_with_a_link(client, dual, stakeholder, settings):
    settings.MODERATION_MODE = "post"
    client.force_login(stakeholder)
    response = post_comment(client, dual, comment="Visible at once.")
    comment = SectionComment.objects.get()
    assert comment.is_public
    html = client.get(dual.page.url).content.decode()
    assert "Visible at once." in html and f'id="c{comment.pk}"' in html
    assert "1 comment</span>" in html  # in the table of contents
    assert client.get(response.url, follow=True).redirect_chain[-1][0].endswith(f"#c{comment.pk}")


def test_pre_moderation_keeps_the_comment_hidden_until_approved(client, dual, stakeholder):
    client.force_login(stakeholder)
    response = post_comment(client, dual, comment="Hidden for now.")
    assert "A moderator will review it" in client.get(response.url).content.decode()
    assert "Hidden for now." not in client.get(dual.page.url).content.decode()
    SectionComment.objects.update(is_public=True)
    assert "Hidden for now." in client.get(dual.page.url).content.decode()


def test_anonymous_comment_is_stored_only_once_its_email_link_is_followed(
    client, dual, mailoutbox, settings
):
    settings.MODERATION_MODE = "post"
    response = post_comment(client, dual, email="lineo@example.org", comment="From Durban.")
    assert response.status_code == 302
    assert "Check your e-mail" in client.get(response.url).content.decode()
    assert not SectionComment.objects.exists()
    (message,) = mailoutbox
    assert message.to == ["lineo@example.org"] and "Dual citizenship" in message.body

    # Opening the link only asks; the button on the page stores the comment.
    assert "Confirm my comment" in client.get(link_in(message)).content.decode()
    assert not SectionComment.objects.exists()
    response = client.post(link_in(message))
    comment = SectionComment.objects.get()
    assert comment.user_email == "lineo@example.org" and comment.user is None
    assert comment.comment == "From Durban."
    assert response.status_code == 302 and response.url.endswith(f"#c{comment.pk}")
    again = client.post(link_in(message))  # a second press stores nothing more
    assert "already confirmed" in again.content.decode()
    assert SectionComment.objects.count() == 1


def test_reply_notifies_followers_but_not_the_replier_and_unsubscribe_works(
    client, dual, mailoutbox, settings, django_user_model
):
    settings.MODERATION_MODE = "post"
    first = SectionCommentFactory(section=dual, user_email="first@example.org", followup=True)
    replier = confirmed_account("r", "replier@example.org")
    SectionCommentFactory(
        section=dual, user=replier, user_email="replier@example.org", followup=True
    )
    client.force_login(replier)

    response = post_comment(
        client, dual, reply_to_comment=first, comment="I agree with you.", followup="on"
    )
    assert response.status_code == 302
    reply = SectionComment.objects.get(comment="I agree with you.")
    assert (reply.parent_id, reply.thread_id, reply.level) == (first.pk, first.pk, 1)
    assert [m.to for m in mailoutbox] == [["first@example.org"]]
    assert "I agree with you." in mailoutbox[0].body

    # The follower unsubscribes with the link in the e-mail: opening it only asks (a mail
    # scanner opening every link must not unsubscribe anyone) ...
    stop_link = link_in_mute(mailoutbox[0])
    response = client.get(stop_link)
    assert response.status_code == 200 and "Stop the e-mails" in response.content.decode()
    assert SectionComment.objects.get(pk=first.pk).followup
    # ... and the button does.
    response = client.post(stop_link)
    assert response.status_code == 200 and "no more e-mails" in response.content.decode()
    assert not SectionComment.objects.get(pk=first.pk).followup
    # ... and gets nothing from the next reply.
    mailoutbox.clear()
    post_comment(client, dual, reply_to_comment=first, comment="One more thought.")
    assert mailoutbox == []


def link_in_mute(message):
    return re.findall(r"http://testserver(/\S+)", message.body)[-1]


def test_replies_are_shown_nested_under_their_comment(client, dual, settings):
    settings.MODERATION_MODE = "post"
    parent = SectionCommentFactory(section=dual, comment="Parent comment.")
    post_comment(client, dual, reply_to_comment=parent, comment="A reply.")
    confirm = SectionComment.objects.filter(comment="A reply.")
    assert not confirm.exists()  # anonymous: waits for its e-mail confirmation
    SectionCommentFactory(section=dual, comment="A stored reply.", parent_id=parent.pk)
    html = client.get(reverse("section_comment", args=[dual.pk])).content.decode()
    outer = html.index("Parent comment.")
    nested = html.index('<ol class="comment-thread">', outer)
    assert outer < nested < html.index("A stored reply.")


def test_comment_on_closed_draft_is_refused_and_nothing_is_stored(
    client, open_draft, dual, django_capture_on_commit_callbacks
):
    data = comment_page_form(client, dual)  # the section page is now kept for readers
    open_draft.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    open_draft.status = "closed"
    with django_capture_on_commit_callbacks(execute=True):  # the purge runs on commit
        open_draft.save_revision().publish()
    SectionCommentFactory(section=dual)
    for name, value in {"name": "A", "email": "a@example.org", "comment": "Late", "gender": "man",
                        "country": "LS", "sector": "1"}.items():  # fmt: skip
        data[name] = value
    response = client.post(reverse("comments-post-comment"), data)
    assert response.status_code == 403
    assert "Comments closed on" in response.content.decode()
    assert "1 comment received" in response.content.decode()
    assert SectionComment.objects.count() == 1
    page = client.get(reverse("section_comment", args=[dual.pk])).content.decode()
    assert "Comments closed on" in page and "Send comment" not in page


def test_closed_draft_page_says_when_comments_closed_and_how_many_came(client, closed_draft):
    section = closed_draft.sections.get()
    SectionCommentFactory.create_batch(3, section=section)
    html = client.get(closed_draft.url).content.decode()
    assert "Comments closed on 15 March 2024: 3 comments received." in html
    assert "Comment on this section" not in html


def test_comment_text_is_plain_text_with_safe_links(client, dual):
    SectionCommentFactory(
        section=dual, comment="<script>alert(1)</script>\nSee https://example.org/plan"
    )
    html = client.get(dual.page.url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>" in html
    assert 'href="https://example.org/plan" rel="nofollow ugc"' in html


def test_a_signed_in_visitor_can_report_a_comment(client, dual, stakeholder):
    comment = SectionCommentFactory(section=dual)
    url = reverse("comments-flag", args=[comment.pk])
    assert client.get(url).status_code == 302  # visitors sign in first
    client.force_login(stakeholder)
    assert "Report this comment" in client.get(url).content.decode()
    response = client.post(url, {"next": reverse("comments-flag-done")})
    assert response.status_code == 302
    assert CommentFlag.objects.filter(comment=comment, user=stakeholder).exists()


def test_a_much_discussed_section_shows_its_threads_a_page_at_a_time(client, dual):
    roots = [SectionCommentFactory(section=dual, comment=f"Thread {n}") for n in range(25)]
    reply = SectionCommentFactory(section=dual, parent_id=roots[22].pk, comment="A late reply")
    url = reverse("section_comment", args=[dual.pk])

    first = client.get(url).content.decode()
    assert first.count('class="comment"') == 20
    assert "Thread 19" in first and "Thread 20" not in first
    assert "A late reply" not in first
    assert 'href="?page=2#comments-heading" rel="next"' in first

    # Links to a comment (e-mails, search results, "posted") open the page that shows it.
    assert reply.get_absolute_url() == f"{url}?page=2#c{reply.pk}"
    assert roots[0].get_absolute_url() == f"{url}#c{roots[0].pk}"
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count('class="comment"') == 6
    assert f'id="c{reply.pk}"' in second and "Thread 22" in second
    assert 'rel="prev"' in second and 'rel="next"' not in second

    # A page number out of range or forged shows a real page, never an error.
    assert client.get(url, {"page": 99}).status_code == 200
    assert client.get(url, {"page": "x"}).status_code == 200


def test_an_account_comments_and_gets_reply_emails_only_once_its_address_is_confirmed(
    client, dual, settings, mailoutbox
):
    """Anyone can sign up with anyone's address: until it is confirmed, the account neither
    comments as itself nor has e-mails sent to that address."""
    from allauth.account.models import EmailAddress

    settings.MODERATION_MODE = "post"
    account = get_user_model().objects.create_user("neo", "neo@example.org", "pw")
    client.force_login(account)
    form = client.get(reverse("section_comment", args=[dual.pk])).content.decode()
    assert 'name="followup"' not in form and 'name="comment"' not in form
    assert "an address not confirmed yet" in form

    # The comment form as an anonymous visitor gets it, sent by the unconfirmed account.
    data = comment_page_form(Client(), dual)
    data.update(
        comment="Before confirming.", followup="on", gender="woman", country="LS", consent="on"
    )
    data["sector"] = str(sector().pk)
    refused = client.post(reverse("comments-post-comment"), data)
    assert refused.status_code == 403
    assert "is not confirmed yet, so nothing was saved" in refused.text
    assert not SectionComment.objects.exists() and mailoutbox == []

    EmailAddress.objects.create(user=account, email=account.email, verified=True)
    form = client.get(reverse("section_comment", args=[dual.pk])).content.decode()
    assert 'name="followup"' in form
    post_comment(client, dual, comment="After confirming.", followup="on")
    assert SectionComment.objects.get(comment="After confirming.").followup is True


def test_a_damaged_stop_link_changes_nothing_and_says_so(client, dual):
    follower = SectionCommentFactory(section=dual, followup=True)
    for method in (client.get, client.post):
        response = method(reverse("comments-xtd-mute", args=["not-a-signed-key"]))
        assert response.status_code == 400
        assert "damaged or out of date" in response.content.decode()
    assert SectionComment.objects.get(pk=follower.pk).followup
