"""Plain functions on a draft's ordered sections: stable keys, numbering, structure checks
and the plain text used to compare drafts. They work on any iterable of section objects
(database rows or the unsaved ones of an admin preview)."""

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .enums import SectionLevel

KEY_MAX_LENGTH = 80
_LIST_ITEM = re.compile(r"<li(\s[^>]*)?>", re.IGNORECASE)
_BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote)>|<br\s*/?>", re.IGNORECASE)


def new_section_key(heading: str, taken: set[str]) -> str:
    """A key made from the heading, unique among `taken`. It is made once, when the section
    is created, and never follows later changes of the heading."""
    base = slugify(heading)[: KEY_MAX_LENGTH - 4].strip("-") or "section"
    key, suffix = base, 2
    while key in taken:
        key, suffix = f"{base}-{suffix}", suffix + 1
    return key


def assign_missing_keys(sections: Sequence) -> None:
    taken = {section.key for section in sections if section.key}
    for section in sections:
        if not section.key:
            section.key = new_section_key(section.heading, taken)
            taken.add(section.key)


def section_numbers(levels: Iterable[int]) -> list[str]:
    """Outline numbers ("1", "1.2", "1.2.3") for a sequence of section levels."""
    counters: list[int] = []
    numbers = []
    for level in levels:
        del counters[level:]
        counters.extend([0] * (level - len(counters)))
        counters[level - 1] += 1
        numbers.append(".".join(str(c) for c in counters))
    return numbers


def assign_numbers(sections: Sequence) -> None:
    for section, number in zip(sections, section_numbers(s.level for s in sections), strict=True):
        section.number = number


def structure_errors(sections: Sequence) -> list[str]:
    """What is wrong with the order of levels or the keys of a draft's sections, in words a
    drafter understands. Empty when the draft is well formed."""
    errors = []
    previous_level = 0
    for position, section in enumerate(sections, start=1):
        if section.level > previous_level + 1:
            if previous_level == 0:
                errors.append(
                    _("The first section (“%(heading)s”) must be a chapter.")
                    % {"heading": section.heading}
                )
            else:
                errors.append(
                    _(
                        "Section %(position)d (“%(heading)s”) is a %(level)s but does not "
                        "follow a %(parent)s."
                    )
                    % {
                        "position": position,
                        "heading": section.heading,
                        "level": SectionLevel(section.level).label.lower(),
                        "parent": SectionLevel(section.level - 1).label.lower(),
                    }
                )
        previous_level = section.level
    duplicates = [k for k, n in Counter(s.key for s in sections if s.key).items() if n > 1]
    for key in sorted(duplicates):
        headings = ", ".join(f"“{s.heading}”" for s in sections if s.key == key)
        errors.append(
            _("Two or more sections have the key “%(key)s” (%(headings)s): keys must be unique.")
            % {"key": key, "headings": headings}
        )
    return errors


def body_plain_text(body) -> str:
    """The text of a section body (a StreamField value), one paragraph, list item or table row
    a line; what the compare page diffs."""
    lines: list[str] = []
    for block in body:
        if block.block_type == "table":
            value = block.value or {}
            if value.get("table_caption"):
                lines.append(value["table_caption"])
            for row in value.get("data") or []:
                lines.append(" | ".join((cell or "").strip() for cell in row))
        else:
            html = str(getattr(block.value, "source", block.value))
            html = _LIST_ITEM.sub("\n• ", _BLOCK_END.sub("\n", html))
            lines.extend(line.strip() for line in strip_tags(html).splitlines())
    return "\n".join(line for line in lines if line)
