"""Campaigns: the same letter sent by many people. Identical texts (once case, punctuation
and spacing are set aside) and near-identical ones (a name added, a word changed) are grouped
under the first of them, so drafters read and answer it once.

Grouping stays within one section (or, for written submissions, one draft): "I agree" on two
sections is two opinions. Replies are never grouped: they answer different comments."""

import hashlib
import math
import re
import unicodedata
from collections.abc import Mapping

from rapidfuzz import fuzz, process, utils

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


def campaign_scope(item) -> tuple:
    return ("section", item.section_id) if item.section_id else ("draft", item.draft_id)


# Two texts of lengths a <= b have a similarity of at most 200 * a / (a + b): at least
# NEAR_DUPLICATE_SCORE only when a / b >= score / (200 - score). A little looser, since the
# lengths compared are those of the texts as written.
_LENGTH_RATIO = NEAR_DUPLICATE_SCORE / (200 - NEAR_DUPLICATE_SCORE) - 0.01


def near_duplicate_lengths(text: str) -> tuple[int, int] | None:
    """The lengths (as written) that a near-identical text of ``text`` may have, or None when
    ``text`` is too short to be grouped unless identical."""
    if len(text_normalise(text)) < NEAR_DUPLICATE_MIN_LENGTH:
        return None
    return (
        max(NEAR_DUPLICATE_MIN_LENGTH, math.floor(len(text) * _LENGTH_RATIO)),
        math.ceil(len(text) / _LENGTH_RATIO),
    )


def near_duplicate_of(text: str, candidates: Mapping[int, str]) -> int | None:
    """The key of the candidate text that ``text`` nearly repeats, or None. rapidfuzz
    prepares each text in C (lower case, punctuation to spaces), which is what makes tens of
    thousands of candidates affordable."""
    best = process.extractOne(
        text,
        candidates,
        scorer=fuzz.ratio,
        processor=utils.default_process,
        score_cutoff=NEAR_DUPLICATE_SCORE,
    )
    return best[2] if best else None
