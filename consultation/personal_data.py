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
the counts of people and is linked to no one."""

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
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_comments.models import CommentFlag
from modelsearch.backends import get_search_backends_with_name
from wagtail.models import ModelLogEntry

from search_index.backend import SearchIndexLockedError, SearchIndexUnavailableError

from .enums import ExportStatus, PublicIdentity
from .models import (
    FeedbackExport,
    FeedbackItem,
    PendingComment,
    SectionComment,
    StakeholderProfile,
    WrittenSubmission,
)
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
    queued_emails: int = 0
    sign_in_records: int = 0
    internal_exports: int = 0
    pending_comments: int = 0  # sent without an account, not (or no longer) confirmable

    @property
    def changed_anything(self) -> bool:
        return any(asdict(self).values())

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
    profile, their comments and written submissions with their tags, consent and review,
    their follow-up e-mails, queued e-mails and sign-in records. Nothing about anyone else."""
    email = _address(email)
    accounts = list(_accounts(email).order_by("pk"))
    comments = (
        _comments(email, accounts)
        .select_related("section__page", "sector")
        .order_by("submit_date", "pk")
    )
    submissions = (
        _submissions(email, accounts).select_related("draft", "sector").order_by("submit_date")
    )
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
    }


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


def _scrub_mentions(terms) -> int:
    """Other people's comments and submissions, and the drafters' responses, that name the
    person by full name or e-mail address."""
    if not terms:
        return 0
    changed = 0
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
                changed += 1
    return changed


def _erase_account(user):
    StakeholderProfile.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    # Kept as an inactive, nameless row: the reports it made and Wagtail's history point at it.
    user.username = f"erased-{user.pk}"
    user.email = user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()  # also ends its sessions
    user.save()


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


def _drop_internal_exports(drafts) -> int:
    """Finished internal Word exports of these drafts name the people who commented: delete
    them (the drafters can export again)."""
    dropped = 0
    for export in FeedbackExport.objects.filter(
        draft__in=drafts, public=False, status__in=[ExportStatus.DONE, ExportStatus.FAILED]
    ):
        if export.file:
            export.file.delete(save=False)
        export.delete()
        dropped += 1
    return dropped


def _source_drafts(records):
    """The drafts whose feedback (and exports) these records count towards."""
    items = FeedbackItem.objects.filter(
        Q(comment__in=[record for record in records if _is_comment(record)])
        | Q(submission__in=[record for record in records if not _is_comment(record)])
    )
    return {item.draft for item in items.select_related("draft")}


def compact_search_indexes():
    """Whoosh keeps a replaced document's words in its files until their segments are merged:
    merge them, so that erased names are gone from the disk too, not only from results."""
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        for model in (FeedbackItem, SectionComment):
            index = backend.get_index_for_model(model)
            if not hasattr(index, "writer"):  # another backend: updates replace rows in place
                continue
            try:
                index.writer().commit(optimize=True)
            except (SearchIndexLockedError, SearchIndexUnavailableError) as error:
                logger.warning("Search index %s of %r not compacted: %s", index, name, error)


def personal_data_erase(*, email: str) -> ErasureReport:
    """Erase the personal details of the person who uses `email` (see the module's
    docstring). Running it again finds nothing and changes nothing."""
    email = _address(email)
    now = timezone.now()
    with transaction.atomic():
        accounts = list(_accounts(email))
        records = [
            *_comments(email, accounts).select_related("section__page"),
            *_submissions(email, accounts).select_related("draft"),
        ]
        account_names = []
        for user in accounts:
            account_names.append(user.get_full_name())
            profile = StakeholderProfile.objects.filter(user=user).first()
            account_names.append(profile.display_name if profile else "")
        # In other people's texts, only what cannot be someone else: a full name, the address.
        full_names = [
            name for name in [*map(_name, records), *account_names] if len(name.split()) >= 2
        ]
        drafts = _source_drafts(records)
        report = _erase_contributions(records, extra_names=account_names, email=email, now=now)
        report.mentions = _scrub_mentions(_terms(full_names, [email]))
        report.internal_exports = _drop_internal_exports(drafts)
        report.queued_emails = _delete_mail_to(email)
        report.pending_comments = PendingComment.objects.for_address(email).delete()[0]
        for queryset in _sign_in_records(email, accounts):
            report.sign_in_records += queryset.delete()[0]
        for user in accounts:
            _erase_account(user)
        report.accounts = len(accounts)
    if report.changed_anything:
        compact_search_indexes()
    return report


def personal_data_purge_expired(*, now: datetime.datetime | None = None) -> ErasureReport:
    """Anonymise the contributions to drafts whose consultation closed more than
    PERSONAL_DATA_RETENTION_DAYS ago, as an erasure does (accounts are left alone: their
    holders may still take part in later consultations), and delete the comments awaiting
    e-mail confirmation whose link has expired."""
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
        report.internal_exports = _drop_internal_exports(drafts)
        # Comments never confirmed, and confirmed ones' empty rows, once their link expired.
        report.pending_comments = PendingComment.objects.expired(now).delete()[0]
    if report.changed_anything:
        compact_search_indexes()
    return report
