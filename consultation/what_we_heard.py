"""Public aggregates of who commented on a draft. Only totals leave this module, and any
category with fewer than SMALL_CELL people is suppressed so that nobody can be singled out."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django_countries import countries

from .enums import Decision, Gender
from .models import FeedbackItem, SectionComment, Sector, WrittenSubmission

SMALL_CELL = 5


@dataclass
class Row:
    label: str
    people: int
    comments: int

    @property
    def suppressed(self) -> bool:
        return self.people < SMALL_CELL


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
    """Who commented on `draft`, in all its language versions, by sector, gender, country and
    section (published comments; a section is known by its key in every version)."""
    rows = (
        SectionComment.objects.published()
        .filter(section__page__translation_key=draft.translation_key)
        .values_list(
            "user_id",
            "user_email",
            "erased_as",
            "gender",
            "sector__name",
            "country",
            "section__key",
        )
    )
    groups = {name: defaultdict(lambda: {"people": set(), "comments": 0}) for name in
              ("sector", "gender", "country", "section")}  # fmt: skip
    everyone = set()
    count = 0
    for user_id, email, erased_as, gender, sector, country, section_key in rows:
        person = person_key(user_id, email, erased_as)
        everyone.add(person)
        count += 1
        for name, key in (
            ("sector", sector),
            ("gender", gender),
            ("country", country),
            ("section", section_key),
        ):
            groups[name][key]["people"].add(person)
            groups[name][key]["comments"] += 1
    section_labels = {s.key: f"{s.number} {s.heading}" for s in sections}
    return Summary(
        comments=count,
        people=len(everyone),
        submissions=WrittenSubmission.objects.published()
        .filter(draft__translation_key=draft.translation_key)
        .count(),
        by_sector=_rows(groups["sector"]),
        by_gender=_rows(groups["gender"], dict(Gender.choices), order=list(Gender.values)),
        by_country=_rows(groups["country"], dict(countries)),
        by_section=_rows(groups["section"], section_labels, order=[s.key for s in sections]),
    )


@dataclass
class DecisionRow:
    label: str
    counts: list[int]
    total: int
    people: int

    @property
    def suppressed(self) -> bool:
        """Like the other tables, by people: five items from three people would single them
        out as surely as three items."""
        return self.people < SMALL_CELL


def decisions_by(draft, column: str) -> list[DecisionRow]:
    """How the drafters decided on the public contributions to a draft, by sector or gender.
    Only for drafts whose responses are published; small groups are suppressed by the
    template like the other tables."""
    labels = (
        dict(Gender.choices)
        if column == "gender"
        else dict(Sector.objects.values_list("pk", "name"))
    )
    decided = (
        FeedbackItem.objects.in_review()
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
    present = set(people)
    if column == "gender":
        keys = [value for value in Gender.values if value in present]
    else:
        keys = sorted(present, key=lambda key: str(labels.get(key, key)))
    rows = []
    for key in keys:
        counts = [cells[(key, decision)] for decision in Decision.values]
        rows.append(DecisionRow(str(labels.get(key, key)), counts, sum(counts), len(people[key])))
    return rows
