"""Attack: read personal data from access logs. Every address a commenter's browser requests,
and every link the site e-mails, lands in the access logs of gunicorn and of the proxy, which
no erasure reaches: none may hold a name, an e-mail address, an internet address, who is
speaking or what they wrote, in clear or encoded (the old links were base64 pickles)."""

import base64
import re
import zlib
from urllib.parse import unquote, urlsplit

from django.core import mail
from django.test import Client

from consultation.models import SectionComment
from tests.consultation.comment_forms import post_comment
from tests.consultation.factories import SectionCommentFactory, confirmed_account

ADDRESS = "203.0.113.77"
PERSONAL = [
    "Nthabiseng Ramone",
    "Nthabiseng",
    "ramone",
    "nthabiseng.ramone@example.org",
    ADDRESS,
    "Mokhotlong Weavers",
    "Weavers",
    "Remittance fees",
    "undisclosed",
    "Botswana",
]


def readings(url: str) -> list[str]:
    """The URL as logged, and each of its parts decoded as base64 and zlib where they can be:
    what anyone reading the log could make of it."""
    split = urlsplit(unquote(url))
    parts = re.split(r"[/?&=:.]", split.path + "?" + split.query)
    found = [url, unquote(url)]
    for part in parts:
        if len(part) < 8:
            continue
        try:
            raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        except ValueError:
            continue
        for data in (raw, _inflated(raw)):
            found.append(data.decode("latin-1"))
    return found


def _inflated(raw: bytes) -> bytes:
    try:
        return zlib.decompress(raw)
    except zlib.error:
        return b""


class LoggingClient(Client):
    """A browser whose every request line is kept, as an access log keeps it."""

    def __init__(self, **defaults):
        super().__init__(REMOTE_ADDR=ADDRESS, **defaults)
        self.log = []

    def request(self, **request):
        query = request.get("QUERY_STRING", "")
        self.log.append(request["PATH_INFO"] + (f"?{query}" if query else ""))
        return super().request(**request)


def links_in(message) -> list[str]:
    return re.findall(r"http://testserver(/\S+)", message.body)


def assert_nothing_personal(urls):
    assert urls
    for url in urls:
        for reading in readings(url):
            for detail in PERSONAL:
                assert detail.lower() not in reading.lower(), (detail, url)


def test_commenting_confirming_reporting_and_stopping_emails_leave_nothing_personal_in_urls(
    dual, settings, django_user_model
):
    settings.MODERATION_MODE = "post"
    follower = SectionCommentFactory(
        section=dual,
        user_name="Nthabiseng Ramone",
        user_email="nthabiseng.ramone@example.org",
        organisation="Mokhotlong Weavers",
        followup=True,
    )
    browser = LoggingClient()
    response = post_comment(
        browser,
        dual,
        name="Nthabiseng Ramone",
        email="nthabiseng.ramone@example.org",
        comment="Remittance fees should be capped.",
        organisation="Mokhotlong Weavers",
        gender="undisclosed",
        country="BW",
        reply_to_comment=follower,
    )
    browser.get(response.url, follow=True)
    (confirmation,) = mail.outbox
    (link,) = links_in(confirmation)
    browser.get(link)
    browser.post(link, follow=True)
    reply = SectionComment.objects.get(comment="Remittance fees should be capped.")
    assert reply.ip_address == ADDRESS and reply.is_public

    # A reply to the follower, by someone else: the follow-up e-mail and its stop link.
    replier = confirmed_account("neo", "neo@example.org", "pw")
    other = LoggingClient()
    other.force_login(replier)
    mail.outbox.clear()
    post_comment(other, dual, reply_to_comment=follower, comment="I agree.")
    (followup,) = mail.outbox
    stop = links_in(followup)[-1]
    browser.get(stop)
    browser.post(stop)
    follower.refresh_from_db()
    assert not follower.followup

    # Reporting the reply.
    other.post(f"/comments/flag/{reply.pk}/", {"next": "/comments/flagged/"}, follow=True)

    assert_nothing_personal(
        [*browser.log, *other.log, *links_in(confirmation), *links_in(followup)]
    )
