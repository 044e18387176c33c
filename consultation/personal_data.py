"""Personal data of the people who comment and send submissions (Lesotho's Data Protection
Act 2011; the GDPR for commenters in Europe): everything held about an e-mail address, its
erasure on request, and the anonymisation of contributions to drafts whose consultation
closed more than PERSONAL_DATA_RETENTION_DAYS ago.

Erasure anonymises a contribution rather than deleting it. It keeps its text (with its
author's name and e-mail address taken out), its section, its stance and its gender, sector
and country, so that the record of the consultation and every total ("What we heard", the
dashboard, the exports) stay as they were; its author's name, e-mail address, account,
organisation, age group, internet address, attachment and follow-up e-mails go. A random
reference, the same for one person's contributions to one draft, stands in for the author in
the counts of people and is linked to no one.

Besides their contributions, a person's details live in their account and its traces in the
apps beside ours (Wagtail's profile and subscriptions, sessions, allauth's addresses, axes's
sign-in records, django-mailer's queue), in the Word exports that hold their name or were
asked for with it, in the task results that carry such a query, and in the search indexes'
files. An erasure reaches each of them and is recorded in the erasure ledger
(consultation.erasure_ledger), so that restoring an older backup erases the person again.

Retention (`personal_data_purge_expired`, daily): contributions are anonymised
PERSONAL_DATA_RETENTION_DAYS after their draft closes; finished task results and Word exports
are deleted TASK_RETENTION_DAYS after they finish; stakeholder accounts unused for
ACCOUNT_RETENTION_DAYS are erased, after a warning by e-mail."""

from __future__ import annotations

import datetime
import json
import logging
import re
import secrets
from collections import defaultdict
from dataclasses import asdict, dataclass

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_comments.models import CommentFlag
from django_tasks import TaskResultStatus
from modelsearch.backends import get_search_backends_with_name
from wagtail.models import ModelLogEntry

from search_index.compaction import compact_or_queue

from .enums import ExportStatus, PublicIdentity
from .erasure_ledger import address_hash, ledger_erased_since, ledger_writer
from .models import (
    AccountExpiryNotice,
    FeedbackExport,
    FeedbackItem,
    PendingComment,
    SectionComment,
    StakeholderProfile,
    WrittenSubmission,
)
from .stakeholders import email_confirmed
from .what_we_heard import person_key

logger = logging.getLogger(__name__)

# What an erased contribution carries in place of its author's name, and of their name or
# e-mail address where its text (or someone else's) mentioned them.
ERASED_NAME = "Erased"
ERASED_MARK = "[erased]"


@dataclass
class ErasureReport:
    """How many records an erasure or a purge changed."""

    comments: int = 0
    submissions: int = 0
    attachments: int = 0
    follow_ups: int = 0
    mentions: int = 0  # other people's contributions or responses that named the person
    accounts: int = 0
    # Rows of the apps beside ours: Wagtail's profile, subscriptions and editing sessions,
    # API tokens, sessions, an entry of the mail queue's do-not-send list.
    account_traces: int = 0
    queued_emails: int = 0
    sign_in_records: int = 0
    word_exports: int = 0  # deleted with their file
    exports_stopped: int = 0  # waiting or being written: cancelled, never saved
    task_records: int = 0  # task results whose arguments or result named the person
    # Search indexes another process kept locked: compacted by the worker once it lets go.
    index_compactions_queued: int = 0
    # ...or left as they are, when there is no worker to queue it for.
    index_compactions_not_done: int = 0
    accounts_warned: int = 0  # unused accounts told by e-mail that they will be erased
    pending_comments: int = 0  # sent without an account, not (or no longer) confirmable

    @property
    def changed_anything(self) -> bool:
        return any(asdict(self).values())

    def add(self, other: ErasureReport) -> None:
        for name, count in asdict(other).items():
            setattr(self, name, getattr(self, name) + count)

    def as_lines(self) -> list[str]:
        return [f"{name.replace('_', ' ')}: {count}" for name, count in asdict(self).items()]


def _address(email: str) -> str:
    email = (email or "").strip()
    if "@" not in email:
        raise ValueError(f"Not an e-mail address: {email!r}")
    return email


# Whose records


def _accounts(email: str):
    """The accounts whose address, or one of whose addresses, is `email`."""
    addresses = EmailAddress.objects.filter(email__iexact=email).values("user_id")
    return get_user_model().objects.filter(Q(email__iexact=email) | Q(pk__in=addresses))


def _comments(email: str, accounts):
    return SectionComment.objects.filter(Q(user_email__iexact=email) | Q(user__in=accounts))


def _submissions(email: str, accounts):
    return WrittenSubmission.objects.filter(Q(email__iexact=email) | Q(user__in=accounts))


def _is_comment(record) -> bool:
    return isinstance(record, SectionComment)


def _name(record) -> str:
    return record.user_name if _is_comment(record) else record.name


def _email(record) -> str:
    return record.user_email if _is_comment(record) else record.email


def _feedback_item(record) -> FeedbackItem | None:
    lookup = {"comment" if _is_comment(record) else "submission": record}
    return FeedbackItem.objects.filter(**lookup).first()


def _author_key(record) -> str:
    """Who wrote `record`, as "What we heard" tells people apart."""
    return person_key(record.user_id, _email(record), record.erased_as)


def _draft_of(record):
    return record.section.page if _is_comment(record) else record.draft


def _account_names(accounts) -> list[str]:
    names = []
    for user in accounts:
        names.append(user.get_full_name())
        profile = StakeholderProfile.objects.filter(user=user).first()
        names.append(profile.display_name if profile else "")
    return names


def _naming_terms(email: str, accounts, records) -> list[str]:
    """What names the person in other people's texts, queries and task records: only what
    cannot be someone else, a full name (two words or more) or the address."""
    names = [*map(_name, records), *_account_names(accounts)]
    return _terms([name for name in names if len(name.split()) >= 2], [email])


# Where else a person's details live: rows of the apps beside ours


# Rows that other apps keep about an account, by what an export calls them: (app label, model,
# fields left out of the export). Each belongs to the account and goes with its erasure.
ACCOUNT_ROWS = {
    "admin_profile": ("wagtailusers", "UserProfile", ()),  # language, time zone, avatar...
    "page_subscriptions": ("wagtailcore", "PageSubscription", ()),
    "admin_editing_sessions": ("wagtailadmin", "EditingSession", ()),
    "admin_unsaved_forms": ("wagtailadmin", "FormState", ()),
    "api_tokens": ("wagtailcore", "APIToken", ("key_hash",)),
}


def _account_rows(user):
    """(name, queryset, fields left out) of each kind of row other apps keep about `user`."""
    for name, (app_label, model_name, leave_out) in ACCOUNT_ROWS.items():
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:  # that app is not installed
            continue
        yield name, model.objects.filter(user=user).order_by("pk"), leave_out


def _row_export(row, leave_out=()) -> dict:
    data = {}
    for field in row._meta.concrete_fields:
        if field.primary_key or field.name in {"user", *leave_out}:
            continue
        value = field.value_from_object(row)
        if isinstance(field, models.FileField):
            value = _file_name(getattr(row, field.name))
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        data[field.name] = value
    return data


def _sessions_of(user) -> list:
    """The user's sessions, when they are kept in the database (Django's default)."""
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return []
    from django.contrib.sessions.models import Session

    return [
        session
        for session in Session.objects.iterator()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]


def _do_not_send(email: str):
    """django-mailer's do-not-send list's entries for the address."""
    if not apps.is_installed("mailer"):
        return None
    return apps.get_model("mailer", "DontSendEntry").objects.filter(to_address__iexact=email)


def _mentions(value, terms) -> bool:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return bool(text) and _scrub(text, terms) != text


def _scrub_json(value, terms):
    """`value` (JSON data) with the terms taken out, as JSON text writes them."""
    json_terms = [json.dumps(term)[1:-1] for term in terms]
    return json.loads(_scrub(json.dumps(value), json_terms))


def _task_result_model():
    if not apps.is_installed("django_tasks_db"):
        return None
    return apps.get_model("django_tasks_database", "DBTaskResult")


def _task_results_naming(terms) -> list:
    """Task results (django-tasks-db) whose arguments, result or traceback name the person:
    a task given an inbox query, an address, a name."""
    model = _task_result_model()
    if model is None or not terms:
        return []
    rows = model.objects.defer("worker_ids", "exception_class_path").order_by("enqueued_at")
    return [
        row for row in rows.iterator() if any(_mentions(kept, terms) for kept in _task_kept(row))
    ]


def _task_kept(row) -> tuple:
    return row.args_kwargs, row.return_value, row.traceback


def _exports_naming(terms) -> list:
    """Word exports asked for with the person's name or address among the inbox's filters or
    search words (their query, and the file's cover, hold it)."""
    if not terms:
        return []
    return [export for export in FeedbackExport.objects.all() if _mentions(export.query, terms)]


# Export


def _when(value) -> str | None:
    return value.isoformat() if value else None


def _review(record) -> dict | None:
    item = _feedback_item(record)
    if item is None:
        return None
    return {
        "tags": {
            "gender": item.gender,
            "sector": item.sector.name,
            "country": item.country,
            "organisation": item.organisation,
            "on_behalf_of_organisation": item.is_organisation,
        },
        "themes": sorted(theme.name for theme in item.themes.all()),
        "status": item.status,
        "decision": item.decision,
        "response": item.response,
    }


def _speaker(record) -> dict:
    return {
        "gender": record.gender,
        "sector": record.sector.name,
        "country": str(record.country),
        "organisation": record.organisation,
        "on_behalf_of_organisation": record.on_behalf_of_organisation,
        "age_group": record.age_group,
        "shown_publicly_as": record.public_name,
        "consent": {
            "given_at": _when(record.consent_given_at),
            "privacy_notice_version": record.privacy_notice_version,
        },
        "ip_address": record.ip_address,
        "published": record.is_public and not record.is_removed,
        "removed_by_a_moderator": record.is_removed,
        "review": _review(record),
    }


def _comment_export(comment: SectionComment) -> dict:
    draft = comment.section.page
    return {
        "id": comment.pk,
        "policy": draft.policy.title,
        "draft": draft.title,
        "section": f"{comment.section.number} {comment.section.heading}".strip(),
        "submitted_at": _when(comment.submit_date),
        "name": comment.user_name,
        "email": comment.user_email,
        "comment": comment.comment,
        "stance": comment.stance,
        "passage_referred_to": comment.quoted_passage,
        "proposed_wording": comment.proposed_wording,
        "reply_to_comment": comment.parent_id if comment.parent_id != comment.pk else None,
        "follow_up_emails": comment.followup,
        **_speaker(comment),
    }


def _file_name(field) -> str | None:
    return field.name.rsplit("/", 1)[-1] if field else None


def _submission_export(submission: WrittenSubmission) -> dict:
    return {
        "id": submission.pk,
        "policy": submission.draft.policy.title,
        "draft": submission.draft.title,
        "submitted_at": _when(submission.submit_date),
        "name": submission.name,
        "email": submission.email,
        "text": submission.text,
        "attachment": _file_name(submission.attachment),
        "attachment_published": submission.attachment_is_public,
        **_speaker(submission),
    }


def _account_export(user) -> dict:
    profile = StakeholderProfile.objects.filter(user=user).select_related("sector").first()
    return {
        "username": user.get_username(),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "joined": _when(user.date_joined),
        "last_signed_in": _when(user.last_login),
        "active": user.is_active,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "profile": profile
        and {
            "display_name": profile.display_name,
            "gender": profile.gender,
            "sector": profile.sector.name if profile.sector_id else "",
            "country": str(profile.country or ""),
            "organisation": profile.organisation,
            "age_group": profile.age_group,
        },
        "comments_reported": [
            {"comment": flag.comment_id, "flag": flag.flag, "date": _when(flag.flag_date)}
            for flag in CommentFlag.objects.filter(user=user).order_by("flag_date")
        ],
        **{
            name: [_row_export(row, leave_out) for row in rows]
            for name, rows, leave_out in _account_rows(user)
        },
        "open_sessions": len(_sessions_of(user)),
        "told_of_its_erasure_for_disuse": _when(
            AccountExpiryNotice.objects.filter(user=user).values_list("sent_at", flat=True).first()
        ),
    }


def _pending_comment_export(pending) -> dict:
    return {
        "draft": pending.section.page.title,
        "section": f"{pending.section.number} {pending.section.heading}",
        "sent_at": _when(pending.created_at),
        "link_expires_at": _when(pending.expires_at),
        "as_sent": pending.comment_data,
    }


def personal_data_export(*, email: str) -> dict:
    """Everything the platform holds about the person who uses `email`: their account and
    profile (and what Wagtail keeps about it), their comments and written submissions with
    their tags, consent and review, their follow-up e-mails, queued e-mails and sign-in
    records, the Word exports and task records asked for with their name or address. Nothing
    about anyone else."""
    email = _address(email)
    accounts = list(_accounts(email).order_by("pk"))
    comments = list(
        _comments(email, accounts)
        .select_related("section__page", "sector")
        .order_by("submit_date", "pk")
    )
    submissions = list(
        _submissions(email, accounts).select_related("draft", "sector").order_by("submit_date")
    )
    terms = _naming_terms(email, accounts, [*comments, *submissions])
    do_not_send = _do_not_send(email)
    comments = [_comment_export(comment) for comment in comments]
    return {
        "email": email,
        "exported_at": _when(timezone.now()),
        "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
        "accounts": [_account_export(user) for user in accounts],
        "comments": comments,
        "written_submissions": [_submission_export(s) for s in submissions],
        "comments_awaiting_confirmation": [
            _pending_comment_export(pending)
            for pending in PendingComment.objects.for_address(email)
            .select_related("section__page")
            .order_by("created_at", "pk")
        ],
        "follow_up_subscriptions": [
            {"comment": comment["id"], "draft": comment["draft"], "section": comment["section"]}
            for comment in comments
            if comment["follow_up_emails"]
        ],
        "queued_emails": [
            {"subject": message.subject, "queued_at": _when(message.when_added)}
            for message in _queued_messages(email)
        ],
        "sign_in_records": [
            {"kind": row._meta.model_name, "at": _when(row.attempt_time), "ip": row.ip_address}
            for queryset in _sign_in_records(email, accounts)
            for row in queryset.order_by("attempt_time")
        ],
        "on_the_do_not_send_list": bool(do_not_send and do_not_send.exists()),
        "word_exports_asked_with_your_name": [
            {"requested_at": _when(export.requested_at), "filters": export.query}
            for export in _exports_naming(terms)
        ],
        "task_records_naming_you": [
            {"task": row.task_path, "queued_at": _when(row.enqueued_at), "status": row.status}
            for row in _task_results_naming(terms)
        ],
    }


# What every export carries, whether anything is held or not.
EXPORT_METADATA = {"email", "exported_at", "privacy_notice_version"}


def personal_data_held(export: dict) -> bool:
    """Whether an export (`personal_data_export`) found anything about the person."""
    details = {key: value for key, value in export.items() if key not in EXPORT_METADATA}
    return any(details.values())


def personal_data_export_json(*, email: str) -> str:
    return json.dumps(personal_data_export(email=email), indent=2, ensure_ascii=False)


# Erasure


def _terms(names, addresses=()) -> list[str]:
    """The words to take out of texts: names of three letters or more, and the addresses;
    longest first, so that a full name goes before a part of it."""
    terms = {name.strip() for name in names if name and len(name.strip()) >= 3}
    terms |= {address.strip() for address in addresses if address and address.strip()}
    return sorted(terms, key=len, reverse=True)


def _scrub(text: str, terms) -> str:
    for term in terms:
        text = re.sub(rf"(?<!\w){re.escape(term)}(?!\w)", ERASED_MARK, text, flags=re.IGNORECASE)
    return text


def _erase_record(record, *, erased_as: str, terms, now) -> dict:
    """Anonymise one comment or submission in place and save it (which updates its
    feedback item and the search index). Returns what else went with it."""
    gone = {"attachments": 0, "follow_ups": 0}
    common = {
        "user": None,
        "ip_address": None,
        "organisation": "",
        "age_group": "",
        "public_identity": PublicIdentity.ANONYMOUS,
        "erased_at": now,
        "erased_as": erased_as,
    }
    if _is_comment(record):
        gone["follow_ups"] = int(record.followup)
        fields = {
            **common,
            "user_name": ERASED_NAME,
            "user_email": "",
            "user_url": "",
            "followup": False,
            "comment": _scrub(record.comment, terms),
            "proposed_wording": _scrub(record.proposed_wording, terms),
            "quoted_passage": _scrub(record.quoted_passage, terms),
        }
    else:
        if record.attachment:
            record.attachment.delete(save=False)
            gone["attachments"] = 1
        fields = {
            **common,
            "name": ERASED_NAME,
            "email": "",
            "text": _scrub(record.text, terms),
            "attachment": "",
            "attachment_is_public": False,
        }
    for name, value in fields.items():
        setattr(record, name, value)
    record.save(update_fields=list(fields))
    item = _feedback_item(record)
    if item is not None and item.response:  # the drafters may have answered them by name
        item.response = _scrub(item.response, terms)
        item.save(update_fields=["response"])
    _scrub_history([record, item] if item else [record], terms)
    return gone


def _scrub_history(objects, terms):
    """Wagtail's history of a record and of its feedback item names its author (the label is
    the object's name; a review's entries hold the response before and after)."""
    for obj in objects:
        for entry in ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk),
        ):
            entry.label = str(obj)[:255]
            # Scrubbed as JSON text, with the terms written as JSON writes them.
            json_terms = [json.dumps(term)[1:-1] for term in terms]
            entry.data = json.loads(_scrub(json.dumps(entry.data), json_terms))
            entry.save(update_fields=["label", "data"])


def _erase_contributions(records, *, extra_names=(), email: str = "", now) -> ErasureReport:
    """Anonymise comments and submissions, each author's with a random reference of their
    own per draft, so that the counts of people do not change."""
    report = ErasureReport()
    by_author = defaultdict(list)
    for record in records:
        by_author[_author_key(record)].append(record)
    for author_records in by_author.values():
        terms = _terms(
            [*extra_names, *map(_name, author_records)], [email, *map(_email, author_records)]
        )
        references = {}
        for record in author_records:
            draft = _draft_of(record)
            erased_as = references.setdefault(draft.translation_key, secrets.token_hex(8))
            gone = _erase_record(record, erased_as=erased_as, terms=terms, now=now)
            report.attachments += gone["attachments"]
            report.follow_ups += gone["follow_ups"]
            if _is_comment(record):
                report.comments += 1
            else:
                report.submissions += 1
    return report


def _scrub_mentions(terms) -> list:
    """Other people's comments and submissions, and the drafters' responses, that name the
    person by full name or e-mail address: scrubbed, and returned."""
    if not terms:
        return []
    changed = []
    text_fields = [
        (SectionComment, ["comment", "proposed_wording"]),
        (WrittenSubmission, ["text"]),
        (FeedbackItem, ["response"]),
    ]
    for model, fields in text_fields:
        matching = Q()
        for term in terms:
            for name in fields:
                matching |= Q(**{f"{name}__icontains": term})
        for obj in model.objects.filter(matching):  # then only whole words count
            scrubbed = {name: _scrub(getattr(obj, name), terms) for name in fields}
            if any(scrubbed[name] != getattr(obj, name) for name in fields):
                for name, text in scrubbed.items():
                    setattr(obj, name, text)
                obj.save(update_fields=fields)
                changed.append(obj)
    return changed


def _erase_account_rows(user) -> int:
    """What other apps keep about the account (ACCOUNT_ROWS, with their files: an admin
    avatar), and its sessions."""
    erased = 0
    for _kind, rows, _leave_out in _account_rows(user):
        for row in rows:
            for field in row._meta.concrete_fields:
                if isinstance(field, models.FileField) and getattr(row, field.name):
                    getattr(row, field.name).delete(save=False)
            row.delete()
            erased += 1
    for session in _sessions_of(user):
        session.delete()
        erased += 1
    return erased


def _erase_account(user, terms):
    StakeholderProfile.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    AccountExpiryNotice.objects.filter(user=user).delete()
    # Kept as an inactive, nameless row: the reports it made and Wagtail's history point at it.
    user.username = f"erased-{user.pk}"
    user.email = user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()  # also ends its sessions
    user.save()
    _scrub_history([user], terms)  # the admin's history of the account names it


def _queued_messages(email: str) -> list:
    """django-mailer's queued (or deferred) messages to `email`, when it is installed."""
    if not apps.is_installed("mailer"):
        return []
    Message = apps.get_model("mailer", "Message")
    found = []
    for message in Message.objects.all():
        mail = message.email
        recipients = [*(mail.to or []), *(mail.cc or []), *(mail.bcc or [])] if mail else []
        if any(address.lower() == email.lower() for address in recipients):
            found.append(message)
    return found


def _delete_mail_to(email: str) -> int:
    deleted = 0
    for message in _queued_messages(email):
        message.delete()
        deleted += 1
    if apps.is_installed("mailer"):
        MessageLog = apps.get_model("mailer", "MessageLog")
        for entry in MessageLog.objects.all():
            mail = entry.email if entry.message_data else None
            recipients = [*(mail.to or []), *(mail.cc or []), *(mail.bcc or [])] if mail else []
            mentioned = email.lower() in (entry.log_message or "").lower()
            if mentioned or any(address.lower() == email.lower() for address in recipients):
                entry.delete()
                deleted += 1
    return deleted


def _sign_in_records(email: str, accounts) -> list:
    """django-axes's records of sign-ins with this address (or these accounts' usernames)."""
    if not apps.is_installed("axes"):
        return []
    names = Q(username__iexact=email)
    for user in accounts:
        names |= Q(username__iexact=user.get_username())
    return [
        apps.get_model("axes", model).objects.filter(names)
        for model in ("AccessAttempt", "AccessLog", "AccessFailureLog")
    ]


def _drop_exports(exports, *, terms=(), now) -> tuple[int, int]:
    """Word exports that may hold someone's name: finished ones are deleted with their file
    (the drafters can export again); those waiting or being written are cancelled, and their
    worker, which checks before it saves (exports/background.py), keeps nothing. Returns how
    many were deleted and cancelled. The rows are locked first: a worker saving its file
    meanwhile finishes before, and its export is then deleted."""
    deleted = cancelled = 0
    rows = FeedbackExport.objects.select_for_update().filter(pk__in=[e.pk for e in exports])
    for export in rows.order_by("pk"):
        if export.in_progress:
            export.status = ExportStatus.CANCELLED
            export.finished_at = now
            export.query = _scrub_json(export.query, terms)
            export.save(update_fields=["status", "finished_at", "query"])
            cancelled += 1
        else:
            if export.file:
                export.file.delete(save=False)
            export.delete()
            deleted += 1
    return deleted, cancelled


def _exports_of(drafts) -> list:
    """Every Word export of these drafts: the internal ones name the people who commented,
    and both versions quote the comments, whose text may name someone."""
    return list(FeedbackExport.objects.filter(draft__in=drafts))


def _erase_task_results(terms) -> int:
    """Task results that name the person: deleted; one running is scrubbed in place, since
    its worker will still write its outcome to the row."""
    erased = 0
    for row in _task_results_naming(terms):
        if row.status == TaskResultStatus.RUNNING:
            row.args_kwargs = _scrub_json(row.args_kwargs, terms)
            row.return_value = _scrub_json(row.return_value, terms)
            row.traceback = _scrub(row.traceback, terms)
            row.save(update_fields=["args_kwargs", "return_value", "traceback"])
        else:
            row.delete()
        erased += 1
    return erased


def _source_drafts(records):
    """The drafts whose feedback (and exports) these records count towards."""
    items = FeedbackItem.objects.filter(
        Q(comment__in=[record for record in records if _is_comment(record)])
        | Q(submission__in=[record for record in records if not _is_comment(record)])
    )
    return {item.draft for item in items.select_related("draft")}


def _drafts_of(changed) -> set:
    """The drafts whose feedback these comments, submissions and feedback items are part of."""
    records = [obj for obj in changed if not isinstance(obj, FeedbackItem)]
    items = [obj for obj in changed if isinstance(obj, FeedbackItem)]
    return _source_drafts(records) | {item.draft for item in items}


def _compact_search_indexes(report: ErasureReport) -> None:
    """Whoosh keeps a replaced document's words in its files until their segments are merged:
    merge them, so that erased names are gone from the disk too, not only from results. An
    index another process keeps locked is compacted by the worker once it lets go; the
    report says so."""
    for _alias, backend in get_search_backends_with_name(with_auto_update=True):
        compaction = compact_or_queue(backend, [FeedbackItem, SectionComment])
        report.index_compactions_queued += len(compaction.queued)
        report.index_compactions_not_done += len(compaction.left)


def _erase_person(email: str, *, now) -> ErasureReport:
    """The erasure itself, in one transaction, recorded in the ledger (before it commits: an
    erasure that cannot be recorded is not made); the search indexes are left to the
    caller."""
    with ledger_writer() as ledger, transaction.atomic():
        accounts = list(_accounts(email))
        records = [
            *_comments(email, accounts).select_related("section__page"),
            *_submissions(email, accounts).select_related("draft"),
        ]
        account_names = _account_names(accounts)
        terms = _naming_terms(email, accounts, records)
        drafts = _source_drafts(records)
        report = _erase_contributions(records, extra_names=account_names, email=email, now=now)
        mentioned = _scrub_mentions(terms)
        report.mentions = len(mentioned)
        exports = {*_exports_of(drafts | _drafts_of(mentioned)), *_exports_naming(terms)}
        report.word_exports, report.exports_stopped = _drop_exports(exports, terms=terms, now=now)
        report.task_records = _erase_task_results(terms)
        report.queued_emails = _delete_mail_to(email)
        report.pending_comments = PendingComment.objects.for_address(email).delete()[0]
        for queryset in _sign_in_records(email, accounts):
            report.sign_in_records += queryset.delete()[0]
        if (do_not_send := _do_not_send(email)) is not None:
            report.account_traces += do_not_send.delete()[0]
        account_terms = _terms(
            [*account_names, *(user.get_username() for user in accounts)], [email]
        )
        for user in accounts:
            report.account_traces += _erase_account_rows(user)
            _erase_account(user, account_terms)
        report.accounts = len(accounts)
        if report.changed_anything:
            ledger.record(email=email, erased_at=now)
    return report


def personal_data_erase(*, email: str) -> ErasureReport:
    """Erase the personal details of the person who uses `email` (see the module's
    docstring). Running it again finds nothing and changes nothing."""
    email = _address(email)
    report = _erase_person(email, now=timezone.now())
    if report.changed_anything:
        _compact_search_indexes(report)
    return report


# Retention


def personal_data_purge_expired(*, now: datetime.datetime | None = None) -> ErasureReport:
    """What the retention periods end: the contributions to drafts whose consultation closed
    more than PERSONAL_DATA_RETENTION_DAYS ago are anonymised as an erasure does (with the
    Word exports of those drafts); task results and Word exports finished more than
    TASK_RETENTION_DAYS ago are deleted; unused stakeholder accounts are warned, then erased
    (`accounts_purge_unused`)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)
    with transaction.atomic():
        records = [
            *SectionComment.objects.filter(
                erased_at__isnull=True, section__page__closes_at__lt=cutoff
            ).select_related("section__page"),
            *WrittenSubmission.objects.filter(
                erased_at__isnull=True, draft__closes_at__lt=cutoff
            ).select_related("draft"),
        ]
        drafts = _source_drafts(records)
        report = _erase_contributions(records, now=now)
        report.word_exports, report.exports_stopped = _drop_exports(_exports_of(drafts), now=now)
        exports, tasks = _finished_work_expired(now)
        report.word_exports += exports
        report.task_records += tasks
        # Comments never confirmed, and confirmed ones' empty rows, once their link expired.
        report.pending_comments = PendingComment.objects.expired(now).delete()[0]
    report.add(accounts_purge_unused(now=now))
    if report.comments or report.submissions or report.mentions:
        _compact_search_indexes(report)
    return report


def _finished_work_expired(now) -> tuple[int, int]:
    """Delete the Word exports (with their files) and the task results finished more than
    TASK_RETENTION_DAYS ago: they keep the inbox's filters and search words, and the
    internal exports names. Returns how many of each."""
    cutoff = now - datetime.timedelta(days=settings.TASK_RETENTION_DAYS)
    finished = [ExportStatus.DONE, ExportStatus.FAILED, ExportStatus.CANCELLED]
    exports = 0
    for export in FeedbackExport.objects.filter(status__in=finished, finished_at__lt=cutoff):
        if export.file:
            export.file.delete(save=False)
        export.delete()
        exports += 1
    tasks = 0
    if (model := _task_result_model()) is not None:
        tasks = model.objects.finished().filter(finished_at__lt=cutoff).delete()[0]
    return exports, tasks


def team_accounts():
    """The Directorate's own accounts: staff, superusers, and members of a group or holders of
    a permission (drafters, moderators). Their retention is the administrators' business (they
    close them when someone leaves): an automatic erasure could lock the site's last
    administrator out, and would cut the drafters' work from its history's names."""
    return get_user_model().objects.filter(
        Q(is_staff=True)
        | Q(is_superuser=True)
        | Q(groups__isnull=False)
        | Q(user_permissions__isnull=False)
    )


def _accounts_by_last_use():
    """Stakeholder accounts (not the team's, not erased) annotated with `last_used`: their
    latest sign-in, comment or submission, else when they were opened."""
    joined = "date_joined"
    last_comment = SectionComment.objects.filter(user=OuterRef("pk")).order_by("-submit_date")
    last_submission = WrittenSubmission.objects.filter(user=OuterRef("pk")).order_by("-submit_date")
    return (
        get_user_model()
        .objects.exclude(email="")
        .exclude(pk__in=team_accounts().values("pk"))
        .annotate(
            last_used=Greatest(
                Coalesce("last_login", joined),
                Coalesce(Subquery(last_comment.values("submit_date")[:1]), joined),
                Coalesce(Subquery(last_submission.values("submit_date")[:1]), joined),
            )
        )
    )


def accounts_purge_unused(*, now: datetime.datetime | None = None) -> ErasureReport:
    """Erase the stakeholder accounts unused for ACCOUNT_RETENTION_DAYS, as an erasure request
    would (their contributions anonymised, totals kept). ACCOUNT_RETENTION_WARNING_DAYS
    before, the holder of a confirmed address is told by e-mail, and the account is erased
    only once that notice has run its course; signing in again keeps it. An address never
    confirmed gets no e-mail (anyone can sign up with anyone's address), nor does a
    deactivated account (it cannot sign in): such an account is erased when its time is up."""
    report = ErasureReport()
    retention = datetime.timedelta(days=settings.ACCOUNT_RETENTION_DAYS)
    if not retention:
        return report
    now = now or timezone.now()
    notice = min(datetime.timedelta(days=settings.ACCOUNT_RETENTION_WARNING_DAYS), retention)
    told = dict(AccountExpiryNotice.objects.values_list("user_id", "sent_at"))
    for user in _accounts_by_last_use().filter(last_used__lt=now - retention + notice):
        told_at = told.get(user.pk)
        if told_at is not None and told_at < user.last_used:
            told_at = None  # used again since: that notice no longer counts
        warned_by_email = bool(notice) and user.is_active and email_confirmed(user)
        if user.last_used < now - retention and (
            not warned_by_email or (told_at is not None and told_at <= now - notice)
        ):
            report.add(_erase_person(user.email, now=now))
        elif warned_by_email and told_at is None:
            _warn_of_erasure(user, erase_after=max(user.last_used + retention, now + notice))
            report.accounts_warned += 1
    return report


def _warn_of_erasure(user, *, erase_after: datetime.datetime) -> None:
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        AccountExpiryNotice.objects.update_or_create(
            user=user, defaults={"sent_at": timezone.now()}
        )
        context = {
            "last_used": user.last_used,
            "erase_after": erase_after,
            "days": settings.ACCOUNT_RETENTION_DAYS,
        }
        send_mail(
            _("Your account on the policy consultation will be erased"),
            render_to_string("consultation/email/account_expiry_warning.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )


def unused_team_accounts(*, now: datetime.datetime | None = None) -> list[str]:
    """The team's active accounts unused (no sign-in) for ACCOUNT_RETENTION_DAYS: left to an
    administrator to review."""
    if not settings.ACCOUNT_RETENTION_DAYS:
        return []
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.ACCOUNT_RETENTION_DAYS)
    unused = (
        team_accounts()
        .filter(is_active=True)
        .annotate(last_used=Coalesce("last_login", "date_joined"))
        .filter(last_used__lt=cutoff)
        .distinct()
    )
    return sorted(unused.values_list("username", flat=True))


# Replaying erasures after a restore


@dataclass
class ReplayReport:
    erasures_since: int  # addresses the ledger says were erased since the time given
    replayed: int  # of those, the ones the database held again, erased again
    other_key: int  # entries made with another key, which cannot be matched
    erasure: ErasureReport


def _addresses_held() -> set[str]:
    """Every address the database holds, lower-cased: accounts, their addresses,
    contributions, queued e-mails, sign-in records, the do-not-send list."""
    found = set()
    sources = [
        (get_user_model().objects.all(), "email"),
        (EmailAddress.objects.all(), "email"),
        (SectionComment.objects.all(), "user_email"),
        (WrittenSubmission.objects.all(), "email"),
        (PendingComment.objects.all(), "email"),
    ]
    if apps.is_installed("mailer"):
        sources.append((apps.get_model("mailer", "DontSendEntry").objects.all(), "to_address"))
        for message in apps.get_model("mailer", "Message").objects.all():
            if mail := message.email:
                found.update(a.lower() for a in [*mail.to, *mail.cc, *mail.bcc] if "@" in a)
    if apps.is_installed("axes"):
        sources.append((apps.get_model("axes", "AccessAttempt").objects.all(), "username"))
    for queryset, field in sources:
        values = queryset.filter(**{f"{field}__contains": "@"}).values_list(field, flat=True)
        found.update(value.strip().lower() for value in values.distinct())
    return found


def personal_data_replay_erasures(*, since: datetime.datetime) -> ReplayReport:
    """Erase again the people whom the erasure ledger records as erased at or after `since`
    (the time a restored backup was made) and whose address the database holds again. Those
    erased before it are left alone: the backup already had them erased, and anything of
    theirs it holds came after, with a new consent."""
    erased = ledger_erased_since(since)
    report = ReplayReport(len(erased.addresses), 0, erased.other_key, ErasureReport())
    now = timezone.now()
    for address in sorted(_addresses_held()):
        if address_hash(address) in erased.addresses:
            report.erasure.add(_erase_person(address, now=now))
            report.replayed += 1
    if report.replayed:
        _compact_search_indexes(report.erasure)
    return report
