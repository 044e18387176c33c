"""The feedback inbox's filters. Each choice shows how many items (people) it would match,
given the other filters that are set: a drafter sees at once that 14 of the 40 comments from
the diaspora associations came from women."""

from collections import Counter
from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Count, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.search.backends import get_search_backend

from policy_docs.models import DraftPage, DraftSection, PolicyPage
from search_index.backend import SearchIndexUnavailableError
from search_index.lookups import with_pk_among

from ..enums import Decision, FeedbackKind, Gender, ReviewStatus, Stance
from ..models import FeedbackItem, Sector, Theme

NO_DECISION = "none"
SPEAKS_FOR = [("organisation", _("An organisation")), ("individual", _("An individual"))]


def reviewers():
    """Who an item can be assigned to: the drafters and the administrators."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__codename="review_feedback")
            | Q(user_permissions__codename="review_feedback")
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def section_label(section) -> str:
    return f"{section.page.title} · {section.number} {section.heading}"


class SectionFilterField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        return section_label(obj)


class SectionFilter(django_filters.ModelChoiceFilter):
    field_class = SectionFilterField


class FeedbackFilterSet(WagtailFilterSet):
    policy = django_filters.ModelChoiceFilter(
        label=_("Policy"),
        queryset=PolicyPage.objects.order_by("path"),
        method="filter_policy",
        widget=forms.Select,
    )
    draft = django_filters.ModelChoiceFilter(
        label=_("Draft"), queryset=DraftPage.objects.order_by("path"), widget=forms.Select
    )
    section = SectionFilter(
        label=_("Section"),
        queryset=DraftSection.objects.select_related("page").order_by("page__path", "sort_order"),
        widget=forms.Select,
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ReviewStatus.choices)
    decision = django_filters.ChoiceFilter(
        label=_("Decision"),
        choices=[*Decision.choices, (NO_DECISION, _("No decision yet"))],
        method="filter_decision",
    )
    stance = django_filters.ChoiceFilter(label=_("Stance"), choices=Stance.choices)
    gender = django_filters.ChoiceFilter(label=_("Gender"), choices=Gender.choices)
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"), queryset=Sector.objects.all(), widget=forms.Select
    )
    country = django_filters.ChoiceFilter(
        label=_("Country of residence"), choices=list(countries), widget=forms.Select
    )
    speaks_for = django_filters.ChoiceFilter(
        label=_("Organisation or individual"), choices=SPEAKS_FOR, method="filter_speaks_for"
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=FeedbackKind.choices)
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=settings.LANGUAGES, widget=forms.Select
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        queryset=Theme.objects.order_by("name"),
        widget=forms.Select,
    )
    assignee = django_filters.ModelChoiceFilter(
        label=_("Assigned to"), queryset=reviewers(), widget=forms.Select
    )
    submitted_at = django_filters.DateFromToRangeFilter(
        label=_("Received between"), widget=DateRangePickerWidget
    )

    # Filters whose choices show counts, and the column each one counts.
    counted = {
        "policy": "draft",
        "draft": "draft",
        "section": "section",
        "status": "status",
        "decision": "decision",
        "stance": "stance",
        "gender": "gender",
        "sector": "sector",
        "country": "country",
        "speaks_for": "is_organisation",
        "kind": "kind",
        "language": "language",
        "theme": "themes",
        "assignee": "assignee",
    }

    class Meta:
        model = FeedbackItem
        fields = []

    def __init__(self, *args, count_choices: bool = True, **kwargs):
        """`count_choices=False` when no one sees the form (an export applying stored
        filters): the counts cost a grouped query per filter."""
        super().__init__(*args, **kwargs)
        for name in self.counted:
            self.filters[name].extra["empty_label"] = _("All")
        if count_choices and self.form.is_valid():
            self._label_choices_with_counts()

    def filter_policy(self, queryset, name, value):
        return queryset.for_policy(value)

    def filter_decision(self, queryset, name, value):
        return queryset.filter(decision="" if value == NO_DECISION else value)

    def filter_speaks_for(self, queryset, name, value):
        return queryset.filter(is_organisation=value == "organisation")

    # Filters that select a campaign's lead exactly when they select its members: a campaign
    # stays within one section (or, for written submissions, one draft) of one policy.
    SHARED_BY_CAMPAIGNS = frozenset({"policy", "draft", "section"})
    # Counted apart: an item has several themes, so counting them joins a table.
    COUNTED_THROUGH_A_JOIN = frozenset({"theme"})

    def set_filters(self) -> dict:
        """The filters given a value, by name."""
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value not in (None, "", [], ())
        }

    def filtered_by(self, queryset, names):
        """`queryset` with those of the set filters named in `names`."""
        for name, value in self.set_filters().items():
            if name in names:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def queryset_without(self, name: str):
        """The queryset with every filter set except `name`: what its choices would give."""
        return self.filtered_by(self.queryset, set(self.set_filters()) - {name})

    def _counts(self) -> dict[str, Counter]:
        """Each counted filter's counts by value. The filters that are not set all count over
        the same items (those every set filter selects): one grouped query counts them all,
        by every combination of their columns, summed here per column. Each set filter counts
        over the items the others select, in a query of its own."""
        counts = {name: Counter() for name in self.counted}
        shared = [
            name
            for name in self.counted
            if name not in self.set_filters() and name not in self.COUNTED_THROUGH_A_JOIN
        ]
        by_queryset = [(self.queryset_without(""), shared)] + [
            (self.queryset_without(name), [name]) for name in self.counted if name not in shared
        ]
        for queryset, names in by_queryset:
            columns = sorted({self.counted[name] for name in names})
            rows = (
                queryset.order_by()
                .values_list(*columns)
                .annotate(
                    count=Count("pk", distinct=any(n in self.COUNTED_THROUGH_A_JOIN for n in names))
                )
            )
            tallies = [(counts[name], columns.index(self.counted[name])) for name in names]
            for row in rows:
                for tally, position in tallies:
                    tally[row[position]] += row[-1]
        return counts

    def _label_choices_with_counts(self):
        fields = self.form.fields
        for name, counts in self._counts().items():
            field = fields[name]
            if name == "policy":
                by_draft = counts
                drafts = DraftPage.objects.filter(pk__in=list(by_draft)).values_list("pk", "path")
                counts = Counter()
                for policy in field.queryset:
                    counts[policy.pk] = sum(
                        by_draft[pk] for pk, path in drafts if path.startswith(policy.path)
                    )
            if name == "decision":
                counts[NO_DECISION] = counts.pop("", 0)
            if name == "speaks_for":
                counts = Counter({"organisation": counts[True], "individual": counts[False]})
            if hasattr(field, "queryset"):
                label = field.label_from_instance
                field.label_from_instance = lambda obj, label=label, counts=counts: (
                    f"{label(obj)} ({counts[obj.pk]})"
                )
                if name in {"section", "draft", "theme", "assignee"}:
                    field.queryset = field.queryset.filter(pk__in=[pk for pk in counts if pk])
            else:
                choices = field.choices
                if name == "country":  # only the countries people wrote from
                    choices = [(code, label) for code, label in choices if counts[code]]
                # django-filter adds the empty choice ("All") itself.
                field.choices = [
                    (value, f"{label} ({counts[value]})") for value, label in choices if value
                ]


# The fields the inbox's text search looks in.
TEXT_SEARCH_FIELDS = ["text", "organisation", "speaker_name", "response"]


def text_matching(queryset, terms: str):
    """The items of ``queryset`` whose text, name, organisation or response contain every
    word of ``terms``, the last ones possibly unfinished ("remit" finds "remittances").

    The search backend (Whoosh by default) finds the matching items among all of them, and the
    database applies the inbox's filters, so no filter needs to be known to the index. While
    the index is missing or damaged, the database looks for the words itself (slower, and
    without stemming), so drafters can still work."""
    try:
        matches = get_search_backend().autocomplete(
            terms,
            FeedbackItem.objects.only("pk"),
            fields=TEXT_SEARCH_FIELDS,
            operator="and",
            order_by_relevance=False,
        )
        return with_pk_among(queryset, [item.pk for item in matches])
    except SearchIndexUnavailableError:
        for word in terms.split():
            queryset = queryset.filter(
                reduce(or_, (Q(**{f"{name}__icontains": word}) for name in TEXT_SEARCH_FIELDS))
            )
        return queryset


class FeedbackSelection:
    """The inbox's filters and text search (a query string's values) as an export applies
    them and names them on its cover. Built again from the stored query when a background
    export runs."""

    def __init__(self, query: dict | None = None):
        self.query = {
            name: value
            for name, value in (query or {}).items()
            if value not in ("", None) and (name == "q" or name in FeedbackFilterSet.base_filters)
        }
        self.terms = self.query.get("q", "").strip()
        data = {name: value for name, value in self.query.items() if name != "q"}
        self.filterset = FeedbackFilterSet(
            data=data or None, queryset=FeedbackItem.objects.in_review(), count_choices=False
        )

    def errors(self) -> list[str]:
        if not self.filterset.is_bound or self.filterset.is_valid():
            return []
        return [
            f"{self.filterset.form.fields[name].label}: {' '.join(messages)}"
            for name, messages in self.filterset.form.errors.items()
        ]

    # A public export lists what it selects: selected by a personal detail, each row would say
    # its author's; selected by the review before the responses are public, it would publish
    # the review.
    PERSONAL_FILTERS = ("gender", "country")
    REVIEW_FILTERS = ("status", "decision", "theme", "assignee")

    def public_errors(self, *, responses_public: bool) -> list[str]:
        """Why this selection cannot make a public export."""
        fields = self.filterset.form.fields
        errors = [
            _(
                "The public version cannot be filtered by %(filter)s: it would show it for each "
                "commenter listed."
            )
            % {"filter": str(fields[name].label).lower()}
            for name in self.PERSONAL_FILTERS
            if self.query.get(name)
        ]
        if not responses_public:
            errors += [
                _(
                    "The public version cannot be filtered by %(filter)s before the responses "
                    "are published: it would show the drafters' review."
                )
                % {"filter": str(fields[name].label).lower()}
                for name in self.REVIEW_FILTERS
                if self.query.get(name)
            ]
        return [str(error) for error in errors]

    def apply(self, items):
        if self.filterset.is_bound:
            if not self.filterset.is_valid():
                raise ValueError("; ".join(self.errors()))
            items = self.filterset.filter_queryset(items)
        if self.terms:
            items = text_matching(items, self.terms)
        return items

    def describe(self) -> list[str]:
        """'Gender: Woman', 'Section: Draft 2 · 3.1 Remittances', ...: each filter that is set,
        in the inbox's order, with the value as the inbox names it."""
        described = []
        if self.filterset.is_bound and self.filterset.is_valid():
            for name, value in self.filterset.form.cleaned_data.items():
                if value in (None, "", [], ()):
                    continue
                label = self.filterset.filters[name].label
                described.append(f"{label}: {self._named(name, value)}")
        if self.terms:
            described.append(_("Text contains “%(terms)s”") % {"terms": self.terms})
        return [str(line) for line in described]

    def _named(self, name: str, value) -> str:
        if isinstance(value, DraftSection):
            return section_label(value)
        if isinstance(value, slice):
            start = date_format(value.start.date()) if value.start else "…"
            stop = date_format(value.stop.date()) if value.stop else "…"
            return f"{start} – {stop}"
        if isinstance(value, models.Model):
            return getattr(value, "get_full_name", lambda: "")() or str(value)
        choices = dict(self.filterset.filters[name].extra.get("choices") or [])
        return str(choices.get(value, value))
