"""What `purge_expired_personal_data` (run daily) ends besides the contributions to drafts
closed long ago (test_personal_data.py): unused stakeholder accounts, warned by e-mail first,
and the Word exports and task results that keep the drafters' queries."""

import datetime
import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django_tasks_db.models import DBTaskResult

from consultation.enums import ExportStatus
from consultation.erasure_ledger import address_hash, ledger_read
from consultation.models import (
    AccountExpiryNotice,
    FeedbackExport,
    SectionComment,
    StakeholderProfile,
)
from consultation.storage import private_storage
from tests.consultation.factories import SectionCommentFactory, sector

NOW = timezone.now()


def days_ago(days: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


def purge() -> str:
    out = io.StringIO()
    call_command("purge_expired_personal_data", stdout=out)
    return out.getvalue()


def move_back(days: int) -> None:
    """Time passes: every stored time goes back, as if `days` days had gone by."""
    from django.contrib.auth import get_user_model
    from django.db.models import F

    delta = datetime.timedelta(days=days)
    users = get_user_model().objects
    users.update(date_joined=F("date_joined") - delta)
    users.exclude(last_login=None).update(last_login=F("last_login") - delta)
    AccountExpiryNotice.objects.update(sent_at=F("sent_at") - delta)
    SectionComment.objects.update(submit_date=F("submit_date") - delta)


@pytest.fixture
def accounts(django_user_model, dual, settings):
    settings.ACCOUNT_RETENTION_DAYS = 730
    settings.ACCOUNT_RETENTION_WARNING_DAYS = 30

    def account(name, *, last_login, confirmed=True, joined=None):
        email = f"{name}@example.org"
        user = django_user_model.objects.create_user(
            name, email, "pw", first_name=name.title(), last_name="Mokoena"
        )
        django_user_model.objects.filter(pk=user.pk).update(
            last_login=last_login, date_joined=joined or days_ago(1000)
        )
        EmailAddress.objects.create(user=user, email=email, verified=confirmed, primary=True)
        StakeholderProfile.objects.create(user=user, display_name=name.title(), sector=sector())
        return user

    users = {
        "recent": account("recent", last_login=days_ago(10)),
        # Within the 30 days before its 730 are up.
        "soon": account("soon", last_login=days_ago(710)),
        # Unused for longer than that, never told: told now, erased 30 days later.
        "long": account("long", last_login=days_ago(800)),
        # Never confirmed its address: no e-mail to it, erased when its time is up.
        "unconfirmed": account("unconfirmed", last_login=None, confirmed=False),
        # Not signed in for long, but it commented last week.
        "commenter": account("commenter", last_login=days_ago(800)),
    }
    SectionCommentFactory(
        section=dual, user=users["commenter"], user_email="commenter@example.org",
        submit_date=days_ago(7),
    )  # fmt: skip
    SectionCommentFactory(
        section=dual, user=users["unconfirmed"], user_name="Unconfirmed Mokoena",
        user_email="unconfirmed@example.org", submit_date=days_ago(900),
    )  # fmt: skip
    drafter = django_user_model.objects.create_user("old-drafter", "drafter@example.org", "pw")
    drafter.groups.add(Group.objects.get(name="Policy drafters"))
    admin = django_user_model.objects.create_superuser("old-admin", "admin@example.org", "pw")
    django_user_model.objects.filter(pk__in=[drafter.pk, admin.pk]).update(
        last_login=days_ago(900), date_joined=days_ago(1000)
    )
    return users


def erased(user) -> bool:
    user.refresh_from_db()
    return not user.is_active and user.email == "" and user.username.startswith("erased-")


def test_unused_accounts_are_warned_by_email_then_erased_and_the_teams_are_left_alone(
    accounts, mailoutbox
):
    out = purge()
    assert "accounts warned: 2" in out and "accounts: 1" in out
    assert "left to an administrator to review" in out and "old-admin, old-drafter" in out

    # The account never confirmed goes at once, as an erasure would take it, and is recorded.
    assert erased(accounts["unconfirmed"])
    comment = SectionComment.objects.get(user_email="", user_name="Erased")
    assert comment.erased_at is not None
    assert [entry.address_hash for entry in ledger_read()] == [
        address_hash("unconfirmed@example.org")
    ]

    # The two past 700 days are told, by e-mail through the queue, when and how to keep it.
    assert sorted(message.to[0] for message in mailoutbox) == [
        "long@example.org",
        "soon@example.org",
    ]
    (soon,) = [message for message in mailoutbox if message.to == ["soon@example.org"]]
    assert soon.subject == "Your account on the policy consultation will be erased"
    body = re.sub(r"\s+", " ", soon.body)
    assert "not used for 730 days is erased" in body
    assert "http://testserver" + reverse("account_login") in body
    # Its 730 days end in 20 days, but the notice runs for 30.
    deadline = timezone.localtime(timezone.now() + datetime.timedelta(days=30))
    assert f"sign in before {date_format(deadline, 'DATE_FORMAT')}:" in body
    for user in ("recent", "soon", "long", "commenter"):
        assert not erased(accounts[user]), user

    # The next day: nothing new, no second e-mail.
    mailoutbox.clear()
    assert "Nothing has reached the end of its retention period" in purge()
    assert mailoutbox == []

    # A month later: "soon" signed in meanwhile and is kept; "long" is erased; "soon" is
    # told again only when it is unused again for 700 days.
    move_back(31)
    accounts["soon"].last_login = timezone.now()
    accounts["soon"].save(update_fields=["last_login"])
    out = purge()
    assert "accounts: 1" in out and "accounts warned: 0" in out
    assert erased(accounts["long"])
    for user in ("recent", "soon", "commenter"):
        assert not erased(accounts[user]), user
    assert mailoutbox == []
    assert not AccountExpiryNotice.objects.filter(user=accounts["long"]).exists()


def test_account_retention_can_be_turned_off(accounts, settings, mailoutbox):
    settings.ACCOUNT_RETENTION_DAYS = 0
    out = purge()
    assert "accounts without limit" in out
    assert "left to an administrator" not in out
    assert mailoutbox == [] and not any(erased(user) for user in accounts.values())


def test_the_privacy_notice_gives_the_accounts_and_working_copies_retention(client, settings):
    settings.ACCOUNT_RETENTION_DAYS = 500
    settings.ACCOUNT_RETENTION_WARNING_DAYS = 20
    settings.TASK_RETENTION_DAYS = 45
    text = re.sub(r"\s+", " ", client.get(reverse("privacy_notice")).content.decode())
    assert "An account not used for 500 days (no sign-in, comment or submission) is erased" in text
    assert "we write to you 20 days before: signing in keeps your account" in text
    assert "are deleted 45 days after they are made" in text
    assert "a code computed from your e-mail address with a secret key" in text


@pytest.fixture
def old_work(open_draft, closed_draft, settings):
    """Exports and task results finished 40 and 5 days ago."""
    settings.TASK_RETENTION_DAYS = 30
    exports = {}
    for age in (40, 5):
        exports[age] = FeedbackExport.objects.create(
            draft=closed_draft, status=ExportStatus.DONE, query={"q": "Palesa Mokoena"},
            file=ContentFile(b"names", name=f"export-{age}.docx"), finished_at=days_ago(age),
        )  # fmt: skip
    FeedbackExport.objects.create(
        draft=closed_draft, status=ExportStatus.CANCELLED, finished_at=days_ago(40)
    )
    for age in (40, 5):
        DBTaskResult.objects.create(
            args_kwargs={"args": [{"q": "Palesa Mokoena"}], "kwargs": {}},
            task_path="consultation.exports.background.write_feedback_export",
            backend_name="background", run_after=days_ago(age), status="SUCCESSFUL",
            finished_at=days_ago(age), return_value=None,
        )  # fmt: skip
    return exports


def test_word_exports_and_task_results_are_deleted_after_their_retention_period(old_work):
    old_file = old_work[40].file.name
    out = purge()
    assert "word exports: 2" in out and "task records: 1" in out
    assert list(FeedbackExport.objects.values_list("pk", flat=True)) == [old_work[5].pk]
    assert not private_storage().exists(old_file)
    assert private_storage().exists(old_work[5].file.name)
    assert DBTaskResult.objects.count() == 1
    assert "Nothing has reached the end" in purge()
