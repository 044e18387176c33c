"""What an import found and did, for the drafter: counts gathered while converting, and the
report that turns them into sentences."""

from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..enums import SectionLevel
from ..models import DraftPage


@dataclass
class DocumentFindings:
    """What the document held besides its sections' text, counted while converting it."""

    title: str = ""
    table_of_contents: bool = False
    images: int = 0
    drawings: int = 0  # charts, SmartArt diagrams, drawing canvases and shape groups
    equations: int = 0
    comments: int = 0
    text_boxes: list[str] = field(default_factory=list)  # the start of each one's text
    introduction_tables: int = 0
    unsafe_links: list[str] = field(default_factory=list)
    internal_links: int = 0
    insertions: int = 0
    deletions: int = 0
    numbers_removed: int = 0
    promoted_from: int = 0  # the top heading level when the document has no Heading 1
    adjusted_levels: list[tuple[str, int]] = field(default_factory=list)
    deep_headings: int = 0
    empty_headings: int = 0
    shortened_headings: int = 0
    notes: int = 0

    @classmethod
    def from_data(cls, data: dict) -> "DocumentFindings":
        """Findings from their JSON data (dataclasses.asdict), where tuples became lists."""
        adjusted = [(heading, level) for heading, level in data.get("adjusted_levels", [])]
        return cls(**{**data, "adjusted_levels": adjusted})


@dataclass
class ImportedSection:
    number: str
    level: int
    heading: str
    key: str
    key_kept: bool
    paragraphs: int
    lists: int
    tables: int
    links: int

    @property
    def level_label(self) -> str:
        return SectionLevel(self.level).label


@dataclass
class ImportReport:
    """What `draft_import_docx` made of a document: the sections of the new draft, and what was
    left out or adjusted, in sentences a drafter understands."""

    draft: DraftPage
    previous_draft: DraftPage | None  # the latest draft, whose keys were matched
    sections: list[ImportedSection]
    introduction_paragraphs: int
    findings: DocumentFindings
    unmatched_previous: list[str]  # headings of the previous draft that no section matched

    def as_data(self) -> dict:
        """The report as JSON data, kept with the import that made it (the drafts by id)."""
        return {
            "draft": self.draft.pk,
            "previous_draft": self.previous_draft.pk if self.previous_draft else None,
            "previous_title": self.previous_draft.title if self.previous_draft else "",
            "sections": [asdict(section) for section in self.sections],
            "introduction_paragraphs": self.introduction_paragraphs,
            "findings": asdict(self.findings),
            "unmatched_previous": self.unmatched_previous,
        }

    @classmethod
    def from_data(cls, data: dict) -> "ImportReport | None":
        """The report kept by `as_data`, or None once its draft has been deleted."""
        drafts = DraftPage.objects.in_bulk([data["draft"], data["previous_draft"]])
        if data["draft"] not in drafts:
            return None
        previous = None
        if data["previous_draft"] is not None:
            # Its title is all the report shows, and stays right once the draft is deleted.
            previous = drafts.get(data["previous_draft"]) or DraftPage(title=data["previous_title"])
        return cls(
            draft=drafts[data["draft"]],
            previous_draft=previous,
            sections=[ImportedSection(**section) for section in data["sections"]],
            introduction_paragraphs=data["introduction_paragraphs"],
            findings=DocumentFindings.from_data(data["findings"]),
            unmatched_previous=data["unmatched_previous"],
        )

    @property
    def kept_keys(self) -> int:
        return sum(1 for section in self.sections if section.key_kept)

    @property
    def summary(self) -> str:
        text = ngettext(
            "“%(draft)s” was imported with %(count)d section.",
            "“%(draft)s” was imported with %(count)d sections.",
            len(self.sections),
        ) % {"draft": self.draft.title, "count": len(self.sections)}
        if self.previous_draft:
            text += " " + ngettext(
                "%(kept)d section kept its key from “%(previous)s”.",
                "%(kept)d sections kept their keys from “%(previous)s”.",
                self.kept_keys,
            ) % {"kept": self.kept_keys, "previous": self.previous_draft.title}
        return text + " " + _("It stays unpublished, in preparation, until you publish it.")

    @property
    def left_out(self) -> list[str]:
        """What the draft does not hold, one line each."""
        found = self.findings
        counted = [
            (found.images, ngettext("%(count)d picture", "%(count)d pictures", found.images)),
            (
                found.drawings,
                ngettext(
                    "%(count)d chart, diagram or drawing",
                    "%(count)d charts, diagrams or drawings",
                    found.drawings,
                ),
            ),
            (
                found.equations,
                ngettext("%(count)d equation", "%(count)d equations", found.equations),
            ),
            (
                found.comments,
                ngettext("%(count)d Word comment", "%(count)d Word comments", found.comments),
            ),
            (
                found.introduction_tables,
                ngettext(
                    "%(count)d table before the first heading (the introduction holds text only)",
                    "%(count)d tables before the first heading (the introduction holds text only)",
                    found.introduction_tables,
                ),
            ),
            (
                found.internal_links,
                ngettext(
                    "%(count)d link to a place inside the Word document (its text is kept)",
                    "%(count)d links to places inside the Word document (their text is kept)",
                    found.internal_links,
                ),
            ),
        ]
        lines = []
        if found.title:
            lines.append(
                _("The document title “%(title)s” (the policy keeps its own title)")
                % {"title": found.title}
            )
        if found.table_of_contents:
            lines.append(_("The table of contents (the platform makes its own)"))
        lines += [text % {"count": count} for count, text in counted if count]
        if found.text_boxes:
            lines.append(
                ngettext(
                    "%(count)d text box, whose text was not imported: %(texts)s",
                    "%(count)d text boxes, whose text was not imported: %(texts)s",
                    len(found.text_boxes),
                )
                % {
                    "count": len(found.text_boxes),
                    "texts": "; ".join(f"“{text}”" for text in found.text_boxes),
                }
            )
        if found.unsafe_links:
            lines.append(
                _("Links that are not web or e-mail addresses (their text is kept): %(links)s")
                % {"links": ", ".join(found.unsafe_links)}
            )
        return lines

    @property
    def adjustments(self) -> list[str]:
        """How the document was read where Word and the platform differ, one line each."""
        found = self.findings
        lines = []
        if found.insertions or found.deletions:
            lines.append(
                _(
                    "Tracked changes were taken as accepted: %(insertions)s kept, "
                    "%(deletions)s dropped."
                )
                % {
                    "insertions": ngettext(
                        "%(count)d insertion", "%(count)d insertions", found.insertions
                    )
                    % {"count": found.insertions},
                    "deletions": ngettext(
                        "%(count)d deletion", "%(count)d deletions", found.deletions
                    )
                    % {"count": found.deletions},
                }
            )
        if found.numbers_removed:
            lines.append(
                ngettext(
                    "The number typed before %(count)d heading was removed: the platform numbers "
                    "sections itself.",
                    "The numbers typed before %(count)d headings were removed: the platform "
                    "numbers sections itself.",
                    found.numbers_removed,
                )
                % {"count": found.numbers_removed}
            )
        if found.promoted_from:
            lines.append(
                _("The document has no Heading 1: its Heading %(level)d headings became chapters.")
                % {"level": found.promoted_from}
            )
        lines += [
            _("“%(heading)s” became a %(level)s: a section cannot skip a level.")
            % {"heading": heading, "level": SectionLevel(level).label.lower()}
            for heading, level in found.adjusted_levels
        ]
        counted = [
            (
                found.deep_headings,
                ngettext(
                    "%(count)d heading below Heading 3 was kept in the text as a bold paragraph.",
                    "%(count)d headings below Heading 3 were kept in the text as bold paragraphs.",
                    found.deep_headings,
                ),
            ),
            (
                found.empty_headings,
                ngettext(
                    "%(count)d empty heading was ignored.",
                    "%(count)d empty headings were ignored.",
                    found.empty_headings,
                ),
            ),
            (
                found.shortened_headings,
                ngettext(
                    "%(count)d heading over 255 characters was shortened.",
                    "%(count)d headings over 255 characters were shortened.",
                    found.shortened_headings,
                ),
            ),
            (
                found.notes,
                ngettext(
                    "%(count)d footnote or endnote was put at the end of the section citing it.",
                    "%(count)d footnotes or endnotes were put at the end of the sections citing "
                    "them.",
                    found.notes,
                ),
            ),
        ]
        lines += [text % {"count": count} for count, text in counted if count]
        if self.unmatched_previous:
            lines.append(
                _(
                    "No heading matched these sections of “%(previous)s”, so their comments are "
                    "not carried to the new draft: %(headings)s."
                )
                % {
                    "previous": self.previous_draft.title,
                    "headings": ", ".join(f"“{h}”" for h in self.unmatched_previous),
                }
            )
        return lines

    def as_text(self) -> str:
        """The report as lines of plain text, for the command line."""
        lines = [self.summary]
        if self.introduction_paragraphs:
            lines.append(
                ngettext(
                    "Introduction: %(count)d paragraph.",
                    "Introduction: %(count)d paragraphs.",
                    self.introduction_paragraphs,
                )
                % {"count": self.introduction_paragraphs}
            )
        for section in self.sections:
            key = _("key kept") if section.key_kept else _("new key")
            counts = _("paragraphs: %(p)d, lists: %(l)d, tables: %(t)d, links: %(a)d") % {
                "p": section.paragraphs,
                "l": section.lists,
                "t": section.tables,
                "a": section.links,
            }
            lines.append(
                f"{'  ' * section.level}{section.number} {section.heading} "
                f"[{section.level_label.lower()}; {key} “{section.key}”; {counts}]"
            )
        if left_out := self.left_out:
            lines.append(_("Left out:"))
            lines += [f"  - {line}" for line in left_out]
        if adjustments := self.adjustments:
            lines.append(_("Good to know:"))
            lines += [f"  - {line}" for line in adjustments]
        return "\n".join(lines)
