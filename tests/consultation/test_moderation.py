"""Moderators work through the queue in the Wagtail admin; every decision is kept and logged."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django_comments.models import CommentFlag
from wagtail.models import ModelLogEntry

from consultation.models import SectionComment
from tests.consultation.comment_forms import post_comment
from tests.consultation.factories import SectionCommentFactory, confirmed_account

QUEUE = reverse("comment_moderation:index")


def decide_url(comment):
    return reverse("comment_moderation:edit", args=[comment.pk])


@pytest.fixture
def moderator(django_user_model, db):
    user = django_user_model.objects.create_user("mod", "mod@example.org", "pw")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="can_moderate", content_type__app_label="django_comments"),
    )
    return user


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def test_pre_moderated_comment_waits_in_the_queue_until_approved(
    client, moderator_client, dual, moderator, django_user_model
):
    commenter = confirmed_account("c", "c@example.org")
    client.force_login(commenter)
    post_comment(client, dual, comment="Please approve me.")
    comment = SectionComment.objects.get()
    assert not comment.is_public
    client.force_login(moderator)

    html = moderator_client.get(QUEUE).content.decode()
    assert "Please approve me." in html and "Awaiting approval" in html
    assert f'href="{decide_url(comment)}"' in html  # each row leads to the decision form
    response = moderator_client.post(decide_url(comment), {"decision": "approve", "reason": ""})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.is_public and not comment.is_removed
    assert "Please approve me." not in moderator_client.get(QUEUE).content.decode()
    client.logout()
    assert "Please approve me." in client.get(dual.page.url).content.decode()
    entry = ModelLogEntry.objects.get(action="consultation.moderation.approve")
    assert entry.user == moderator and entry.object_id == str(comment.pk)


def test_flagged_comment_in_post_moderation_is_queued_and_removed_with_a_reason(
    moderator_client, dual, moderator, settings, client
):
    settings.MODERATION_MODE = "post"
    comment = SectionCommentFactory(section=dual, comment="Rude words.")
    quiet = SectionCommentFactory(section=dual, comment="A quiet comment.")
    CommentFlag.objects.create(comment=comment, user=moderator, flag=CommentFlag.SUGGEST_REMOVAL)
    html = moderator_client.get(QUEUE).content.decode()
    assert "Rude words." in html and "A quiet comment." not in html
    assert "A quiet comment." in moderator_client.get(QUEUE + "?status=all").content.decode()

    response = moderator_client.post(decide_url(comment), {"decision": "remove", "reason": ""})
    assert response.status_code == 200 and "Give a reason" in response.content.decode()
    comment.refresh_from_db()
    assert not comment.is_removed  # nothing changed

    moderator_client.post(decide_url(comment), {"decision": "remove", "reason": "Insults"})
    comment.refresh_from_db()
    assert comment.is_removed and SectionComment.objects.filter(pk=comment.pk).exists()
    entry = ModelLogEntry.objects.get(action="consultation.moderation.remove")
    assert entry.data["reason"] == "Insults" and entry.user == moderator
    assert "Insults" in moderator_client.get(decide_url(comment)).content.decode()
    assert "Rude words." not in client.get(dual.page.url).content.decode()
    assert quiet.is_public


def test_rejected_comment_is_kept_but_never_published(moderator_client, dual, client):
    comment = SectionCommentFactory(section=dual, is_public=False, comment="Spam link.")
    moderator_client.post(decide_url(comment), {"decision": "reject", "reason": "Spam"})
    comment.refresh_from_db()
    assert comment.is_removed and not comment.is_public
    assert "Spam link." in moderator_client.get(QUEUE + "?status=removed").content.decode()


def test_users_without_the_moderation_permission_are_refused(drafter_client, dual):
    comment = SectionCommentFactory(section=dual, is_public=False)
    assert drafter_client.get(QUEUE).status_code in (302, 403)
    response = drafter_client.post(decide_url(comment), {"decision": "approve"})
    assert response.status_code in (302, 403)
    comment.refresh_from_db()
    assert not comment.is_public
    assert QUEUE not in drafter_client.get(reverse("wagtailadmin_home")).content.decode()


def test_administrators_manage_the_sector_list(admin_client, db):
    url = reverse("wagtailsnippets_consultation_sector:add")
    response = admin_client.post(url, {"name": "Trade union", "sort_order": 5, "is_active": "on"})
    assert response.status_code == 302
    listing = admin_client.get(reverse("wagtailsnippets_consultation_sector:list"))
    assert "Trade union" in listing.content.decode()


def test_a_submission_is_moderated_and_its_attachment_published(moderator_client, open_draft):
    from django.core.files.base import ContentFile

    from tests.consultation.factories import WrittenSubmissionFactory, sector

    submission = WrittenSubmissionFactory(
        draft=open_draft,
        name="Basotho Women Abroad",
        email="letters@women.example.org",
        text="Our letter on the gender section.",
        sector=sector("Women's organisation"),
    )
    submission.attachment.save("letter.pdf", ContentFile(b"%PDF-1.4 letter"))
    queue = reverse("submission_moderation:index")
    html = moderator_client.get(queue).content.decode()
    url = reverse("submission_moderation:edit", args=[submission.pk])
    assert "Our letter on the gender section." in html and f'href="{url}"' in html
    assert "Download the attachment" in moderator_client.get(url).content.decode()
    moderator_client.post(url, {"decision": "publish_attachment", "reason": ""})
    submission.refresh_from_db()
    assert submission.is_public and submission.attachment_is_public
    assert ModelLogEntry.objects.filter(
        action="consultation.moderation.publish_attachment"
    ).exists()


def test_followers_hear_of_a_pre_moderated_reply_once_a_moderator_approves_it(
    client, moderator_client, dual, moderator, mailoutbox
):
    follower = SectionCommentFactory(section=dual, user_email="first@example.org", followup=True)
    replier = confirmed_account("r", "r@example.org")
    client.force_login(replier)
    post_comment(client, dual, reply_to_comment=follower, comment="Waiting for a moderator.")
    reply = SectionComment.objects.get(comment="Waiting for a moderator.")
    assert mailoutbox == []  # nothing public yet, nothing sent

    client.force_login(moderator)
    moderator_client.post(decide_url(reply), {"decision": "approve", "reason": ""})
    assert [m.to for m in mailoutbox] == [["first@example.org"]]
    assert "Waiting for a moderator." in mailoutbox[0].body

    # Taken down and approved again: the followers were told already.
    moderator_client.post(decide_url(reply), {"decision": "remove", "reason": "Check"})
    moderator_client.post(decide_url(reply), {"decision": "approve", "reason": ""})
    assert len(mailoutbox) == 1
