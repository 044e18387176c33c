"""Figures for the drafters' dashboard of one draft. Each figure counts people (every
contribution, campaign letters one by one) and, where it matters, distinct items (a
campaign once). A fixed number of queries, whatever the number of comments."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django_countries import countries

from ..enums import Gender, ReviewStatus
from ..models import FeedbackItem, Sector


@dataclass
class Bar:
    label: str
    value: int
    secondary: int | None = None  # distinct items, where it differs from people


@dataclass
class DraftStatistics:
    people: int
    distinct: int
    campaigns: int
    by_section: list[Bar]
    by_country: list[Bar]
    by_status: list[Bar]
    over_time: list[Bar]
    gender_columns: list[str]
    gender_by_sector: list[tuple[str, list[int], int]]
    gender_totals: list[int]


def draft_statistics(draft) -> DraftStatistics:
    items = FeedbackItem.objects.in_review().filter(draft=draft)
    distinct_filter = Q(campaign__isnull=True)
    totals = items.aggregate(
        people=Count("pk"),
        distinct=Count("pk", filter=distinct_filter),
        campaigns=Count("pk", filter=Q(campaign__isnull=True, campaign_size__gt=1)),
    )

    per_section = {
        section: (people, distinct)
        for section, people, distinct in items.values_list("section")
        .annotate(people=Count("pk"), distinct=Count("pk", filter=distinct_filter))
        .values_list("section", "people", "distinct")
    }
    by_section = [
        Bar(f"{section.number} {section.heading}", *per_section.get(section.pk, (0, 0)))
        for section in draft.sections.order_by("sort_order")
    ]
    if None in per_section:
        by_section.append(Bar(_("Written submissions on the whole draft"), *per_section[None]))

    by_country = [
        Bar(countries.name(code) or code, count)
        for code, count in items.values_list("country")
        .annotate(count=Count("pk"))
        .order_by("-count", "country")
    ]

    status_counts = Counter(dict(items.values_list("status").annotate(count=Count("pk"))))
    by_status = [Bar(label, status_counts[value]) for value, label in ReviewStatus.choices]

    over_time = [
        Bar(day.isoformat(), count)
        for day, count in items.annotate(day=TruncDate("submitted_at"))
        .values_list("day")
        .annotate(count=Count("pk"))
        .order_by("day")
    ]

    cells = Counter(
        {
            (sector, gender): count
            for sector, gender, count in items.values_list("sector", "gender").annotate(
                count=Count("pk")
            )
        }
    )
    genders = Gender.choices
    used_sectors = Sector.objects.filter(pk__in={sector for sector, _gender in cells})
    gender_by_sector = []
    for sector in used_sectors:
        row = [cells[(sector.pk, value)] for value, _label in genders]
        gender_by_sector.append((sector.name, row, sum(row)))
    gender_totals = [
        sum(cells[(sector.pk, value)] for sector in used_sectors) for value, _label in genders
    ]
    return DraftStatistics(
        people=totals["people"],
        distinct=totals["distinct"],
        campaigns=totals["campaigns"],
        by_section=by_section,
        by_country=by_country,
        by_status=by_status,
        over_time=over_time,
        gender_columns=[str(label) for _value, label in genders],
        gender_by_sector=gender_by_sector,
        gender_totals=gender_totals,
    )


@dataclass
class ChartBar:
    label: str
    value: int
    y: int
    width: float


ROW_HEIGHT = 22
VALUE_ROOM = 50  # for the figure after the longest bar


@dataclass
class BarChart:
    """The geometry of a horizontal bar chart drawn as SVG by the template."""

    bars: list[ChartBar]
    label_width: int
    bar_area: int

    @property
    def width(self) -> int:
        return self.label_width + self.bar_area + VALUE_ROOM

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * ROW_HEIGHT


def bar_chart(bars: list[Bar], *, label_width: int = 260, bar_area: int = 380) -> BarChart:
    largest = max((bar.value for bar in bars), default=0) or 1
    return BarChart(
        bars=[
            ChartBar(
                label=Truncator(bar.label).chars(38),
                value=bar.value,
                y=index * ROW_HEIGHT,
                width=round(bar_area * bar.value / largest, 1),
            )
            for index, bar in enumerate(bars)
        ],
        label_width=label_width,
        bar_area=bar_area,
    )
