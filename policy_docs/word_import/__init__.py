"""Importing a Word document (.docx) as a new draft of a policy.

`checks` refuses, before anything is parsed, what is not a plain readable .docx, and `limits`
what holds more than an import may take (table cells, paragraphs, text, nesting; counted
while streaming the XML, before anything is expanded). `sandbox` runs all of the reading in a
child process with a memory and CPU-time cap. `package`
takes out of the document's XML what mammoth would treat unevenly (text boxes, the table of
contents) and counts what it would leave out silently. `convert` has mammoth turn the document
into clean HTML with a style map and splits it at its headings into the draft's chapters,
sections and sub-sections. `report` says what was imported, left out or adjusted.
`background` runs the admin's imports in the task worker (`db_worker --backend background`).

How mammoth 1.13 handles the tricky parts of a Word document, as measured:
- Heading styles with Word's automatic numbering come out as headings without the number;
  numbers typed into a heading's text ("2.1 Purpose") are removed in `convert`.
- Tracked changes: inserted text is kept and deleted text dropped, that is, changes are taken
  as accepted (a deleted paragraph mark joins the two paragraphs).
- Comments are left out; footnotes and endnotes are listed at the end of the document, and
  `convert` moves each to the end of the section that cites it.
- Text boxes: the text of VML boxes (and of DrawingML boxes with a VML fallback) comes out as
  a paragraph after the anchoring one, DrawingML boxes without a fallback are dropped: all are
  left out here alike, and the report quotes the start of each.
- Pictures go through `convert_image`, which drops and counts them; charts, SmartArt and
  equations are dropped silently, so `package` counts them.
- Headers and footers are never read; a "Title" paragraph is an ordinary paragraph unless the
  style map marks it (ours does, to set it aside).
"""

from collections.abc import Callable

from django.db import transaction
from wagtail.models import Page

from .. import sections as section_rules
from ..drafts import free_draft_slug, next_draft_label, refuse_while_pending
from ..enums import DraftStatus
from ..models import DraftPage, DraftSection, PolicyPage
from .checks import read_upload
from .convert import ParsedSection, heading_identity, parse_docx
from .errors import WordImportError
from .limits import ImportLimits
from .report import ImportedSection, ImportReport
from .sandbox import parse_docx_capped

__all__ = [
    "ImportLimits",
    "ImportReport",
    "WordImportError",
    "draft_import_docx",
    "parse_docx",
    "parse_docx_capped",
]


def _section_keys(
    parsed: list[ParsedSection], latest: DraftPage | None, taken: set[str]
) -> tuple[list[tuple[str, bool]], list[str]]:
    """For each parsed section, the key of the latest draft's section with the same heading
    (each key used once, in order) or else a new key, with whether it was kept; and the
    headings of the latest draft that nothing matched. New keys avoid every key the policy's
    drafts have used, so that no comment is ever taken for one on a different section."""
    available: dict[str, list[str]] = {}
    old_headings = {}
    if latest is not None:
        for old in latest.sections.order_by("sort_order"):
            available.setdefault(heading_identity(old.heading), []).append(old.key)
            old_headings[old.key] = old.heading
    matched = [
        candidates.pop(0) if (candidates := available.get(heading_identity(s.heading))) else ""
        for s in parsed
    ]
    taken = taken | set(matched)
    keys = []
    for section, key in zip(parsed, matched, strict=True):
        if key:
            keys.append((key, True))
        else:
            key = section_rules.new_section_key(section.heading, taken)
            taken.add(key)
            keys.append((key, False))
    unmatched = [old_headings[key] for left in available.values() for key in left]
    return keys, unmatched


def draft_import_docx(
    *,
    policy: PolicyPage,
    file,
    user=None,
    label: str | None = None,
    limits: ImportLimits | None = None,
    on_saving: Callable[[], None] | None = None,
) -> ImportReport:
    """Make a new unpublished draft of `policy`, in preparation and saved as a revision, from a
    Word document: its headings become the sections, and a section whose heading matches one
    of the latest draft keeps that section's key, so that comments can be followed across
    drafts. The document is read in a capped child process (`limits`, by default the
    settings'); `on_saving` is called once it has been read. Refused (ValidationError) while
    an unpublished draft is pending; a file that cannot be imported raises WordImportError.
    Either way nothing is saved."""
    data = read_upload(file)
    refuse_while_pending(list(DraftPage.objects.child_of(policy)))  # before the long part
    parsed = parse_docx_capped(data, limits)
    if on_saving:
        on_saving()
    with transaction.atomic():
        # One new draft at a time: a second import or "Start next draft" of this policy waits.
        Page.objects.select_for_update().get(pk=policy.pk)
        children = list(DraftPage.objects.child_of(policy).order_by("path"))
        refuse_while_pending(children)
        latest = children[-1] if children else None
        used = set(DraftSection.objects.filter(page__in=children).values_list("key", flat=True))
        keys, unmatched = _section_keys(parsed.sections, latest, used)
        label = (label or "").strip() or next_draft_label([d.title for d in children])
        draft = DraftPage(
            title=label,
            slug=free_draft_slug(policy, label),
            status=DraftStatus.PREPARATION,
            introduction=parsed.introduction,
            owner=user,
            live=False,
        )
        draft.sections = [
            DraftSection(key=key, heading=s.heading, level=s.level, body=s.body)
            for s, (key, _kept) in zip(parsed.sections, keys, strict=True)
        ]
        policy.add_child(instance=draft)
        draft.save_revision(user=user, log_action=True, clean=False)
    numbers = section_rules.section_numbers(s.level for s in parsed.sections)
    return ImportReport(
        draft=draft,
        previous_draft=latest,
        sections=[
            ImportedSection(
                number=number,
                level=s.level,
                heading=s.heading,
                key=key,
                key_kept=kept,
                paragraphs=s.paragraphs,
                lists=s.lists,
                tables=s.tables,
                links=s.links,
            )
            for s, (key, kept), number in zip(parsed.sections, keys, numbers, strict=True)
        ],
        introduction_paragraphs=parsed.introduction_paragraphs,
        findings=parsed.findings,
        unmatched_previous=unmatched,
    )
