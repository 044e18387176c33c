"""Comments waiting for their e-mail confirmation hold personal data: they are in a person's
export, go with their erasure, and are deleted once their link has expired."""

import datetime
import io
import re

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from consultation.models import PendingComment, SectionComment
from consultation.personal_data import personal_data_erase, personal_data_export
from tests.consultation.comment_forms import post_comment

EMAIL = "lineo@example.org"


def send(client, section, **fields):
    mail.outbox.clear()
    post_comment(client, section, email=EMAIL, name="Lineo Ramone", **fields)
    return re.search(r"http://testserver(/\S+)", mail.outbox[-1].body).group(1)


def test_a_comment_awaiting_confirmation_is_in_its_authors_export(client, dual):
    send(client, dual, comment="Waiting for my link.")
    (pending,) = personal_data_export(email=EMAIL.upper())["comments_awaiting_confirmation"]
    assert pending["draft"] == "Draft 2" and pending["section"].endswith("Dual citizenship")
    assert pending["as_sent"]["comment"] == "Waiting for my link."
    assert pending["as_sent"]["user_name"] == "Lineo Ramone"
    assert personal_data_export(email="other@example.org")["comments_awaiting_confirmation"] == []


def test_erasure_deletes_comments_awaiting_confirmation_and_their_links_stop_working(client, dual):
    link = send(client, dual, comment="Waiting for my link.")
    report = personal_data_erase(email=EMAIL)
    assert report.pending_comments == 1
    assert not PendingComment.objects.exists()
    response = client.post(link)
    assert response.status_code == 404
    assert not SectionComment.objects.exists()


def test_the_daily_purge_deletes_expired_links_rows_confirmed_or_not(client, dual):
    confirmed = send(client, dual, comment="Confirmed at once.")
    client.post(confirmed)
    send(client, dual, comment="Never confirmed.")
    send(client, dual, comment="Sent later.")
    later = PendingComment.objects.get(comment_data__comment="Sent later.")
    PendingComment.objects.exclude(pk=later.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    out = io.StringIO()
    call_command("purge_expired_personal_data", stdout=out)
    assert "pending comments: 2" in out.getvalue()
    assert list(PendingComment.objects.all()) == [later]
    assert SectionComment.objects.get().comment == "Confirmed at once."  # the comment stays
