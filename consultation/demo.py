"""Demonstration feedback on the demo policy (`manage.py seed_demo`): comments, replies and
written submissions with a realistic spread of tags, from the data in `demo_content.py`.
Seeded, so that every load gives the same feedback (dates follow the day of loading)."""

import datetime
import random
import re
import unicodedata

from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.db import transaction
from django.utils import timezone

from policy_docs.models import DraftPage, DraftSection
from policy_docs.sections import body_plain_text

from .demo_content import (
    BUSY_SECTIONS,
    CAMPAIGN,
    COMMENTS,
    REPLIES,
    RESPONSES,
    SPEAKERS,
    SUBMISSIONS,
)
from .enums import Decision, PublicIdentity, ReviewStatus, Stance
from .models import FeedbackItem, SectionComment, Sector, WrittenSubmission
from .review.feedback import feedback_respond
from .review.publication import draft_publish_responses

# Drafts whose comments the demo drafters answered, and published the answers of.
ANSWERED_DRAFTS = ["draft-1", "draft-2"]

# Per draft: comments that start a thread, replies, and the latest comments left awaiting
# moderation. About one comment in five has a reply.
FEEDBACK_PER_DRAFT = {
    "draft-1": {"comments": 33, "replies": 7, "pending": 0},
    "draft-2": {"comments": 33, "replies": 7, "pending": 0},
    "draft-3": {"comments": 21, "replies": 4, "pending": 3},
}


def _email(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    local = re.sub(r"[^a-z]+", ".", ascii_name.lower().replace("'", "")).strip(".")
    return f"{local}@example.org"


def _speaker_tags(speaker: dict, sectors: dict) -> dict:
    return {
        "gender": speaker["gender"],
        "age_group": speaker.get("age", ""),
        "sector": sectors[speaker["sector"]],
        "country": speaker["country"],
        "organisation": speaker.get("organisation", ""),
        "on_behalf_of_organisation": speaker.get("on_behalf", False),
        "public_identity": (
            PublicIdentity.ANONYMOUS if speaker.get("anonymous") else PublicIdentity.NAMED
        ),
    }


def _flat(text: str) -> str:
    return " ".join(text.split())


class _Loader:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.now = timezone.now()
        self.sectors = {sector.name: sector for sector in Sector.objects.all()}
        self.content_type = ContentType.objects.get_for_model(DraftSection)
        self.site = Site.objects.get_current()

    def _comment(self, section, speaker: dict, text, when, parent=None, **fields):
        return SectionComment.objects.create(
            section=section,
            content_type=self.content_type,
            object_pk=str(section.pk),
            site=self.site,
            user_name=speaker["name"],
            user_email=_email(speaker["name"]),
            comment=text,
            submit_date=when,
            parent_id=parent.pk if parent else 0,
            is_public=True,
            **_speaker_tags(speaker, self.sectors),
            **fields,
        )

    def _pick(self, draft: DraftPage, sections: dict, count: int) -> list[dict]:
        """The draft's comments: all those written for this draft (first in their `drafts`),
        then a weighted sample of the others, busy sections drawing about twice as many."""
        eligible = [
            c
            for c in COMMENTS
            if c["section"] in sections and draft.slug in c.get("drafts", [draft.slug])
        ]
        written_for = [c for c in eligible if c.get("drafts", [None])[0] == draft.slug]
        chosen = written_for[:count]
        pool = [c for c in eligible if c not in written_for]
        while len(chosen) < count and pool:
            weights = [2 if c["section"] in BUSY_SECTIONS else 1 for c in pool]
            chosen.append(pool.pop(self.rng.choices(range(len(pool)), weights)[0]))
        self.rng.shuffle(chosen)
        return chosen

    def _reply_for(self, key: str, parent_by: str, used: set) -> dict:
        fitting = [
            r
            for r in REPLIES
            if r.get("section", key) == key and r["by"] != parent_by and r["text"] not in used
        ]
        specific = [r for r in fitting if "section" in r]
        reply = self.rng.choice(specific if specific and self.rng.random() < 0.7 else fitting)
        used.add(reply["text"])
        return reply

    def draft_feedback(self, draft: DraftPage, plan: dict) -> int:
        sections = {section.key: section for section in draft.sections.all()}
        texts = {key: _flat(body_plain_text(s.body)) for key, s in sections.items()}
        start, end = draft.opens_at, min(draft.closes_at, self.now)
        span = (end - start).total_seconds()
        picked = self._pick(draft, sections, plan["comments"])
        # Created in date order, as they would have arrived.
        dates = sorted(
            start + datetime.timedelta(seconds=self.rng.uniform(0.01, 0.97) * span) for _ in picked
        )
        threads = []
        for item, when in zip(picked, dates, strict=True):
            quote = item.get("quote", "")
            comment = self._comment(
                sections[item["section"]],
                SPEAKERS[item["by"]],
                item["text"],
                when,
                stance=item.get("stance", ""),
                proposed_wording=item.get("proposed", ""),
                quoted_passage=quote if _flat(quote) in texts[item["section"]] else "",
            )
            threads.append((comment, item))
        created = len(threads)

        pending = threads[len(threads) - plan["pending"] :] if plan["pending"] else []
        SectionComment.objects.filter(pk__in=[c.pk for c, _item in pending]).update(is_public=False)
        # Replies go to comments that raise a point, rather than to plain support.
        answerable = [
            (comment, item)
            for comment, item in threads[: len(threads) - len(pending)]
            if item.get("stance") != Stance.SUPPORTS
        ]
        used: set = set()
        for parent, item in sorted(
            self.rng.sample(answerable, plan["replies"]), key=lambda t: t[0].submit_date
        ):
            reply = self._reply_for(item["section"], item["by"], used)
            room = (end - parent.submit_date).total_seconds()
            delay = min(self.rng.uniform(0.1, 0.9) * room, self.rng.uniform(2, 96) * 3600)
            self._comment(
                parent.section,
                SPEAKERS[reply["by"]],
                reply["text"],
                parent.submit_date + datetime.timedelta(seconds=delay),
                parent=parent,
            )
            created += 1
        return created

    def campaign(self, draft: DraftPage) -> int:
        """The circulated letter, sent by each signer over a few days."""
        section = draft.sections.get(key=CAMPAIGN["section"])
        start = draft.opens_at + (min(draft.closes_at, self.now) - draft.opens_at) * 0.4
        for position, signer in enumerate(CAMPAIGN["signers"]):
            text = CAMPAIGN["text"]
            if signer.get("retyped"):  # typed again by hand: case and punctuation differ
                text = text.replace(",", "").replace(" percent", "%").lower()
            if signer.get("sign"):
                text += f"\n\n{signer['sign']}"
            self._comment(section, signer, text, start + datetime.timedelta(hours=7 * position))
        return len(CAMPAIGN["signers"])

    def answer(self, draft: DraftPage, next_draft: DraftPage | None):
        """Answer every comment that starts a thread, then publish the answers."""
        later = {s.key: s for s in next_draft.sections.all()} if next_draft else {}
        items = FeedbackItem.objects.filter(draft=draft, is_reply=False, campaign__isnull=True)
        for item in items.select_related("section").order_by("submitted_at"):
            if item.stance == Stance.SUPPORTS:
                decision, responses = Decision.NOTED, RESPONSES["support"]
            else:
                decision = self.rng.choices(list(Decision.values), weights=[3, 3, 2, 2])[0]
                responses = RESPONSES[decision]
            addressed_in = (
                later.get(item.section.key)
                if item.section_id and decision in Decision.taken_up()
                else None
            )
            feedback_respond(
                item=item,
                user=None,
                status=ReviewStatus.ANSWERED,
                decision=decision,
                response=self.rng.choice(responses),
                themes=[],
                addressed_in=addressed_in,
            )
        draft_publish_responses(draft=draft, user=None)

    def submission(self, draft: DraftPage, item: dict) -> WrittenSubmission:
        start, end = draft.opens_at, min(draft.closes_at, self.now)
        return WrittenSubmission.objects.create(
            draft=draft,
            name=item["name"],
            email=item["email"],
            text=item["text"],
            submit_date=start + (end - start) * self.rng.uniform(0.3, 0.9),
            is_public=item["is_public"],
            **_speaker_tags(SPEAKERS[item["by"]], self.sectors),
        )


@transaction.atomic
def load_demo_feedback(policy) -> dict:
    """Add the demonstration feedback to the demo policy's drafts, unless they already have
    comments or submissions. Returns how many comments (replies included) and written
    submissions were created."""
    drafts = {draft.slug: draft for draft in policy.drafts()}
    created = {"comments": 0, "submissions": 0}
    if (
        SectionComment.objects.filter(section__page__in=drafts.values()).exists()
        or WrittenSubmission.objects.filter(draft__in=drafts.values()).exists()
    ):
        return created
    loader = _Loader(random.Random(2018))  # noqa: S311 - demo data, not security
    for slug, plan in FEEDBACK_PER_DRAFT.items():
        if slug in drafts:
            created["comments"] += loader.draft_feedback(drafts[slug], plan)
    if CAMPAIGN["draft"] in drafts:
        created["comments"] += loader.campaign(drafts[CAMPAIGN["draft"]])
    for item in SUBMISSIONS:
        if item["draft"] in drafts:
            loader.submission(drafts[item["draft"]], item)
            created["submissions"] += 1
    ordered = list(drafts.values())
    for slug in ANSWERED_DRAFTS:
        if slug in drafts:
            draft = drafts[slug]
            following = ordered[ordered.index(draft) + 1 :]
            loader.answer(draft, following[0] if following else None)
    return created
