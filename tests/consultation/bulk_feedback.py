"""A draft's feedback at campaign scale, written in a few bulk inserts (no signals, no save per
item) for benchmarks and scale tests: comments and written submissions mixed, a third of them in
20 campaigns of near-identical letters, replies, and the drafters' responses filled for half.

Comments use multi-table inheritance (django-comments' Comment, then XtdComment, then
SectionComment), which bulk_create refuses: the base rows are bulk-created (their ids come
back), then each child table's own columns are inserted in batches."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.utils import timezone
from django_comments.models import Comment
from django_comments_xtd.models import XtdComment

from consultation.enums import Decision, FeedbackKind, Gender, PublicIdentity, ReviewStatus
from consultation.models import FeedbackItem, SectionComment, Sector, WrittenSubmission
from consultation.review.campaigns import text_fingerprint

CAMPAIGNS = 20
BATCH = 2000
COUNTRIES = ["LS", "ZA", "GB", "US", "BW", "IE", "DE"]
ORGANISATIONS = ["Basotho Diaspora Association UK", "Lesotho Teachers' Union", "Maseru Chamber"]
LETTER = (
    "Dear drafters, I write as one of many Basotho living abroad about {topic}. The draft should "
    "recognise that our families depend on what we send home, that fees and paperwork keep "
    "growing, and that the children born to us abroad must keep their place in the nation. "
    "We ask the Directorate to take this letter into account before the policy is adopted."
)
TOPICS = [f"topic {n}: " + word for n, word in enumerate(["remittances", "citizenship"] * 10)]
COMMENT = (
    "Comment {n}: a reasoned point about this section, with the reasons {reasons} and an example "
    "from the commenter's own experience of {place}."
)
SUBMISSION = (
    "Submission {n} on the draft, with its own reasons {reasons}.\n\n"
    "A second paragraph explains the background: how the diaspora in {place} organises itself, "
    "what it asks of the state and what it offers in return.\n\n"
    "A closing paragraph proposes wording for the drafters to consider."
)


@dataclass
class BulkFeedback:
    comments: int
    submissions: int
    replies: int
    campaign_members: int


def _letter(campaign: int, n: int) -> str:
    # Near-identical: the same letter, each signed by its sender.
    return LETTER.format(topic=TOPICS[campaign]) + f" Signed, sender {n}."


def _review(n: int, item: dict) -> dict:
    """The drafters' review, filled for every other item."""
    if n % 2:
        return item
    decisions = list(Decision.values)
    return item | {
        "status": ReviewStatus.ANSWERED,
        "decision": decisions[n // 2 % len(decisions)],
        "response": f"Response to item {n}: the drafters considered this and {n % 5} others.",
    }


def _comment_rows(draft, count: int, sections, people) -> list[dict]:
    """The comments' fields; every tenth answers the comment before it."""
    rows = []
    for n in range(count):
        reply_to = n - 1 if n % 10 == 9 and not rows[n - 1]["reply_to"] else None
        campaign = n // 3 % (CAMPAIGNS // 2) if n % 3 == 0 and reply_to is None else None
        if reply_to is not None:
            section = rows[reply_to]["section"]
        elif campaign is not None:
            section = sections[campaign % len(sections)]
        else:
            section = sections[n % len(sections)]
        text = (
            _letter(campaign, n)
            if campaign is not None
            else COMMENT.format(n=n, reasons=n * 7919, place=COUNTRIES[n % len(COUNTRIES)])
        )
        rows.append(
            people(n)
            | {
                "section": section,
                "text": text,
                "reply_to": reply_to,
                "campaign": campaign,
                "proposed": f"Proposed wording {n}." if n % 4 == 0 else "",
                "quoted": "the passage quoted" if n % 6 == 0 else "",
            }
        )
    return rows


def feedback_in_bulk(draft, count: int, *, comment_share: float = 0.5) -> BulkFeedback:
    """`count` approved feedback items on `draft` (a DraftPage with sections), about
    `comment_share` of them comments spread over its sections, the rest written submissions."""
    sections = [s for s in draft.sections.order_by("sort_order") if s.level > 1] or list(
        draft.sections.all()
    )
    sectors = list(Sector.objects.all())
    genders = list(Gender.values)
    now = timezone.now()

    def people(n: int) -> dict:
        organisation = ORGANISATIONS[n % len(ORGANISATIONS)] if n % 7 == 0 else ""
        return {
            "name": f"Sender {n}",
            "email": f"sender{n}@example.org",
            "gender": genders[n % len(genders)],
            "sector": sectors[n % len(sectors)],
            "country": COUNTRIES[n % len(COUNTRIES)],
            "organisation": organisation,
            "is_organisation": bool(organisation),
            "anonymous": n % 5 == 0,
            "at": now - timezone.timedelta(minutes=count - n),
        }

    comments = _comment_rows(draft, round(count * comment_share), sections, people)
    comment_ids = _insert_comments(comments)
    submission_count = count - len(comments)
    submission_rows = []
    for m in range(submission_count):
        n = len(comments) + m
        campaign = CAMPAIGNS // 2 + m // 3 % (CAMPAIGNS // 2) if m % 3 == 0 else None
        text = (
            _letter(campaign, n)
            if campaign is not None
            else SUBMISSION.format(n=n, reasons=n * 7919, place=COUNTRIES[n % len(COUNTRIES)])
        )
        submission_rows.append(people(n) | {"text": text, "campaign": campaign})
    submissions = WrittenSubmission.objects.bulk_create(
        (
            WrittenSubmission(
                draft=draft,
                name=row["name"],
                email=row["email"],
                text=row["text"],
                gender=row["gender"],
                sector=row["sector"],
                country=row["country"],
                organisation=row["organisation"],
                on_behalf_of_organisation=row["is_organisation"],
                submit_date=row["at"],
                is_public=True,
            )
            for row in submission_rows
        ),
        batch_size=BATCH,
    )

    def item(n, row, **source) -> FeedbackItem:
        fields = _review(
            n,
            {
                "draft": draft,
                "text": row["text"],
                "submitted_at": row["at"],
                "speaker_name": row["name"],
                "gender": row["gender"],
                "sector": row["sector"],
                "country": row["country"],
                "organisation": row["organisation"],
                "is_organisation": row["is_organisation"],
                "is_public": True,
                "fingerprint": text_fingerprint(row["text"]),
            },
        )
        return FeedbackItem(**fields, **source)

    items = [
        item(
            n,
            row,
            comment_id=comment_ids[n],
            kind=FeedbackKind.COMMENT,
            section=row["section"],
            is_reply=row["reply_to"] is not None,
        )
        for n, row in enumerate(comments)
    ] + [
        item(len(comments) + m, row, submission=submission, kind=FeedbackKind.SUBMISSION)
        for m, (row, submission) in enumerate(zip(submission_rows, submissions, strict=True))
    ]
    items = FeedbackItem.objects.bulk_create(items, batch_size=BATCH)
    members = _group_campaigns(items, comments + submission_rows)
    return BulkFeedback(
        comments=len(comments),
        submissions=submission_count,
        replies=sum(row["reply_to"] is not None for row in comments),
        campaign_members=members,
    )


def _insert_comments(rows: list[dict]) -> list[int]:
    """Comment, XtdComment and SectionComment rows for `rows`; their ids in the same order."""
    if not rows:
        return []
    content_type = ContentType.objects.get_by_natural_key("policy_docs", "draftsection")
    site = Site.objects.get_current()
    bases = Comment.objects.bulk_create(
        (
            Comment(
                content_type=content_type,
                object_pk=str(row["section"].pk),
                site=site,
                user_name=row["name"],
                user_email=row["email"],
                comment=row["text"],
                submit_date=row["at"],
                is_public=True,
            )
            for row in rows
        ),
        batch_size=BATCH,
    )
    ids = [base.pk for base in bases]
    xtd = []
    for n, row in enumerate(rows):
        parent = ids[row["reply_to"]] if row["reply_to"] is not None else ids[n]
        xtd.append(
            XtdComment(
                comment_ptr_id=ids[n],
                thread_id=parent,
                parent_id=parent,
                level=1 if row["reply_to"] is not None else 0,
                order=2 if row["reply_to"] is not None else 1,
            )
        )
    section_comments = [
        SectionComment(
            xtdcomment_ptr_id=ids[n],
            consent_given_at=row["at"],
            gender=row["gender"],
            sector=row["sector"],
            country=row["country"],
            organisation=row["organisation"],
            on_behalf_of_organisation=row["is_organisation"],
            public_identity=PublicIdentity.ANONYMOUS if row["anonymous"] else PublicIdentity.NAMED,
            section=row["section"],
            proposed_wording=row["proposed"],
            quoted_passage=row["quoted"],
        )
        for n, row in enumerate(rows)
    ]
    for model, objects in ((XtdComment, xtd), (SectionComment, section_comments)):
        fields = model._meta.local_concrete_fields
        for start in range(0, len(objects), BATCH):
            model._base_manager._insert(objects[start : start + BATCH], fields=fields)
    return ids


def _group_campaigns(items: list[FeedbackItem], rows: list[dict]) -> int:
    """Each campaign's first item leads it; the others point at it and share its review."""
    by_campaign: dict[int, list[FeedbackItem]] = {}
    for item, row in zip(items, rows, strict=True):
        if row["campaign"] is not None:
            by_campaign.setdefault(row["campaign"], []).append(item)
    members = 0
    for lead, *others in by_campaign.values():
        FeedbackItem.objects.filter(pk__in=[other.pk for other in others]).update(
            campaign=lead,
            status=lead.status,
            decision=lead.decision,
            response=lead.response,
        )
        FeedbackItem.objects.filter(pk=lead.pk).update(campaign_size=len(others) + 1)
        members += len(others)
    return members
