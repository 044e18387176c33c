"""Every e-mail the platform sends (comment confirmations, follow-ups, "your comment was
answered", account e-mails, submission receipts) goes through a queue in the database.

`QueuedEmailBackend` is Django's EMAIL_BACKEND: it stores each message with django-mailer, in
the same transaction as whatever caused it, and queues a `deliver_queued_mail` task on the
"mail" task backend (`manage.py db_worker --backend mail`). The task hands the messages to the
real mail server (MAILER_EMAIL_BACKEND, SMTP in production):
- a message is deleted from the queue only once the server has accepted it, and django-mailer
  locks its row while sending (PostgreSQL), so two workers never send the same message;
- when the server cannot be reached, django-mailer defers the message and the task comes back
  MAIL_RETRY_SECONDS later to try the deferred ones again, until the server answers.
"""

import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django_tasks import task
from mailer import engine
from mailer.backend import DbBackend
from mailer.models import Message

logger = logging.getLogger(__name__)

RETRY_SCHEDULED_KEY = "mail-queue:retry-scheduled"


class QueuedEmailBackend(DbBackend):
    def send_messages(self, email_messages) -> int:
        queued = super().send_messages(email_messages)
        if queued:
            deliver_queued_mail.enqueue()
        return queued


@task(backend="mail")
def deliver_queued_mail(retry: bool = False) -> dict:
    return mail_queue_deliver(retry=retry)


def mail_queue_deliver(*, retry: bool = False) -> dict:
    """Send the queued messages; on a retry, the deferred ones too. If the mail server refused
    some, schedule one retry (not one per message: an outage can defer thousands)."""
    if retry:
        cache.delete(RETRY_SCHEDULED_KEY)
        Message.objects.retry_deferred()
    engine.send_all()
    # Retried until the server takes them, however long it is down: a cap would leave them in
    # the queue with nothing to send them (django-mailer's retry_deferred only re-marks them).
    deferred = Message.objects.deferred().count()
    if deferred:
        _schedule_retry()
    return {"waiting": Message.objects.non_deferred().count(), "deferred": deferred}


def _schedule_retry() -> None:
    backend = deliver_queued_mail.get_backend()
    if not backend.supports_defer:
        # The immediate backend (tests) cannot wait: the next message's delivery retries.
        return
    delay = settings.MAIL_RETRY_SECONDS
    if not cache.add(RETRY_SCHEDULED_KEY, True, timeout=delay):
        return
    run_after = timezone.now() + datetime.timedelta(seconds=delay)
    deliver_queued_mail.using(run_after=run_after).enqueue(retry=True)
    logger.warning("Mail server unreachable: e-mails deferred, next attempt at %s", run_after)
