"""Demonstration feedback on the demo policy (`manage.py seed_demo`): comments, replies and
written submissions with a realistic spread of tags. Deterministic: the same every time."""

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.db import transaction
from django.utils import timezone

from policy_docs.models import DraftSection

from .demo_content import COMMENTS, REPLIES, SPEAKERS, SUBMISSIONS
from .enums import PublicIdentity, Stance
from .models import SectionComment, Sector, WrittenSubmission

COMMENTS_PER_DRAFT = {"draft-1": 40, "draft-2": 40, "draft-3": 25}


def _submit_date(draft, rng):
    closes = min(draft.closes_at, timezone.now())
    span = (closes - draft.opens_at).total_seconds()
    return draft.opens_at + datetime.timedelta(seconds=rng.uniform(0, span * 0.95))


def _comment(section, speaker, text, when, rng, sectors, parent=None, **extra):
    name, gender, sector, country, organisation, on_behalf, anonymous = speaker
    return SectionComment.objects.create(
        section=section,
        content_type=ContentType.objects.get_for_model(DraftSection),
        object_pk=str(section.pk),
        site=Site.objects.get_current(),
        user_name=name,
        user_email=f"{name.lower().replace(' ', '').replace('.', '')}@example.org",
        comment=text,
        submit_date=when,
        parent_id=parent.pk if parent else 0,
        gender=gender,
        sector=sectors[sector],
        country=country,
        organisation=organisation,
        on_behalf_of_organisation=on_behalf,
        public_identity=PublicIdentity.ANONYMOUS if anonymous else PublicIdentity.NAMED,
        is_public=True,
        **extra,
    )


@transaction.atomic
def load_demo_feedback(policy) -> dict:
    """Add the demo's comments and submissions once; returns how many were created."""
    drafts = {d.slug: d for d in policy.drafts()}
    if SectionComment.objects.filter(section__page__in=drafts.values()).exists():
        return {}
    rng = random.Random(2018)  # noqa: S311 - demo data, not security
    sectors = {s.name: s for s in Sector.objects.all()}
    created = {"comments": 0, "submissions": 0}
    for slug, count in COMMENTS_PER_DRAFT.items():
        draft = drafts.get(slug)
        if draft is None:
            continue
        sections = {s.key: s for s in draft.sections.all() if s.key in COMMENTS}
        keys = sorted(sections)
        for n in range(count):
            key = keys[n % len(keys)] if n < len(keys) else rng.choice(keys)
            text = rng.choice(COMMENTS[key])
            stance = rng.choice(["", "", Stance.SUPPORTS, Stance.OPPOSES, Stance.SUGGESTS_CHANGE])
            comment = _comment(
                sections[key],
                rng.choice(SPEAKERS),
                text,
                _submit_date(draft, rng),
                rng,
                sectors,
                stance=stance,
            )
            created["comments"] += 1
            if n % 5 == 0:
                _comment(
                    sections[key],
                    rng.choice(SPEAKERS),
                    rng.choice(REPLIES),
                    min(comment.submit_date + datetime.timedelta(days=1), timezone.now()),
                    rng,
                    sectors,
                    parent=comment,
                )
                created["comments"] += 1
        if slug == "draft-3":  # a few still waiting for a moderator
            latest = SectionComment.objects.filter(section__page=draft).order_by("-submit_date")
            SectionComment.objects.filter(
                pk__in=list(latest.values_list("pk", flat=True)[:3])
            ).update(is_public=False)
    for slug, name, sector, country, gender, text, published in SUBMISSIONS:
        if slug in drafts:
            WrittenSubmission.objects.create(
                draft=drafts[slug],
                name=name,
                email=f"letters@{name.lower().replace(' ', '-')}.example.org",
                text=text,
                gender=gender,
                sector=sectors[sector],
                country=country,
                organisation=name,
                on_behalf_of_organisation=True,
                submit_date=_submit_date(drafts[slug], rng),
                is_public=published,
            )
            created["submissions"] += 1
    return created
