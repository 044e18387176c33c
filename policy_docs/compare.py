"""Section-by-section comparison of two drafts of one policy, matched by section key."""

import difflib
import re
from dataclasses import dataclass, field
from http import HTTPStatus

from django.db.models import Q
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from . import visibility
from .enums import SectionChange
from .ids import id_from
from .sections import body_plain_text


@dataclass
class SectionComparison:
    key: str
    old: object | None  # a DraftSection of the older draft, or None when added
    new: object | None  # a DraftSection of the newer draft, or None when removed
    changes: set[SectionChange] = field(default_factory=set)
    body_diff: SafeString | None = None

    @property
    def section(self):
        return self.new or self.old

    @property
    def anchor(self) -> str:
        return f"section-{self.key}"

    @property
    def is_unchanged(self) -> bool:
        return not self.changes

    @property
    def renumbered(self) -> bool:
        return bool(self.old and self.new and self.old.number != self.new.number)

    def change_labels(self) -> list[str]:
        return [str(change.label) for change in SectionChange if change in self.changes]


# A word or a punctuation mark with the spaces after it, so that edits read as whole words.
_TOKEN = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")
_WORD = re.compile(r"\w+")


def _word_diff(old_words: list[str], new_words: list[str]) -> SafeString:
    """One edited paragraph, word by word, with runs of inserted or deleted tokens merged."""
    parts = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(format_html("{}", "".join(new_words[j1:j2])))
            continue
        if i2 > i1:
            parts.append(format_html("<del>{}</del>", "".join(old_words[i1:i2])))
        if j2 > j1:
            parts.append(format_html("<ins>{}</ins>", "".join(new_words[j1:j2])))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped by format_html


def _diff_lines(old_lines: list[str], new_lines: list[str]):
    """Yield the HTML of each line: paragraphs are aligned first, so that a paragraph that
    was added, removed or rewritten shows whole, and words are compared only within a
    paragraph that was edited (one that keeps at least half of its words)."""
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            yield from (format_html("{}", line) for line in new_lines[j1:j2])
            continue
        old_part, new_part = old_lines[i1:i2], new_lines[j1:j2]
        while old_part and new_part:
            old_words, new_words = _TOKEN.findall(old_part[0]), _TOKEN.findall(new_part[0])
            kept = difflib.SequenceMatcher(
                None, _WORD.findall(old_part[0]), _WORD.findall(new_part[0]), autojunk=False
            ).ratio()
            if kept < 0.5:
                break
            yield _word_diff(old_words, new_words)
            old_part, new_part = old_part[1:], new_part[1:]
        yield from (format_html("<del>{}</del>", line) for line in old_part)
        yield from (format_html("<ins>{}</ins>", line) for line in new_part)


def marked_up_diff(old_text: str, new_text: str) -> SafeString:
    """Word-level differences as HTML paragraphs: insertions in <ins>, deletions in <del>."""
    lines = _diff_lines(old_text.splitlines(), new_text.splitlines())
    return format_html_join("", "<p>{}</p>", ((line,) for line in lines))


def compare_sections(old_sections: list, new_sections: list) -> list[SectionComparison]:
    """Match two ordered lists of sections by key and say how each one changed. The result
    follows the newer order; a removed section stands after the section it followed before."""
    old_by_key = {s.key: s for s in old_sections}
    new_by_key = {s.key: s for s in new_sections}
    old_order = [s.key for s in old_sections if s.key in new_by_key]
    new_order = [s.key for s in new_sections if s.key in old_by_key]
    # Sections outside the longest common subsequence of keys are the ones that moved.
    matcher = difflib.SequenceMatcher(None, old_order, new_order, autojunk=False)
    kept_in_place = {
        key for a, b, size in matcher.get_matching_blocks() for key in new_order[b : b + size]
    }

    comparisons: dict[str, SectionComparison] = {}
    for new in new_sections:
        old = old_by_key.get(new.key)
        item = SectionComparison(key=new.key, old=old, new=new)
        if old is None:
            item.changes.add(SectionChange.ADDED)
        else:
            if new.key not in kept_in_place:
                item.changes.add(SectionChange.MOVED)
            if old.heading.strip() != new.heading.strip():
                item.changes.add(SectionChange.RENAMED)
            old_text, new_text = body_plain_text(old.body), body_plain_text(new.body)
            if old_text != new_text:
                item.changes.add(SectionChange.CHANGED)
                item.body_diff = marked_up_diff(old_text, new_text)
        comparisons[new.key] = item

    result = list(comparisons.values())
    previous_key = None
    for old in old_sections:
        if old.key in new_by_key:
            if old.key in kept_in_place:  # a moved section is no landmark for the old order
                previous_key = old.key
            continue
        removed = SectionComparison(key=old.key, old=old, new=None, changes={SectionChange.REMOVED})
        position = 0
        if previous_key is not None:
            position = next(i for i, c in enumerate(result) if c.key == previous_key) + 1
        result.insert(position, removed)
        previous_key = old.key
    return result


def summarise(comparisons: list[SectionComparison]) -> list[tuple[str, int]]:
    """How many sections changed in each way, for the top of the compare page."""
    counts = [
        (str(change.label), sum(change in c.changes for c in comparisons))
        for change in SectionChange
    ]
    counts.append((_("Unchanged"), sum(c.is_unchanged for c in comparisons)))
    return counts


@dataclass
class CompareResult:
    status: int
    context: dict
    # The answer for a draft of this policy that the visitor may not see (visibility.py).
    refusal: object = None


def _find_draft(policy, drafts: list, value: str, request=None):
    """The draft of `policy` named by its slug or page id among `drafts` (those the visitor
    may see), or an error message and status. A draft of another policy is named only if the
    visitor may see it: otherwise it is "no published draft", like one that does not exist."""
    for draft in drafts:
        if value in (draft.slug, str(draft.pk)):
            return draft, None, None
    from .models import DraftPage  # models import this module

    pk = id_from(value)
    elsewhere = DraftPage.objects.live().filter(pk=pk).first() if pk is not None else None
    if elsewhere is not None and request is not None:
        if not visibility.draft_visible_to(elsewhere, request):
            elsewhere = None
    if elsewhere is not None:
        message = _(
            "“%(draft)s” belongs to another policy (%(other)s). Only drafts of %(policy)s "
            "can be compared here."
        ) % {
            "draft": elsewhere.title,
            "other": elsewhere.get_parent().title,
            "policy": policy.title,
        }
        return None, message, HTTPStatus.BAD_REQUEST
    message = _("There is no published draft “%(value)s” in %(policy)s.") % {
        "value": value,
        "policy": policy.title,
    }
    return None, message, HTTPStatus.NOT_FOUND


def _refused_draft_of(policy, value: str, request):
    """A published draft of `policy` named by `value` that `request` may not see."""
    from .models import DraftPage  # models import this module

    pk = id_from(value)
    named = Q(slug=value) | Q(pk=pk) if pk is not None else Q(slug=value)
    draft = DraftPage.objects.child_of(policy).live().filter(named).first()
    if draft is not None and not visibility.draft_visible_to(draft, request):
        return draft
    return None


def compare_request(policy, params, request=None) -> CompareResult:
    """Everything the compare page shows, from its query string (?from=...&to=...). Without
    one it compares the latest draft with the one before it. With a request, only the drafts
    it may see are offered and compared; naming one of this policy's drafts that it may not
    see gets Wagtail's answer for that draft (its password form or the sign-in page)."""
    drafts = list(policy.drafts(request))
    context = {"drafts": drafts, "old": None, "new": None, "comparisons": [], "errors": []}
    old_value, new_value = params.get("from", "").strip(), params.get("to", "").strip()
    if not old_value and not new_value:
        if len(drafts) < 2:
            context["errors"].append(_("This policy has only one published draft so far."))
            return CompareResult(HTTPStatus.OK, context)
        old_value, new_value = drafts[-2].slug, drafts[-1].slug
    elif not old_value:
        # "What changed in this draft": compare with the draft before it.
        position = next((i for i, d in enumerate(drafts) if new_value in (d.slug, str(d.pk))), 0)
        old_value = drafts[position - 1].slug if position > 0 else ""

    status = HTTPStatus.OK
    found = {}
    for name, value in (("old", old_value), ("new", new_value)):
        if not value:
            context["errors"].append(_("Choose two drafts to compare."))
            status = HTTPStatus.BAD_REQUEST
            continue
        if request is not None and (refused := _refused_draft_of(policy, value, request)):
            return CompareResult(status, context, refusal=visibility.refusal(refused, request))
        draft, message, error_status = _find_draft(policy, drafts, value, request)
        if draft is None:
            context["errors"].append(message)
            status = max(status, error_status)
        found[name] = draft
    old, new = found.get("old"), found.get("new")
    context.update(old=old, new=new)
    if old and new and old.pk == new.pk:
        context["errors"].append(_("Choose two different drafts."))
        status = HTTPStatus.BAD_REQUEST
    if context["errors"]:
        return CompareResult(status, context)

    comparisons = compare_sections(list(old.sections.all()), list(new.sections.all()))
    context.update(comparisons=comparisons, summary=summarise(comparisons))
    return CompareResult(HTTPStatus.OK, context)
