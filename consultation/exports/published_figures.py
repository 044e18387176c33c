"""The figures and charts of the public Word export: those of "What we heard" as published
(the same kept figures, the same hidden groups), so that the export gives a reader nothing to
subtract that the page does not already show."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from policy_docs.translations import source_draft

from ..enums import Decision
from ..what_we_heard import SMALL_CELL, PublishedSummary, published_figures
from .charts import bar_chart_png


def explanation(summary: PublishedSummary) -> str:
    """The same words as the page: what is hidden, why, and how often the figures move."""
    return " ".join(
        [
            _("These are the figures published on “What we heard” on %(date)s.")
            % {"date": date_format(timezone.localtime(summary.as_of), "DATETIME_FORMAT")},
            _(
                "A group of fewer than %(count)d people is not shown, and neither is at least one "
                "other group of the same table, so that no hidden figure can be worked out by "
                "subtracting the others from a total."
            )
            % {"count": SMALL_CELL},
            _(
                "The figures are updated at most once an hour, and only once at least "
                "%(count)d more people have taken part, so that they cannot be matched to the "
                "newest comments."
            )
            % {"count": SMALL_CELL},
        ]
    )


def _shown(value) -> str:
    return _("not shown") if value is None else str(value)


def _table(body, title: str, headings: list[str], rows: list[list[str]] | None, width: int):
    body.heading(title, level=2)
    if rows is None:
        body.paragraph(_("Not shown: too few people to break down without singling someone out."))
        return
    body.table([headings, *rows], [width // len(headings)] * len(headings), header=False)


def _one_way(rows, *, people_only: bool = False):
    if rows is None:
        return None
    if people_only:
        return [[row.label, _shown(row.people)] for row in rows]
    return [[row.label, _shown(row.people), _shown(row.comments)] for row in rows]


def public_chart_series(summary: PublishedSummary) -> dict[str, list[tuple[str, int]]]:
    """What the public charts draw: only figures the tables show, never a hidden one."""
    return {
        "sections": [
            (row.label, row.comments) for row in summary.by_section or [] if not row.suppressed
        ],
        "genders": [
            (row.label, row.people) for row in summary.by_gender or [] if not row.suppressed
        ],
    }


def add_published_figures(body, draft, *, width: int) -> None:
    """The summary tables and charts of the public export of `draft`, written to `body` (a
    docx_body.Body) with tables `width` wide (twips)."""
    summary = published_figures(source_draft(draft))
    body.paragraph(explanation(summary))
    people = (
        _("fewer than %(count)d") % {"count": SMALL_CELL}
        if summary.people is None
        else str(summary.people)
    )
    body.paragraph(
        _(
            "Published comments: %(comments)d. People and organisations who commented: "
            "%(people)s. Written submissions: %(submissions)d."
        )
        % {"comments": summary.comments, "people": people, "submissions": summary.submissions}
    )
    both = [_("People"), _("Comments")]
    for title, headings, rows in (
        (_("By sector"), [_("Sector"), *both], _one_way(summary.by_sector)),
        (_("By gender"), [_("Gender"), _("People")], _one_way(summary.by_gender, people_only=True)),
        (_("By country of residence"), [_("Country"), *both], _one_way(summary.by_country)),
        (_("By section"), [_("Section"), *both], _one_way(summary.by_section)),
    ):
        _table(body, title, headings, rows, width)
    if summary.decisions_published:
        headings = [str(label) for label in Decision.labels]
        for title, heading, rows in (
            (_("Decisions by sector"), _("Sector"), summary.decisions_by_sector),
            (_("Decisions by gender"), _("Gender"), summary.decisions_by_gender),
        ):
            table = None
            if rows is not None:
                table = [[row.label, *map(_shown, row.counts)] for row in rows]
            _table(body, title, [heading, *headings], table, width)

    body.heading(_("Charts"), level=2)
    series = public_chart_series(summary)
    hidden = _("Groups not shown in the tables are left out.")
    if series["sections"]:
        body.chart(
            bar_chart_png(_("Comments by section"), series["sections"], value_label=_("Comments")),
            _("Comments by section, in document order.") + " " + hidden,
        )
    if series["genders"]:
        body.chart(
            bar_chart_png(_("People by gender"), series["genders"], value_label=_("People")),
            _("People who commented, by gender.") + " " + hidden,
        )
