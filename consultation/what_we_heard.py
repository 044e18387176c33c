"""Public aggregates of who commented on a draft ("What we heard", and the public Word export,
which shows the same figures).

Two protections, because each comment is itself public (with its name or "Anonymous", sector,
country, section and, once published, the drafters' decision) and only the commenter's gender
and who stands behind each anonymous comment are not:

- Small cells: a group of fewer than SMALL_CELL people is hidden, with as many other groups as
  it takes for no hidden figure to be worked out by subtraction (consultation.suppression).
- Slow updates: the published figures are kept (PublishedFigures) and move at most once an
  hour, and only when at least SMALL_CELL people came or went since they were last computed,
  not all of one gender: otherwise a reader who watches the page while a moderator approves
  comments one by one could match each newly shown comment to the group that grew. The
  decisions tables are computed once, when the responses are published, and then kept.

`draft_summary` and `decisions_by` give the exact figures, for the drafters and the tests."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_countries import countries

from .enums import Decision, Gender
from .models import FeedbackItem, PublishedFigures, SectionComment, Sector, WrittenSubmission
from .review.publication import responses_published
from .suppression import SMALL_CELL, suppress_cross_table, suppress_rows, update_is_safe

__all__ = ["SMALL_CELL", "decisions_by", "draft_summary", "person_key", "published_figures"]


@dataclass
class Row:
    label: str
    people: int | None
    comments: int | None = None

    @property
    def suppressed(self) -> bool:
        """Not shown: too few people, or hidden with such a group."""
        return self.people is None


@dataclass
class Summary:
    comments: int
    people: int
    submissions: int
    by_sector: list[Row]
    by_gender: list[Row]
    by_country: list[Row]
    by_section: list[Row]


def person_key(user_id, email, erased_as: str = "") -> str:
    """One person: their account, else their e-mail address; once their details are erased,
    the random reference that stands in for them (consultation.personal_data)."""
    if user_id:
        return f"user:{user_id}"
    if erased_as:
        return f"erased:{erased_as}"
    return f"email:{(email or '').lower()}"


# The tags of a comment that the figures count, in the order stored in a basis.
TAGS = ("section", "gender", "sector", "country")


def _comment_rows(draft, **filters) -> dict[int, tuple[str, tuple]]:
    """Comment id -> (person, tags) for the comments on `draft`, in all its language versions
    (a section is known by its key in every version)."""
    rows = SectionComment.objects.filter(
        section__page__translation_key=draft.translation_key, **filters
    ).values_list(
        "pk", "user_id", "user_email", "erased_as", "section__key", "gender", "sector", "country"
    )
    return {
        pk: (person_key(user_id, email, erased_as), (section, gender, sector, country))
        for pk, user_id, email, erased_as, section, gender, sector, country in rows
    }


def _tally(contributions) -> tuple[int, set, dict]:
    """How many comments, who, and per tag and value the people and comments."""
    groups = {tag: defaultdict(lambda: {"people": set(), "comments": 0}) for tag in TAGS}
    everyone = set()
    count = 0
    for person, tags in contributions:
        everyone.add(person)
        count += 1
        for tag, value in zip(TAGS, tags, strict=True):
            groups[tag][value]["people"].add(person)
            groups[tag][value]["comments"] += 1
    return count, everyone, groups


def _rows(groups: dict, labels: dict | None = None, order=None) -> list[Row]:
    keys = order if order is not None else sorted(groups, key=lambda k: -len(groups[k]["people"]))
    return [
        Row(
            label=(labels or {}).get(key, key),
            people=len(groups[key]["people"]),
            comments=groups[key]["comments"],
        )
        for key in keys
        if key in groups
    ]


def draft_summary(draft, sections) -> Summary:
    """The exact figures: who commented on `draft`, in all its language versions, by sector,
    gender, country and section (published comments). For the drafters, never the public."""
    count, everyone, groups = _tally(
        _comment_rows(draft, is_public=True, is_removed=False).values()
    )
    section_labels = {s.key: f"{s.number} {s.heading}" for s in sections}
    sector_names = dict(Sector.objects.values_list("pk", "name"))
    return Summary(
        comments=count,
        people=len(everyone),
        submissions=WrittenSubmission.objects.published()
        .filter(draft__translation_key=draft.translation_key)
        .count(),
        by_sector=_rows(groups["sector"], sector_names),
        by_gender=_rows(groups["gender"], dict(Gender.choices), order=list(Gender.values)),
        by_country=_rows(groups["country"], dict(countries)),
        by_section=_rows(groups["section"], section_labels, order=[s.key for s in sections]),
    )


@dataclass
class DecisionRow:
    label: str
    counts: list[int | None]
    total: int = 0
    people: int = 0

    @property
    def suppressed(self) -> bool:
        """Like the other tables, by people: five items from three people would single them
        out as surely as three items."""
        return self.people < SMALL_CELL


def _decisions(draft, column: str, items=None) -> dict:
    """Per value of `column` (sector or gender): the number of decided public items for each
    decision, and the people behind them."""
    items = items if items is not None else FeedbackItem.objects.all()
    decided = (
        items.in_review()
        .filter(draft=draft, is_public=True)
        .exclude(decision="")
        .values_list(
            column,
            "decision",
            "comment__user_id",
            "comment__user_email",
            "comment__erased_as",
            "submission__user_id",
            "submission__email",
            "submission__erased_as",
        )
    )
    cells, people = Counter(), defaultdict(set)
    # Each item has either a comment or a submission: `or` takes the one it has.
    for key, decision, c_user, c_email, c_erased, s_user, s_email, s_erased in decided:
        cells[(key, decision)] += 1
        people[key].add(person_key(c_user or s_user, c_email or s_email, c_erased or s_erased))
    return {
        key: ([cells[(key, decision)] for decision in Decision.values], len(people[key]))
        for key in people
    }


def _decision_labels(column: str) -> dict:
    if column == "gender":
        return dict(Gender.choices)
    return dict(Sector.objects.values_list("pk", "name"))


def _decision_order(column: str, keys, labels: dict) -> list:
    if column == "gender":
        return [value for value in Gender.values if value in keys]
    return sorted(keys, key=lambda key: str(labels.get(key, key)))


def decisions_by(draft, column: str) -> list[DecisionRow]:
    """The exact decisions on the public contributions to a draft, by sector or gender. For
    the drafters and the tests; the public sees `published_figures`."""
    table = _decisions(draft, column)
    labels = _decision_labels(column)
    return [
        DecisionRow(str(labels.get(key, key)), counts, sum(counts), people)
        for key in _decision_order(column, table, labels)
        for counts, people in [table[key]]
    ]


# Published figures --------------------------------------------------------------------------


def _protected_table(groups: dict, keys: list, *, totals: dict, every_category: bool) -> list:
    """The rows of one table as published, in the order of `keys`: [key, people, comments]
    with None where hidden; None for the whole table when it cannot be protected. A table
    that lists every category (gender) shows people only: comments per gender would tell
    apart the newcomers of an update by how many comments each wrote."""
    rows = {
        key: {"people": len(groups[key]["people"]), "comments": groups[key]["comments"]}
        for key in keys
        if every_category or key in groups
    }
    hidden = suppress_rows(
        rows,
        totals=totals,
        listed_when_empty=every_category,
        comments=None if every_category else "comments",
    )
    if hidden is None:
        return None
    return [
        [key, None, None]
        if key in hidden
        else [key, values["people"], None if every_category else values["comments"]]
        for key, values in rows.items()
    ]


def _largest_first(rows: list | None) -> list | None:
    """Shown rows largest first, then the hidden ones by key: an order that says nothing of a
    hidden row's size."""
    if rows is None:
        return None
    return sorted(rows, key=lambda row: (row[1] is None, -(row[1] or 0), str(row[0])))


def _compute_figures(draft, comments: dict, submissions: int) -> dict:
    count, everyone, groups = _tally(comments.values())
    people = len(everyone) if len(everyone) >= SMALL_CELL else None
    totals = {"people": people, "comments": count}
    sections = draft.sections.order_by("sort_order").values_list("key", flat=True)

    def table(tag, keys, every_category=False):
        return _protected_table(groups[tag], keys, totals=totals, every_category=every_category)

    return {
        "comments": count,
        "people": people,
        "submissions": submissions,
        "sector": _largest_first(table("sector", list(groups["sector"]))),
        "gender": table("gender", list(Gender.values), every_category=True),
        "country": _largest_first(table("country", list(groups["country"]))),
        "section": table("section", [key for key in sections if key in groups["section"]]),
    }


def _compute_decisions(draft, basis: dict) -> dict:
    """The decisions tables as published: [key, counts with None where hidden] per row, or
    None for a table that cannot be protected. Only the contributions of `basis`."""
    items = FeedbackItem.objects.filter(
        Q(comment_id__in=[int(pk) for pk in basis["comments"]])
        | Q(submission_id__in=basis["submissions"])
    )
    published = {}
    for column in ("sector", "gender"):
        table = _decisions(draft, column, items)
        counts = {key: cells for key, (cells, _people) in table.items()}
        small = [key for key, (_cells, people) in table.items() if people < SMALL_CELL]
        hidden = suppress_cross_table(counts, small_rows=small) if counts else set()
        if hidden is None:
            published[column] = None
            continue
        published[column] = [
            [key, [None if (key, col) in hidden else n for col, n in enumerate(counts[key])]]
            for key in _decision_order(column, counts, _decision_labels(column))
        ]
    return published


def _members(contributions) -> tuple[dict, dict]:
    """Per gender, the people in its group; per person, what they contributed."""
    by_gender, by_person = defaultdict(set), defaultdict(set)
    for pk, person, tags in contributions:
        by_gender[tags[1]].add(person)
        by_person[person].add((pk, tuple(tags)))
    return by_gender, by_person


def _move_is_safe(basis: dict, comments: dict, submissions: list) -> bool:
    """Whether the figures may move from those of `basis` to those of the current `comments`
    and `submissions` (suppression.update_is_safe). People are known by who they are now, so
    that an erasure, which changes nobody's tags, moves nobody."""
    persons = {pk: person for pk, (person, _tags) in comments.items()}
    old_ids = {int(pk) for pk in basis["comments"]}
    for comment in SectionComment.objects.filter(pk__in=old_ids - set(comments)).only(
        "user_id", "user_email", "erased_as"
    ):
        persons[comment.pk] = person_key(comment.user_id, comment.user_email, comment.erased_as)
    old_gender, old_person = _members(
        (int(pk), persons.get(int(pk), f"deleted:{pk}"), tags)
        for pk, tags in basis["comments"].items()
    )
    new_gender, new_person = _members((pk, person, tags) for pk, (person, tags) in comments.items())
    changed = sum(
        1
        for person in set(old_person) | set(new_person)
        if old_person.get(person) != new_person.get(person)
    )
    changed += len(set(basis["submissions"]) ^ set(submissions))
    return update_is_safe(
        joined={g: len(new_gender[g] - old_gender[g]) for g in Gender.values},
        left={g: len(old_gender[g] - new_gender[g]) for g in Gender.values},
        changed_people=changed,
        everyone={g: len(new_gender[g]) for g in Gender.values},
    )


def _hour_start(moment: datetime.datetime) -> datetime.datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def _due(stored: PublishedFigures, now, published: bool) -> bool:
    return (
        not stored.figures
        or stored.checked_at < _hour_start(now)
        or (published and "decisions" not in stored.figures)
    )


def published_figures_refresh(*, draft, now: datetime.datetime | None = None) -> PublishedFigures:
    """The figures the public sees for `draft` (its default-language version), brought up to
    date if they may move: the first time, then at most once an hour when enough people came
    or went, and when the responses are published (the decisions tables, computed once)."""
    now = now or timezone.now()
    published = responses_published(draft)
    stored, _created = PublishedFigures.objects.get_or_create(
        draft=draft, defaults={"computed_at": now, "checked_at": now}
    )
    if not _due(stored, now, published):
        return stored
    with transaction.atomic():
        stored = PublishedFigures.objects.select_for_update().get(pk=stored.pk)
        if not _due(stored, now, published):  # another request did it meanwhile
            return stored
        comments = _comment_rows(draft, is_public=True, is_removed=False)
        submissions = list(
            WrittenSubmission.objects.published()
            .filter(draft__translation_key=draft.translation_key)
            .values_list("pk", flat=True)
        )
        if not stored.figures or _move_is_safe(stored.basis, comments, submissions):
            decisions = stored.figures.get("decisions")
            stored.basis = {
                "comments": {str(pk): list(tags) for pk, (_person, tags) in comments.items()},
                "submissions": sorted(submissions),
            }
            stored.figures = _compute_figures(draft, comments, len(submissions))
            if decisions is not None:
                stored.figures["decisions"] = decisions  # as published with the responses
            stored.computed_at = now
        if published and "decisions" not in stored.figures:
            stored.figures["decisions"] = _compute_decisions(draft, stored.basis)
        stored.checked_at = now
        stored.save()
    return stored


@dataclass
class PublishedDecisionRow:
    label: str
    counts: list[int | None]

    @property
    def suppressed(self) -> bool:
        return all(count is None for count in self.counts)


@dataclass
class PublishedSummary:
    """What the public sees: None for a figure or a whole table that is not shown."""

    as_of: datetime.datetime
    # When the figures may next move: a cached copy of the page must not outlive it.
    next_check_at: datetime.datetime
    comments: int
    people: int | None
    submissions: int
    by_sector: list[Row] | None
    by_gender: list[Row] | None
    by_country: list[Row] | None
    by_section: list[Row] | None
    decisions_published: bool
    decisions_by_sector: list[PublishedDecisionRow] | None
    decisions_by_gender: list[PublishedDecisionRow] | None


def published_figures(draft) -> PublishedSummary:
    """The figures of "What we heard" for `draft` (its default-language version), as
    published, labelled in the active language."""
    stored = published_figures_refresh(draft=draft)
    figures = stored.figures
    sector_names = dict(Sector.objects.values_list("pk", "name"))
    labels = {
        "sector": sector_names,
        "gender": dict(Gender.choices),
        "country": dict(countries),
        "section": {s.key: f"{s.number} {s.heading}" for s in draft.sections.all()},
    }

    def rows(tag):
        if figures[tag] is None:
            return None
        return [
            Row(str(labels[tag].get(key, key)), people, comments)
            for key, people, comments in figures[tag]
        ]

    decisions = figures.get("decisions")

    def decision_rows(column):
        if decisions is None or decisions[column] is None:
            return None
        names = dict(Gender.choices) if column == "gender" else sector_names
        return [
            PublishedDecisionRow(str(names.get(key, key)), counts)
            for key, counts in decisions[column]
        ]

    return PublishedSummary(
        as_of=stored.computed_at,
        next_check_at=_hour_start(stored.checked_at) + datetime.timedelta(hours=1),
        comments=figures["comments"],
        people=figures["people"],
        submissions=figures["submissions"],
        by_sector=rows("sector"),
        by_gender=rows("gender"),
        by_country=rows("country"),
        by_section=rows("section"),
        decisions_published=decisions is not None,
        decisions_by_sector=decision_rows("sector"),
        decisions_by_gender=decision_rows("gender"),
    )
