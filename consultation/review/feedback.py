"""Writes on feedback items: keeping them in step with their comment or submission, grouping
campaigns, and recording the drafters' review. Every review change is logged in Wagtail's
history (who, when, what) and applies to the whole campaign."""

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Length
from django.utils import timezone
from wagtail.log_actions import log

from policy_docs.translations import source_draft, source_section
from search_index.bulk import index_objects

from ..enums import FeedbackKind, ReviewStatus
from ..models import FeedbackItem, SectionComment, ThemedFeedback, WrittenSubmission
from .campaigns import (
    campaign_scope,
    near_duplicate_lengths,
    near_duplicate_of,
    text_fingerprint,
)

RESPOND = "consultation.review.respond"
BULK_UPDATE = "consultation.review.bulk_update"

# The review fields that a campaign's members share with its lead.
REVIEW_FIELDS = ["status", "decision", "response", "addressed_in", "assignee"]


def _source_fields(source) -> dict:
    is_comment = isinstance(source, SectionComment)
    text = source.comment if is_comment else source.text
    written_on = source.section.page if is_comment else source.draft
    # Feedback on a translated draft counts towards the default-language draft's sections.
    section = source_section(source.section) if is_comment else None
    return {
        "kind": FeedbackKind.COMMENT if is_comment else FeedbackKind.SUBMISSION,
        "draft_id": section.page_id if is_comment else source_draft(written_on).pk,
        "section_id": section.pk if is_comment else None,
        "language": written_on.locale.language_code,
        "text": text,
        "submitted_at": source.submit_date,
        "speaker_name": source.speaker_name or "",
        "gender": source.gender,
        "sector_id": source.sector_id,
        "country": str(source.country),
        "organisation": source.organisation,
        "is_organisation": source.on_behalf_of_organisation,
        "stance": getattr(source, "stance", ""),
        "is_reply": is_comment and bool(source.parent_id) and source.parent_id != source.pk,
        "is_public": source.is_public,
        "is_removed": source.is_removed,
        "fingerprint": text_fingerprint(text),
    }


def campaign_lead_of(item: FeedbackItem) -> int | None:
    """The campaign lead (or lone item) on the same section, or for a written submission the
    same draft, whose text ``item`` repeats: identical once case, punctuation and spacing are
    set aside (the earliest), else near-identical. Only the texts of a near-identical length
    are read."""
    kind, scope_id = campaign_scope(item)
    leads = (
        FeedbackItem.objects.in_review().campaign_leads().filter(is_reply=False).exclude(pk=item.pk)
    )
    leads = (
        leads.filter(section_id=scope_id)
        if kind == "section"
        else leads.filter(draft_id=scope_id, section__isnull=True)
    )
    identical = leads.filter(fingerprint=item.fingerprint).order_by("pk")
    if first := identical.values_list("pk", flat=True).first():
        return first
    lengths = near_duplicate_lengths(item.text)
    if lengths is None:
        return None
    near = leads.annotate(length=Length("text")).filter(length__range=lengths)
    return near_duplicate_of(item.text, dict(near.values_list("pk", "text")))


def _join_campaign(item: FeedbackItem, lead: FeedbackItem):
    """A new member takes on the review already given to its campaign."""
    item.campaign = lead
    for name in REVIEW_FIELDS:
        setattr(item, name, getattr(lead, name))
    item.save()
    item.themes.set(list(lead.themes.all()))
    FeedbackItem.objects.filter(pk=lead.pk).update(campaign_size=F("campaign_size") + 1)


def campaign_refresh_size(lead_id: int):
    members = FeedbackItem.objects.in_review().filter(campaign_id=lead_id).count()
    FeedbackItem.objects.filter(pk=lead_id).update(campaign_size=members + 1)


def _leave_campaign(item: FeedbackItem):
    """A removed item no longer speaks for its campaign; a removed lead hands over to the
    next member."""
    if item.campaign_id:
        lead_id = item.campaign_id
        FeedbackItem.objects.filter(pk=item.pk).update(campaign=None, campaign_size=1)
        campaign_refresh_size(lead_id)
        return
    members = list(item.campaign_members.order_by("pk").values_list("pk", flat=True))
    if members:
        new_lead, *others = members
        FeedbackItem.objects.filter(pk=new_lead).update(campaign=None)
        FeedbackItem.objects.filter(pk__in=others).update(campaign_id=new_lead)
        FeedbackItem.objects.filter(pk=item.pk).update(campaign_size=1)
        campaign_refresh_size(new_lead)


def feedback_item_sync(*, source: SectionComment | WrittenSubmission) -> FeedbackItem:
    """Create or update the feedback item of a comment or submission. A new item joins the
    campaign whose text it repeats."""
    fields = _source_fields(source)
    with transaction.atomic():
        lookup = (
            {"comment": source} if isinstance(source, SectionComment) else {"submission": source}
        )
        item = FeedbackItem.objects.filter(**lookup).first()
        if item is None:
            item = FeedbackItem.objects.create(**lookup, **fields)
            if not item.is_reply and not item.is_removed:
                lead_pk = campaign_lead_of(item)
                if lead_pk:
                    _join_campaign(item, FeedbackItem.objects.get(pk=lead_pk))
            return item
        was_removed = item.is_removed
        for name, value in fields.items():
            setattr(item, name, value)
        item.save(update_fields=list(fields))
        if item.is_removed and not was_removed:
            _leave_campaign(item)
        return item


def feedback_sync_all() -> int:
    """Create the missing feedback items (comments and submissions made before the review
    existed, or loaded in bulk), in the order they were received. Returns how many."""
    created = 0
    comments = SectionComment.objects.filter(feedback__isnull=True).select_related("section")
    submissions = WrittenSubmission.objects.filter(feedback__isnull=True)
    sources = sorted([*comments, *submissions], key=lambda source: source.submit_date)
    for source in sources:
        feedback_item_sync(source=source)
        created += 1
    return created


def _review_values(item: FeedbackItem) -> dict:
    return {
        "status": item.get_status_display(),
        "decision": item.get_decision_display() if item.decision else "",
        "response": item.response,
        "addressed_in": str(item.addressed_in) if item.addressed_in_id else "",
        "assignee": item.assignee.get_full_name() or item.assignee.get_username()
        if item.assignee_id
        else "",
        "themes": ", ".join(sorted(theme.name for theme in item.themes.all())),
    }


def _apply_to_campaign(item: FeedbackItem, *, themes_changed: bool):
    """Copy the lead's review to every member, in a fixed number of queries."""
    members = FeedbackItem.objects.filter(campaign=item)
    members.update(**{name: getattr(item, name) for name in [*REVIEW_FIELDS, "updated_at"]})
    if themes_changed:
        ThemedFeedback.objects.filter(content_object__campaign=item).delete()
        member_ids = list(members.values_list("pk", flat=True))
        ThemedFeedback.objects.bulk_create(
            ThemedFeedback(content_object_id=member_id, tag=theme)
            for member_id in member_ids
            for theme in item.themes.all()
        )


def _log_changes(item: FeedbackItem, before: dict, *, action: str, user, **data):
    """One history entry with the old and new value of each review field that changed."""
    after = _review_values(item)
    changes = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    log(instance=item, action=action, user=user, data={"changes": changes, **data})


def feedback_respond(
    *,
    item: FeedbackItem,
    user,
    status: str,
    decision: str,
    response: str,
    themes: list[str],
    addressed_in=None,
    assignee=None,
) -> FeedbackItem:
    """Record the drafters' review of one item (and of every member of its campaign)."""
    if decision and status == ReviewStatus.NEW:
        status = ReviewStatus.UNDER_REVIEW
    with transaction.atomic():
        # From the database: a model form has already put the new values on `item`.
        before = _review_values(FeedbackItem.objects.get(pk=item.pk))
        item.status, item.decision, item.response = status, decision, response
        item.addressed_in, item.assignee = addressed_in, assignee
        item.updated_at = timezone.now()
        item.save()
        item.themes.set(themes)
        _apply_to_campaign(item, themes_changed=True)
        if before["response"] != response:
            # update() sends no signal for Wagtail to index the members' new response by.
            index_objects(FeedbackItem, FeedbackItem.objects.filter(campaign=item))
        _log_changes(item, before, action=RESPOND, user=user, campaign_size=item.campaign_size)
    return item


def feedback_bulk_update(*, items, user, **values) -> int:
    """Set status, decision, assignee or add a theme on many items (and their campaigns).
    `values` holds only what the drafter chose to change."""
    theme = values.pop("theme", None)
    if values.get("decision") and "status" not in values:
        values["status"] = ReviewStatus.UNDER_REVIEW
    changed = 0
    with transaction.atomic():
        for item in items:
            before = _review_values(item)
            for name, value in values.items():
                setattr(item, name, value)
            item.updated_at = timezone.now()
            item.save()
            if theme:
                item.themes.add(theme)
            _apply_to_campaign(item, themes_changed=bool(theme))
            _log_changes(item, before, action=BULK_UPDATE, user=user)
            changed += 1
    return changed
