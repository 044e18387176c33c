"""A person's data on request (export, erasure) and after the retention period (purge),
through the management commands, with the real database, search index and pages."""

import datetime
import io
import json
import re
from collections import Counter
from dataclasses import asdict

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from wagtail.search.backends import get_search_backend

from consultation.enums import AgeGroup, ExportStatus, Gender, PublicIdentity
from consultation.models import (
    FeedbackExport,
    FeedbackItem,
    SectionComment,
    StakeholderProfile,
    WrittenSubmission,
)
from consultation.moderation import moderation_approve
from consultation.personal_data import personal_data_erase, personal_data_export
from consultation.review.feedback import feedback_respond
from consultation.review.filters import text_matching
from consultation.storage import private_storage
from consultation.what_we_heard import decisions_by, draft_summary
from policy_docs.enums import DraftStatus
from tests.consultation.comment_forms import post_comment
from tests.consultation.factories import (
    SectionCommentFactory,
    WrittenSubmissionFactory,
    sector,
)
from tests.policy_docs.factories import DraftPageFactory, section

EMAIL = "palesa@example.org"
whoosh_only = pytest.mark.skipif(
    settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] != "search_index.backend",
    reason="reads the Whoosh index files",
)


@pytest.fixture
def palesa(django_user_model, db):
    user = django_user_model.objects.create_user(
        "palesa", EMAIL, "pw", first_name="Palesa", last_name="Mokoena"
    )
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    StakeholderProfile.objects.create(
        user=user,
        display_name="Palesa Mokoena",
        gender=Gender.WOMAN,
        sector=sector(),
        country="ZA",
        organisation="Basotho Nurses Abroad",
        age_group=AgeGroup.FROM_25_TO_35,
    )
    return user


@pytest.fixture
def consultation(db, search_index, open_draft, dual, palesa, reviewer):
    """Palesa's account comment, an anonymous one from the same address (counted as another
    person, as "What we heard" counts them), a submission with an attachment; other people's
    comments, one of which names her; the drafters' answer to her by name."""
    remittances = open_draft.sections.get(key="remittances")
    hers = SectionCommentFactory(
        section=dual,
        user=palesa,
        user_name="Palesa Mokoena",
        user_email=EMAIL,
        comment="I, Palesa Mokoena, ask that children born abroad are citizens.",
        organisation="Basotho Nurses Abroad",
        age_group=AgeGroup.FROM_25_TO_35,
        ip_address="196.10.0.1",
        followup=True,
        consent_given_at=timezone.now(),
        privacy_notice_version="2026-11",
    )
    anonymous = SectionCommentFactory(
        section=remittances,
        user_name="Palesa M.",
        user_email="PALESA@example.org",
        public_identity=PublicIdentity.ANONYMOUS,
        comment="Fees are too high; write to palesa@example.org.",
    )
    submission = WrittenSubmissionFactory(
        draft=open_draft,
        user=palesa,
        name="Palesa Mokoena",
        email=EMAIL,
        text="A letter from Palesa Mokoena on remittances.",
        attachment=ContentFile(b"%PDF-1.4 letter", name="palesa-letter.pdf"),
        is_public=True,
    )
    others = [
        SectionCommentFactory(section=dual, gender=Gender.WOMAN, comment=f"Agreed, {n}.")
        for n in range(5)
    ]
    mention = SectionCommentFactory(
        section=dual,
        parent_id=hers.pk,
        user_name="Karabo Motsamai",
        user_email="karabo@example.org",
        gender=Gender.MAN,
        country="GB",
        comment="Thank you Palesa Mokoena, I agree.",
    )
    for item in FeedbackItem.objects.all():
        feedback_respond(
            item=item, user=reviewer, status="answered", decision="accepted",
            response="Taken up in 4.2.", themes=["citizenship"],
        )  # fmt: skip
    feedback_respond(
        item=hers.feedback, user=reviewer, status="answered", decision="partly-accepted",
        response="Thank you, Palesa Mokoena: partly taken up.", themes=["citizenship", "children"],
    )  # fmt: skip
    moderation_approve(item=submission, user=reviewer, reason="A clear letter.")
    internal = FeedbackExport.objects.create(
        draft=open_draft, public=False, status=ExportStatus.DONE,
        file=ContentFile(b"names inside", name="internal.docx"),
    )  # fmt: skip
    public = FeedbackExport.objects.create(
        draft=open_draft, public=True, status=ExportStatus.DONE,
        file=ContentFile(b"no names", name="public.docx"),
    )  # fmt: skip
    return {
        "hers": hers,
        "anonymous": anonymous,
        "submission": submission,
        "others": others,
        "mention": mention,
        "internal_export": internal,
        "public_export": public,
    }


def figures(client, draft):
    """Every total the public and the drafters see: "What we heard" (as computed and as
    shown), decisions by gender and sector, and the feedback items' tags."""
    sections = list(draft.sections.all())
    page = BeautifulSoup(client.get(reverse("what_we_heard", args=[draft.pk])).content, "lxml")
    return {
        "summary": asdict(draft_summary(draft, sections)),
        "decisions": [asdict(row) for c in ("gender", "sector") for row in decisions_by(draft, c)],
        "page": [table.get_text(" ", strip=True) for table in page.select("table")],
        "tags": Counter(
            FeedbackItem.objects.values_list(
                "draft",
                "section",
                "gender",
                "sector",
                "country",
                "is_organisation",
                "is_public",
                "decision",
            )
        ),  # fmt: skip
    }


def database_dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", "--natural-foreign", stdout=out)
    return out.getvalue()


def public_pages(client, draft, consultation):
    urls = [
        draft.url,
        reverse("section_comment", args=[consultation["hers"].section_id]),
        reverse("section_comment", args=[consultation["anonymous"].section_id]),
        reverse("comment_reply", args=[consultation["hers"].pk]),
        reverse("what_we_heard", args=[draft.pk]),
    ]
    return {url: client.get(url).content.decode() for url in urls}


def test_the_export_holds_everything_about_the_person_and_nothing_about_anyone_else(
    consultation, tmp_path
):
    output = tmp_path / "palesa.json"
    call_command("export_personal_data", "Palesa@Example.org", "--output", str(output))
    text = output.read_text()
    data = json.loads(text)

    (account,) = data["accounts"]
    assert account["username"] == "palesa" and account["email"] == EMAIL
    assert account["email_addresses"] == [{"email": EMAIL, "verified": True, "primary": True}]
    assert account["profile"]["organisation"] == "Basotho Nurses Abroad"
    assert account["profile"]["age_group"] == "25-35"

    comments = {comment["id"]: comment for comment in data["comments"]}
    assert set(comments) == {consultation["hers"].pk, consultation["anonymous"].pk}
    hers = comments[consultation["hers"].pk]
    assert hers["draft"] == "Draft 2" and hers["section"].endswith("Dual citizenship")
    assert hers["comment"].startswith("I, Palesa Mokoena")
    assert (hers["gender"], hers["sector"], hers["country"]) == (
        "woman", "Diaspora association", "ZA",
    )  # fmt: skip
    assert hers["ip_address"] == "196.10.0.1"
    assert hers["consent"]["privacy_notice_version"] == "2026-11"
    assert hers["consent"]["given_at"]
    assert hers["review"]["themes"] == ["children", "citizenship"]
    assert hers["review"]["tags"]["gender"] == "woman"
    assert hers["review"]["decision"] == "partly-accepted"
    assert comments[consultation["anonymous"].pk]["shown_publicly_as"] == "Anonymous"

    (submission,) = data["written_submissions"]
    assert submission["attachment"] == "palesa-letter.pdf"
    assert data["follow_up_subscriptions"] == [
        {"comment": hers["id"], "draft": "Draft 2", "section": hers["section"]}
    ]
    # Nobody else: not the replier who named her, nor the other commenters.
    assert "karabo" not in text.lower() and "Agreed, " not in text
    assert "Thank you Palesa" not in text


def test_erasure_removes_the_person_everywhere_and_keeps_every_total(
    client, consultation, open_draft, closed_draft, palesa, django_capture_on_commit_callbacks
):
    export_files = {
        name: consultation[name].file.name for name in ("internal_export", "public_export")
    }
    # An export of a draft she did not comment on, asked for without her name, stays.
    elsewhere = FeedbackExport.objects.create(
        draft=closed_draft, public=False, status=ExportStatus.DONE, query={"gender": "man"}
    )
    before = figures(client, open_draft)
    pages = public_pages(client, open_draft, consultation)
    assert (
        "Palesa Mokoena"
        in pages[reverse("section_comment", args=[consultation["hers"].section_id])]
    )
    assert text_matching(FeedbackItem.objects.all(), "Mokoena").exists()
    assert get_search_backend().search("Mokoena", SectionComment).count() == 2
    attachment = consultation["submission"].attachment.name
    assert private_storage().exists(attachment)

    out = io.StringIO()
    # The pages read above are kept in the page cache; the erasure's saves purge them once it
    # commits, as in production.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("erase_personal_data", EMAIL, "--yes", stdout=out)
    assert "accounts: 1, comments: 2, written submissions: 1." in out.getvalue()

    # Every total is what it was.
    assert figures(client, open_draft) == before

    # Her name and address are nowhere in the database...
    dump = database_dump().lower()
    for word in ("palesa", "mokoena", "196.10.0.1", "basotho nurses abroad"):
        assert word not in dump, word
    # ...nor on the public pages, nor found by either search.
    for url, html in public_pages(client, open_draft, consultation).items():
        assert "Palesa" not in html and "palesa@" not in html.lower(), url
    assert not text_matching(FeedbackItem.objects.all(), "Mokoena").exists()
    assert not text_matching(FeedbackItem.objects.all(), "Palesa").exists()
    assert get_search_backend().search("Mokoena", SectionComment).count() == 0

    # Her contributions stay, anonymous, with their text and tags.
    hers = SectionComment.objects.get(pk=consultation["hers"].pk)
    assert hers.comment == "I, [erased], ask that children born abroad are citizens."
    assert (hers.user_id, hers.user_email, hers.ip_address, hers.followup) == (
        None,
        "",
        None,
        False,
    )
    assert hers.public_name == "Anonymous" and hers.erased_at is not None
    assert (hers.gender, hers.sector.name, str(hers.country)) == (
        "woman", "Diaspora association", "ZA",
    )  # fmt: skip
    assert hers.feedback.response == "Thank you, [erased]: partly taken up."
    assert SectionComment.objects.get(pk=consultation["mention"].pk).comment == (
        "Thank you [erased], I agree."
    )
    submission = WrittenSubmission.objects.get(pk=consultation["submission"].pk)
    assert (submission.name, submission.email, submission.attachment.name) == ("Erased", "", "")
    assert not private_storage().exists(attachment)
    # Both versions of the draft's Word export quote her comment, which named her.
    for export in ("internal_export", "public_export"):
        assert not FeedbackExport.objects.filter(pk=consultation[export].pk).exists()
        assert not private_storage().exists(export_files[export])
    assert FeedbackExport.objects.filter(pk=elsewhere.pk).exists()

    # Her account can no longer be used and says nothing about her.
    palesa.refresh_from_db()
    assert not palesa.is_active and not palesa.has_usable_password()
    assert (palesa.email, palesa.first_name, palesa.username) == ("", "", f"erased-{palesa.pk}")
    assert not StakeholderProfile.objects.filter(user=palesa).exists()
    assert not EmailAddress.objects.filter(user=palesa).exists()

    # A second erasure finds nothing and changes nothing.
    dump = database_dump()
    out = io.StringIO()
    call_command("erase_personal_data", EMAIL, "--yes", stdout=out)
    assert "Nothing held about palesa@example.org" in out.getvalue()
    assert not personal_data_erase(email=EMAIL).changed_anything
    assert database_dump() == dump
    assert personal_data_export(email=EMAIL)["comments"] == []


@whoosh_only
def test_the_erased_name_is_gone_from_the_search_index_files(consultation, search_index):
    def index_bytes():
        return b"".join(path.read_bytes() for path in search_index.path.glob("*")).lower()

    assert b"mokoena" in index_bytes()
    personal_data_erase(email=EMAIL)
    assert b"mokoena" not in index_bytes()
    assert b"palesa" not in index_bytes()


@whoosh_only
def test_with_write_behind_an_erasure_inside_a_larger_transaction_leaves_no_name_in_the_index(
    consultation, search_index, settings, run_worker, django_capture_on_commit_callbacks
):
    """With index updates left to the worker (production), the erasure's compaction applies
    its own updates, even before the transaction around it commits and the worker runs."""
    default = settings.WAGTAILSEARCH_BACKENDS["default"]
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {**default, "WRITE_BEHIND": True, "REBUILD_TASK_BACKEND": "background"}
    }

    def index_bytes():
        files = search_index.path.glob("*")
        return b"".join(path.read_bytes() for path in files if path.is_file()).lower()

    assert b"mokoena" in index_bytes()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        personal_data_erase(email=EMAIL)
        assert b"mokoena" not in index_bytes() and b"palesa" not in index_bytes()
    run_worker()
    assert b"mokoena" not in index_bytes() and b"palesa" not in index_bytes()
    assert get_search_backend().search("Mokoena", SectionComment).count() == 0


def test_erasure_asks_first_and_does_nothing_unless_confirmed(consultation, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    with pytest.raises(CommandError, match="Nothing was erased"):
        call_command("erase_personal_data", EMAIL, stdout=io.StringIO())
    assert SectionComment.objects.filter(user_email__iexact=EMAIL).count() == 2

    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    call_command("erase_personal_data", EMAIL, stdout=io.StringIO())
    assert not SectionComment.objects.filter(user_email__iexact=EMAIL).exists()


def test_an_erased_comment_is_not_stored_again_by_its_old_confirmation_link(
    client, dual, mailoutbox
):
    post_comment(client, dual, email="lineo@example.org", name="Lineo Ramone")
    link = re.search(r"http://testserver(/\S+)", mailoutbox[0].body).group(1)
    client.post(link)
    assert SectionComment.objects.get().user_name == "Lineo Ramone"

    personal_data_erase(email="lineo@example.org")
    response = client.post(link)
    assert "already confirmed" in response.content.decode()
    assert SectionComment.objects.get().user_name == "Erased"


@pytest.mark.skipif("mailer" not in settings.INSTALLED_APPS, reason="needs django-mailer")
def test_erasure_deletes_the_mail_still_queued_for_the_person(consultation):
    from mailer.models import PRIORITY_DEFERRED, Message, make_message

    # Deferred while the mail server was down.
    for subject, to in (("Your comment", EMAIL), ("Yours", "karabo@example.org")):
        make_message(
            subject, "Body", "consultation@localhost", [to], priority=PRIORITY_DEFERRED
        ).save()
    assert [m["subject"] for m in personal_data_export(email=EMAIL)["queued_emails"]] == [
        "Your comment"
    ]
    assert personal_data_erase(email=EMAIL).queued_emails == 1
    assert [message.to_addresses for message in Message.objects.all()] == [["karabo@example.org"]]


@pytest.fixture
def drafts_by_age(policy):
    """A draft closed long ago, one closed ten days ago, and one still open."""
    now = timezone.now()

    def draft(slug, closes_days_ago, **kwargs):
        return DraftPageFactory(
            parent=policy, title=slug, slug=slug,
            opens_at=now - datetime.timedelta(days=closes_days_ago + 60),
            closes_at=now - datetime.timedelta(days=closes_days_ago),
            sections=[section("Introduction", level=1, key="intro")], **kwargs,
        )  # fmt: skip

    return {
        "old": draft("old", 400),
        "recent": draft("recent", 10),
        "open": draft("open", -30, status=DraftStatus.OPEN),
    }


def test_the_daily_purge_anonymises_only_what_is_past_the_retention_period(
    client, drafts_by_age, settings
):
    settings.PERSONAL_DATA_RETENTION_DAYS = 365
    for name, draft in drafts_by_age.items():
        dual = draft.sections.get()
        for n in range(6):
            SectionCommentFactory(
                section=dual, user_name=f"{name} person {n}", user_email=f"{name}{n}@example.org"
            )
        SectionCommentFactory(section=dual, user_name=f"{name} person 0",
                              user_email=f"{name}0@example.org")  # fmt: skip
        WrittenSubmissionFactory(draft=draft, name=f"{name} writer", email=f"{name}w@example.org")
    old = drafts_by_age["old"]
    before = figures(client, old)

    out = io.StringIO()
    call_command("purge_expired_personal_data", stdout=out)
    assert "comments: 7" in out.getvalue() and "submissions: 1" in out.getvalue()

    old_comments = SectionComment.objects.filter(section__page=old)
    assert set(old_comments.values_list("user_name", "user_email")) == {("Erased", "")}
    assert not WrittenSubmission.objects.filter(draft=old).exclude(name="Erased").exists()
    assert figures(client, old) == before  # person 0's two comments are still one person
    for name in ("recent", "open"):
        kept = SectionComment.objects.filter(section__page=drafts_by_age[name])
        assert kept.filter(user_email=f"{name}0@example.org").count() == 2
        assert WrittenSubmission.objects.get(draft=drafts_by_age[name]).name == f"{name} writer"

    out = io.StringIO()
    call_command("purge_expired_personal_data", stdout=out)
    assert "Nothing has reached the end of its retention period" in out.getvalue()


@whoosh_only
def test_an_index_locked_by_another_writer_is_compacted_by_the_worker_not_skipped(
    consultation, search_index, settings, run_worker
):
    """Another process holds the comments' index (a rebuild): the erasure cannot merge its
    segments, says so, and queues the compaction; the worker does it once the lock is free,
    trying again meanwhile."""
    from django_tasks_db.models import DBTaskResult

    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {**settings.WAGTAILSEARCH_BACKENDS["default"], "WRITE_LOCK_TIMEOUT": 0.1}
    }

    def index_bytes():
        files = search_index.path.glob("*django_comments_comment*")  # the comments' index
        return b"".join(path.read_bytes() for path in files if path.is_file()).lower()

    holder = get_search_backend().get_index_for_model(SectionComment).writer()
    try:
        out = io.StringIO()
        call_command("erase_personal_data", EMAIL, "--yes", stdout=out)
        assert "index compactions queued: 1" in out.getvalue()
        assert "its compaction is queued for the worker" in out.getvalue()
        assert b"mokoena" in index_bytes()  # not yet: honestly reported

        run_worker()  # still locked: tried again a minute later
        waiting = DBTaskResult.objects.filter(task_path__endswith="compact_search_indexes")
        assert waiting.filter(status="READY", run_after__gt=timezone.now()).count() == 1
        assert b"mokoena" in index_bytes()
    finally:
        holder.cancel()

    waiting.filter(status="READY").update(run_after=timezone.now())  # a minute has passed
    run_worker()
    assert b"mokoena" not in index_bytes() and b"palesa" not in index_bytes()
    assert get_search_backend().search("Mokoena", SectionComment).count() == 0
    assert not waiting.filter(status="READY").exists()


def test_what_wagtail_django_and_the_mail_queue_keep_about_the_account_is_exported_and_erased(
    client, consultation, palesa, open_draft
):
    from django.contrib.sessions.models import Session
    from mailer.models import DontSendEntry
    from wagtail.admin.models import EditingSession
    from wagtail.models import PageSubscription
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(palesa)
    profile.preferred_language = "st"
    profile.current_time_zone = "Africa/Johannesburg"
    profile.avatar = ContentFile(b"GIF89a portrait", name="palesa.gif")
    profile.save()
    avatar = profile.avatar.name
    PageSubscription.objects.create(user=palesa, page=open_draft, comment_notifications=True)
    EditingSession.objects.create(
        user=palesa,
        content_type=ContentType.objects.get_for_model(open_draft),
        object_id=str(open_draft.pk),
        last_seen_at=timezone.now(),
    )
    client.force_login(palesa)  # a session in the database
    assert client.get(reverse("stakeholder_profile")).status_code == 200
    DontSendEntry.objects.create(to_address=EMAIL, when_added=timezone.now())

    out = io.StringIO()
    call_command("export_personal_data", EMAIL, stdout=out)
    (account,) = json.loads(out.getvalue())["accounts"]
    assert account["admin_profile"][0]["preferred_language"] == "st"
    assert account["admin_profile"][0]["avatar"] == avatar.rsplit("/", 1)[-1]
    assert account["page_subscriptions"][0]["page"] == open_draft.pk
    assert len(account["admin_editing_sessions"]) == 1
    assert account["open_sessions"] == 1
    assert json.loads(out.getvalue())["on_the_do_not_send_list"] is True

    out = io.StringIO()
    call_command("erase_personal_data", EMAIL, "--yes", stdout=out)
    assert "account traces: 5" in out.getvalue()
    for model in (UserProfile, PageSubscription, EditingSession):
        assert not model.objects.filter(user=palesa).exists(), model
    assert not DontSendEntry.objects.exists()
    assert not default_storage.exists(avatar)
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id")]
    assert client.get(reverse("stakeholder_profile")).status_code == 302  # signed out


def test_task_records_and_exports_asked_for_with_the_persons_name_are_erased(
    consultation, closed_draft, run_worker
):
    """A task given an inbox query that names her (as an export or a search in the worker
    would be), its result, one still waiting, and Word exports of a draft she did not
    comment on but asked for with her name; nobody else's."""
    from django_tasks_db.models import DBTaskResult

    remember_query.enqueue({"q": "Palesa Mokoena", "gender": "woman"})
    run_worker()
    remember_query.enqueue({"q": EMAIL})  # waiting for the worker
    remember_query.enqueue({"q": "Karabo Motsamai"})
    named = FeedbackExport.objects.create(
        draft=closed_draft, status=ExportStatus.DONE, query={"q": "Palesa Mokoena"},
        file=ContentFile(b"Palesa Mokoena, on the cover", name="named.docx"),
    )  # fmt: skip
    other = FeedbackExport.objects.create(
        draft=closed_draft, status=ExportStatus.DONE, query={"q": "Karabo"}
    )
    held = personal_data_export(email=EMAIL)
    assert [e["filters"] for e in held["word_exports_asked_with_your_name"]] == [named.query]
    assert [t["status"] for t in held["task_records_naming_you"]] == ["SUCCESSFUL", "READY"]

    out = io.StringIO()
    call_command("erase_personal_data", EMAIL, "--yes", stdout=out)
    assert "task records: 2" in out.getvalue()
    kept = DBTaskResult.objects.filter(task_path__endswith="remember_query")
    assert [row.args_kwargs["args"] for row in kept] == [[{"q": "Karabo Motsamai"}]]
    assert not FeedbackExport.objects.filter(pk=named.pk).exists()
    assert FeedbackExport.objects.filter(pk=other.pk).exists()
    assert not private_storage().exists(named.file.name)
    dump = database_dump().lower()
    assert "palesa" not in dump and "mokoena" not in dump


@task(backend="background")
def remember_query(query: dict) -> dict:
    """Stands for any task given an inbox query (filters and search words)."""
    return {"query": query, "matches": 0}


def test_an_erasure_that_cannot_be_recorded_in_the_ledger_is_not_made(
    consultation, settings, tmp_path
):
    settings.ERASURE_LEDGER_PATH = tmp_path / "a-folder"
    settings.ERASURE_LEDGER_PATH.mkdir()
    attachment = consultation["submission"].attachment.name
    with pytest.raises(CommandError, match="cannot be written.*Nothing was erased"):
        call_command("erase_personal_data", EMAIL, "--yes", stdout=io.StringIO())
    assert SectionComment.objects.filter(user_email__iexact=EMAIL).count() == 2
    assert private_storage().exists(attachment)
