"""E-mails go through the queue in the database and a worker (consultation/mail_queue.py):
kept while the mail server is down, sent once it is back, never twice. The mail server here is
a real SMTP server (aiosmtpd) on a loopback port, first absent, then listening."""

import datetime
import socket
import time

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from mailer.models import Message, MessageLog

from consultation.models import SectionComment
from tests.consultation.comment_forms import post_comment


class Inbox:
    """What the SMTP server received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_delivery(settings, smtp_port):
    """Production's arrangement: the mail task on the database queue, delivery by SMTP."""
    settings.TASKS = {**settings.TASKS, "mail": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_port
    settings.MAIL_RETRY_SECONDS = 1


def test_every_email_goes_through_the_queue(client, dual, mailoutbox, settings):
    settings.EMAIL_BACKEND = "consultation.mail_queue.QueuedEmailBackend"
    post_comment(client, dual, comment="Counted at the border too.")

    assert len(mailoutbox) == 1  # the confirmation link, for an anonymous comment
    assert "palesa@example.org" in mailoutbox[0].to
    assert not Message.objects.exists()
    assert MessageLog.objects.get().result == "1"  # sent; the log keeps no copy of the text
    assert MessageLog.objects.get().message_data is None


def test_emails_wait_while_the_mail_server_is_down_and_go_once_it_is_back(
    client, dual, smtp_delivery, smtp_port, run_worker
):
    post_comment(client, dual, comment="Remittance fees are too high.")
    assert Message.objects.count() == 1
    assert not SectionComment.objects.exists()  # waits for its confirmation link

    run_worker("mail")  # nothing listens on the port: the message is deferred, not lost
    assert Message.objects.deferred().count() == 1
    retry = DBTaskResult.objects.get(backend_name="mail", status=TaskResultStatus.READY)
    assert retry.args_kwargs["kwargs"] == {"retry": True}
    assert retry.run_after > timezone.now() - datetime.timedelta(seconds=1)

    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    server.start()
    try:
        time.sleep(1.1)  # MAIL_RETRY_SECONDS
        run_worker("mail")
        run_worker("mail")  # nothing left: a second run sends nothing again
    finally:
        server.stop()

    assert len(inbox.messages) == 1
    assert inbox.messages[0].rcpt_tos == ["palesa@example.org"]
    assert "/comments/confirm/" in inbox.messages[0].content.decode()
    assert not Message.objects.exists()
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()


def test_an_outage_schedules_one_retry_not_one_per_email(
    client, dual, smtp_delivery, run_worker, settings
):
    settings.MAIL_RETRY_SECONDS = 600
    for text in ("First view.", "Second view.", "Third view."):
        post_comment(client, dual, comment=text)
        run_worker("mail")

    assert Message.objects.deferred().count() == 3
    assert DBTaskResult.objects.filter(backend_name="mail", status="READY").count() == 1


def test_a_long_outage_never_gives_up_on_a_message(
    client, dual, smtp_delivery, smtp_port, run_worker
):
    post_comment(client, dual, comment="Sent before a long outage.")
    run_worker("mail")
    Message.objects.update(retry_count=10_000)  # thousands of attempts: weeks without a server

    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    server.start()
    try:
        time.sleep(1.1)  # MAIL_RETRY_SECONDS
        run_worker("mail")
    finally:
        server.stop()

    assert [message.rcpt_tos for message in inbox.messages] == [["palesa@example.org"]]
    assert not Message.objects.exists()
