"""Attack: abuse the links that comment e-mails carry. Confirm someone else's comment (reuse,
a forged or garbled token, a mail scanner's GET), confirm one after its draft closed or after
its link expired, make the site mail a stranger your words, flood an address, or hand the
site a pickle to load (the links of django-comments-xtd were signed pickles)."""

import datetime
import re
import secrets
import threading

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django_comments_xtd import signed

from consultation.models import PendingComment, SectionComment
from tests.consultation.comment_forms import post_comment
from tests.consultation.factories import SectionCommentFactory

TOKEN_LINK = re.compile(r"http://testserver(/comments/confirm/([A-Za-z0-9_-]{43})/)$", re.M)


def confirmation_link(message) -> str:
    (match,) = TOKEN_LINK.finditer(message.body)
    return match.group(1)


def send_anonymous_comment(client, section, **fields):
    mail.outbox.clear()
    response = post_comment(client, section, **fields)
    assert response.status_code == 302, response.content.decode()[:300]
    (message,) = mail.outbox
    return message


@pytest.fixture
def message(client, dual):
    """The confirmation e-mail of an anonymous comment just sent."""
    return send_anonymous_comment(
        client,
        dual,
        name="Lineo Ramone",
        email="lineo@example.org",
        comment="Remittance fees should be capped at two percent.",
        organisation="Maseru Traders",
        proposed_wording="Fees are capped.",
    )


def test_the_email_carries_neither_the_comment_nor_the_name(message, dual):
    """Whoever gives someone else's address cannot make the site send them their words or
    greet them by a name of their choosing."""
    whole = message.message().as_string()
    for detail in ("Remittance fees", "two percent", "Lineo", "Ramone", "Maseru Traders",
                   "Fees are capped", "South Africa", "woman"):  # fmt: skip
        assert detail not in whole
        assert detail not in message.subject
    assert message.to == ["lineo@example.org"]
    assert "Dual citizenship" in message.body and dual.page.title in message.body
    assert "If you did not send a comment, do nothing" in message.body


def test_opening_the_link_stores_nothing_only_the_button_does(client, message):
    link = confirmation_link(message)
    for _ in range(3):  # a mail scanner, a preview, the person
        page = client.get(link)
        assert page.status_code == 200 and "Confirm my comment" in page.content.decode()
        assert "Remittance fees" not in page.content.decode()  # nor is the text shown
        assert client.head(link).status_code == 200
    assert not SectionComment.objects.exists()

    response = client.post(link)
    comment = SectionComment.objects.get()
    assert comment.comment == "Remittance fees should be capped at two percent."
    assert comment.feedback is not None  # stored with its feedback item
    assert response.status_code == 200 and "A moderator will review it" in response.content.decode()


def test_a_link_confirms_once_however_often_it_is_used(client, message):
    link = confirmation_link(message)
    client.post(link)
    for visitor in (client, Client()):
        response = visitor.post(link)
        assert response.status_code == 200
        assert "already confirmed" in response.content.decode()
        assert "already confirmed" in visitor.get(link).content.decode()
    assert SectionComment.objects.count() == 1
    # The row keeps nothing personal once the comment is stored.
    pending = PendingComment.objects.get()
    assert (pending.email, pending.comment_data) == ("", {})
    assert pending.comment == SectionComment.objects.get()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
    reason="two connections writing at once: PostgreSQL",
)
def test_two_presses_at_the_same_moment_store_the_comment_once(migrated_data, dual):
    link = confirmation_link(send_anonymous_comment(Client(), dual))
    start = threading.Barrier(2)
    pages = []

    def press():
        visitor = Client()
        start.wait()
        pages.append(visitor.post(link).content.decode())
        connection.close()

    presses = [threading.Thread(target=press) for _ in range(2)]
    for thread in presses:
        thread.start()
    for thread in presses:
        thread.join()
    assert SectionComment.objects.count() == 1
    assert sum("already confirmed" in page for page in pages) == 1


def test_the_link_expires_after_seven_days_by_default(client, message):
    pending = PendingComment.objects.get()
    assert pending.expires_at - pending.created_at == datetime.timedelta(days=7)


def test_an_expired_link_stores_nothing_and_says_so(client, dual, settings):
    settings.COMMENT_CONFIRMATION_DAYS = 0  # expired as soon as it is sent
    link = confirmation_link(send_anonymous_comment(client, dual, email="late@example.org"))
    for method in (client.get, client.post):
        response = method(link)
        assert response.status_code == 410
        assert "This link expired on" in response.content.decode()
        assert "please send your comment again" in response.content.decode()
    assert not SectionComment.objects.exists()


def test_a_link_followed_after_the_draft_closed_stores_nothing(client, message, open_draft):
    open_draft.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    open_draft.save_revision().publish()
    link = confirmation_link(message)
    for method in (client.get, client.post):
        response = method(link)
        assert response.status_code == 403
        assert "Comments closed on" in response.content.decode()
    assert not SectionComment.objects.exists()


def test_a_link_followed_after_the_draft_was_unpublished_stores_nothing_and_hides_it(
    client, message, open_draft
):
    open_draft.unpublish()
    link = confirmation_link(message)
    for method in (client.get, client.post):
        response = method(link)
        assert response.status_code == 410
        assert open_draft.slug not in response.content.decode()
    assert not SectionComment.objects.exists()


def test_a_reply_to_a_comment_removed_meanwhile_is_not_stored(client, dual, django_user_model):
    from consultation.moderation import moderation_remove

    parent = SectionCommentFactory(section=dual, comment="The parent.")
    link = confirmation_link(
        send_anonymous_comment(client, dual, reply_to_comment=parent, comment="A reply.")
    )
    moderator = django_user_model.objects.create_superuser("mod", "mod@example.org", "pw")
    moderation_remove(item=parent, user=moderator, reason="Personal details.")
    response = client.post(link)
    assert response.status_code == 410
    assert not SectionComment.objects.filter(comment="A reply.").exists()


@pytest.mark.parametrize(
    "token",
    [
        "forged",
        secrets.token_urlsafe(32),  # well formed, never issued
        "A" * 43,
        "%00",
        "x" * 2000,
    ],
)
def test_a_forged_or_garbled_link_stores_nothing(client, message, token):
    for method in (client.get, client.post):
        response = method(f"/comments/confirm/{token}/")
        assert response.status_code == 404
        assert "This link is not valid" in response.content.decode()
    assert not SectionComment.objects.exists()


def test_a_damaged_copy_of_a_real_link_stores_nothing(client, message):
    link = confirmation_link(message)
    token = link.split("/")[-2]
    damaged = link.replace(token, token[:-1] + ("B" if token[-1] != "B" else "C"))
    assert client.post(damaged).status_code == 404
    assert client.post(link.replace(token, token[:20])).status_code == 404
    assert not SectionComment.objects.exists()


def test_only_the_hash_of_the_token_is_stored(client, message):
    token = confirmation_link(message).split("/")[-2]
    pending = PendingComment.objects.get()
    assert token not in str(PendingComment.objects.values().get())
    assert pending.token_hash != token and len(pending.token_hash) == 64


def test_an_address_gets_a_few_confirmation_emails_a_day_at_most(client, dual, settings):
    settings.COMMENT_CONFIRMATION_EMAILS_PER_ADDRESS = "2/d"
    for n, email in enumerate(("target@example.org", "TARGET@example.org")):
        send_anonymous_comment(client, dual, email=email, comment=f"Comment number {n}.")
    mail.outbox.clear()
    response = post_comment(client, dual, email="Target@Example.org", comment="A third one.")
    assert response.status_code == 429
    assert "already sent several confirmation e-mails" in response.content.decode()
    assert mail.outbox == [] and PendingComment.objects.count() == 2

    # Another address is not affected, and the counters name no address.
    send_anonymous_comment(client, dual, email="someone@example.org", comment="Mine.")
    keys = counter_keys()
    assert keys and not any("example.org" in key for key in keys)


def counter_keys() -> list[str]:
    """The keys of the rate limits' cache, in memory or in a database table."""
    limits = caches["limits"]
    if hasattr(limits, "_table"):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT cache_key FROM {limits._table}")  # noqa: S608 - a setting
            return [row[0] for row in cursor.fetchall()]
    return list(limits._cache)


def test_confirming_is_limited_per_address_and_the_comment_waits(client, dual, settings):
    settings.COMMENT_RATE_PER_USER = "1/h"
    first = confirmation_link(send_anonymous_comment(client, dual, comment="First view."))
    second = confirmation_link(send_anonymous_comment(client, dual, comment="Second view."))
    client.post(first)
    response = Client().post(second)  # from elsewhere: still the same address
    assert response.status_code == 429
    assert SectionComment.objects.count() == 1

    caches["limits"].clear()  # an hour later
    client.post(second)
    assert SectionComment.objects.count() == 2


def test_the_same_comment_sent_twice_is_stored_once(client, dual):
    links = [
        confirmation_link(send_anonymous_comment(client, dual, comment="Said twice."))
        for _ in range(2)
    ]
    client.post(links[0])
    response = client.post(links[1])
    assert response.status_code == 409 and "stored once" in response.content.decode()
    assert SectionComment.objects.filter(comment="Said twice.").count() == 1


class Exploit:
    """What an attacker holding SECRET_KEY (or an old link's signature) would send: unpickling
    it creates `marker`."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        import os

        return (os.mkdir, (self.marker,))


def test_a_crafted_pickle_in_the_old_link_format_is_never_loaded(client, dual, tmp_path):
    marker = tmp_path / "unpickled"
    # Signed exactly as django-comments-xtd signed its confirmation and mute links.
    key = signed.dumps(Exploit(marker), compress=True, extra_key=b"section-comments").decode()
    assert signed.loads  # the library still has it: only our URLs keep it away
    for url in (f"/comments/confirm/{key}/", f"/comments/mute/{key}/"):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in (400, 404)
            assert "no longer work" in response.content.decode()
    assert not marker.exists()


def test_an_old_confirmation_link_says_to_send_the_comment_again(client, dual):
    old = signed.dumps({"comment": "From before."}, extra_key=b"section-comments").decode()
    response = client.get(f"/comments/confirm/{old}/")
    html = response.content.decode()
    assert "links sent before the site was updated no longer work" in html
    assert "please send your comment again" in html


def _patterns(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_no_view_of_django_comments_or_xtd_is_reachable():
    """Their confirm and mute views unpickle the URL; their flag, sent, reply, like and API
    views show any comment by its id. Every comment page is the platform's own."""
    reachable = [
        (route, f"{callback.__module__}.{callback.__qualname__}")
        for route, callback in _patterns(get_resolver())
        if callback.__module__.startswith(("django_comments", "rest_framework"))
    ]
    assert reachable == []


def test_no_code_of_the_platform_loads_xtd_signed_data():
    uses = re.compile(r"django_comments_xtd(\.signed\b| import [^\n]*\bsigned\b)")
    offenders = [
        str(path)
        for package in ("consultation", "policy_docs", "search_index")
        for path in (django_settings.BASE_DIR / package).rglob("*.py")
        if uses.search(path.read_text())
    ]
    assert offenders == []


def test_a_stop_link_is_a_signed_comment_id_and_nothing_forged_passes(client, dual, open_draft):
    from django.core import signing

    from consultation.follow_ups import STOP_SALT, stop_key

    follower = SectionCommentFactory(section=dual, user_email="f@example.org", followup=True)
    elsewhere = SectionCommentFactory(
        section=open_draft.sections.get(key="remittances"), user_email="f@example.org",
        followup=True,
    )  # fmt: skip
    key = stop_key(follower)
    assert "f@example.org" not in key and signing.loads(key, salt=STOP_SALT) == follower.pk

    for forged in (
        signing.dumps(follower.pk),  # another salt: what the "sent" page's value is signed with
        signing.dumps(str(follower.pk), salt=STOP_SALT),  # not an id
        key[:-2] + "xx",  # a damaged signature
    ):
        assert client.post(f"/comments/mute/{forged}/").status_code == 400
    follower.refresh_from_db()
    assert follower.followup

    open_draft.unpublish()  # the page no longer names the section, the button still works
    page = client.get(f"/comments/mute/{key}/").content.decode()
    assert "Dual citizenship" not in page and open_draft.slug not in page
    client.post(f"/comments/mute/{key}/")
    follower.refresh_from_db()
    elsewhere.refresh_from_db()
    assert not follower.followup and elsewhere.followup  # that section only
