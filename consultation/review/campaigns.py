"""Campaigns: the same letter sent by many people. Identical texts (once case, punctuation
and spacing are set aside) and near-identical ones (a name added, a word changed) are grouped
under the first of them, so drafters read and answer it once.

Grouping stays within one section (or, for written submissions, one draft): "I agree" on two
sections is two opinions. Replies are never grouped: they answer different comments."""

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

# Near-identical means a similarity (rapidfuzz's normalised Indel ratio, 0 to 100) of at
# least this much. Tuned on circulated letters with a name or a sentence added (95 to 99)
# against different comments on the same section (below 70).
NEAR_DUPLICATE_SCORE = 88
# Shorter texts are grouped only when identical: in a few words, one changed word is a
# different opinion ("should" against "should not").
NEAR_DUPLICATE_MIN_LENGTH = 80

_NOT_WORD = re.compile(r"[\W_]+")


def text_normalise(text: str) -> str:
    """Lower case, accents kept, punctuation and spacing reduced to single spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _NOT_WORD.sub(" ", text).strip()


def text_fingerprint(text: str) -> str:
    return hashlib.sha1(text_normalise(text).encode(), usedforsecurity=False).hexdigest()


@dataclass
class CampaignCandidate:
    """A campaign lead (or an item standing alone) that a new text may join."""

    pk: int
    fingerprint: str
    normalised: str


def campaign_scope(item) -> tuple:
    return ("section", item.section_id) if item.section_id else ("draft", item.draft_id)


def campaign_match(
    *, fingerprint: str, normalised: str, candidates: Iterable[CampaignCandidate]
) -> int | None:
    """The id of the candidate this text repeats, or None."""
    candidates = list(candidates)
    for candidate in candidates:
        if candidate.fingerprint == fingerprint:
            return candidate.pk
    if len(normalised) < NEAR_DUPLICATE_MIN_LENGTH:
        return None
    near = {
        candidate.pk: candidate.normalised
        for candidate in candidates
        if len(candidate.normalised) >= NEAR_DUPLICATE_MIN_LENGTH
    }
    best = process.extractOne(
        normalised, near, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE_SCORE
    )
    return best[2] if best else None
