"""The public search: the policy text (sections of the adopted policy and of the current
drafts, older drafts on request) and the published comments, through the configured search
backend (Whoosh by default).

Only what the public may read is searched: sections of published drafts and approved comments,
whose commenters' personal details are not in the index at all (see the models' search_fields).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from modelsearch.utils import parse_query_string
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from policy_docs import visibility
from policy_docs.enums import DraftStatus
from policy_docs.models import DraftPage, DraftSection, PolicyPage
from policy_docs.sections import body_plain_text
from search_index.highlight import highlight

from .enums import ResultKind
from .models import SectionComment, Sector

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
# Results of each group shown when both groups are listed together.
PREVIEW_COUNT = 3


def searchable_drafts(*, include_older: bool, request=None) -> list[DraftPage]:
    """The drafts the public search looks in: for each policy, the adopted policy and the
    current draft (the one open for comments, or else the latest), or every published draft;
    only those `request` may see (policy_docs.visibility; None: those anyone may see), so
    that neither the text nor the comments of a restricted draft are found or counted."""
    drafts = list(
        DraftPage.objects.live().filter(visibility.visible_pages_q(request)).order_by("path")
    )
    if include_older:
        return drafts
    by_policy: dict[str, list[DraftPage]] = {}
    for draft in drafts:
        by_policy.setdefault(draft.path[: -Page.steplen], []).append(draft)
    chosen = []
    for policy_drafts in by_policy.values():
        open_drafts = [d for d in policy_drafts if d.status == DraftStatus.OPEN]
        adopted = [d for d in policy_drafts if d.status == DraftStatus.ADOPTED]
        current = open_drafts[0] if open_drafts else policy_drafts[-1]
        chosen.extend({current, *adopted[-1:]})
    return sorted(chosen, key=lambda draft: draft.path)


@dataclass
class Hit:
    title: str
    url: str
    context: str
    snippet: str


@dataclass
class FacetChoice:
    value: str
    label: str
    count: int


@dataclass
class ResultGroup:
    kind: str
    label: str
    total: int
    hits: list[Hit]
    page: object = None  # a Django Page of the paginator when this group is paginated


@dataclass
class SearchOutcome:
    query: str
    groups: list[ResultGroup] = field(default_factory=list)
    drafts: list[FacetChoice] = field(default_factory=list)
    sections: list[FacetChoice] = field(default_factory=list)
    sectors: list[FacetChoice] = field(default_factory=list)
    suggestion: str | None = None

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)


class PublicSearch:
    """One search of the public page. ``draft``, ``section_key`` and ``sector`` narrow the
    results (the facets); ``kind`` lists one group in pages instead of both in short."""

    def __init__(
        self,
        query: str,
        *,
        kind: str = "",
        draft: DraftPage | None = None,
        section_key: str = "",
        sector: Sector | None = None,
        include_older: bool = False,
        request=None,
    ):
        self.query = query.strip()
        self.parsed = parse_query_string(self.query, operator="and")[1]
        self.kind = ResultKind.COMMENTS if sector else kind
        self.section_key, self.sector = section_key, sector
        self.drafts = (
            [draft] if draft else searchable_drafts(include_older=include_older, request=request)
        )
        self.backend = get_search_backend()

    # What is searched

    def sections(self):
        sections = DraftSection.objects.filter(page__in=self.drafts).select_related("page")
        if self.section_key:
            sections = sections.filter(key=self.section_key)
        return sections

    def comments(self):
        comments = (
            SectionComment.objects.published()
            .filter(section__page__in=self.drafts)
            .select_related("section__page", "sector")
        )
        if self.section_key:
            comments = comments.filter(section__key=self.section_key)
        if self.sector:
            comments = comments.filter(sector=self.sector)
        return comments

    def _results(self, queryset):
        return self.backend.search(self.parsed, queryset, operator="and")

    # Running it

    def run(self, page_number: int = 1) -> SearchOutcome:
        outcome = SearchOutcome(query=self.query)
        if not self.query:
            return outcome
        policies = {policy.path: policy for policy in PolicyPage.objects.all()}
        section_results = comment_results = None
        if self.kind in ("", ResultKind.POLICY_TEXT):
            section_results = self._results(self.sections())
            outcome.groups.append(
                self._group(ResultKind.POLICY_TEXT, section_results, page_number, policies)
            )
        if self.kind in ("", ResultKind.COMMENTS):
            comment_results = self._results(self.comments())
            outcome.groups.append(
                self._group(ResultKind.COMMENTS, comment_results, page_number, policies)
            )
        self._count_facets(outcome, section_results, comment_results, policies)
        outcome.suggestion = self._suggestion()
        return outcome

    def _group(self, kind, results, page_number, policies) -> ResultGroup:
        to_hit = self._section_hit if kind == ResultKind.POLICY_TEXT else self._comment_hit
        page = Paginator(results, RESULTS_PER_PAGE).get_page(page_number) if self.kind else None
        found = list(page.object_list if page else results[:PREVIEW_COUNT])
        if kind == ResultKind.COMMENTS:
            SectionComment.with_thread_pages(found)
        hits = [to_hit(obj, policies) for obj in found]
        count = page.paginator.count if page else results.count()
        return ResultGroup(kind, ResultKind(kind).label, count, hits, page)

    def _draft_context(self, draft, policies) -> str:
        policy = policies.get(draft.path[: -Page.steplen])
        return f"{policy.title} · {draft.title}" if policy else draft.title

    def _section_hit(self, section, policies) -> Hit:
        text = body_plain_text(section.body)  # the heading is the hit's title
        return Hit(
            title=str(section),
            url=section.get_absolute_url(),
            context=self._draft_context(section.page, policies),
            snippet=highlight(text, self.query),
        )

    def _comment_hit(self, comment, policies) -> Hit:
        text = "\n".join(filter(None, [comment.comment, comment.proposed_wording]))
        section = comment.section
        return Hit(
            title=_("%(name)s on %(section)s") % {"name": comment.public_name, "section": section},
            url=comment.get_absolute_url(),
            context=f"{self._draft_context(section.page, policies)} · {comment.sector.name}",
            snippet=highlight(text, self.query),
        )

    def _count_facets(self, outcome, section_results, comment_results, policies):
        by_draft, by_key = Counter(), Counter()
        if section_results is not None:
            by_draft.update(section_results.facet("page_id"))
            by_key.update(section_results.facet("key"))
        if comment_results is not None:
            by_section = comment_results.facet("section_id")
            for section_id, page_id, key in DraftSection.objects.filter(
                pk__in=list(by_section)
            ).values_list("pk", "page_id", "key"):
                by_draft[page_id] += by_section[section_id]
                by_key[key] += by_section[section_id]
            by_sector = comment_results.facet("sector_id")
            sectors = Sector.objects.in_bulk(list(by_sector))
            outcome.sectors = [
                FacetChoice(str(pk), sectors[pk].name, count)
                for pk, count in by_sector.items()
                if pk in sectors
            ]
        # Facet choices in document order: drafts as published, sections as in the text.
        outcome.drafts = [
            FacetChoice(str(draft.pk), self._draft_context(draft, policies), by_draft[draft.pk])
            for draft in self.drafts
            if by_draft[draft.pk]
        ]
        # A key names the same section in every draft: label it as the latest draft does.
        latest = {}
        for section in DraftSection.objects.filter(
            page__in=self.drafts, key__in=list(by_key)
        ).order_by("page__path", "sort_order"):
            latest.pop(section.key, None)
            latest[section.key] = str(section)
        outcome.sections = [FacetChoice(key, label, by_key[key]) for key, label in latest.items()]

    def _suggestion(self) -> str | None:
        """A spelling correction that finds something, where the backend offers them
        (Whoosh). Only words that neither the policy text nor the comments contain are
        corrected, and only a correction with public results is offered: the index's words
        also come from drafts that are no longer searched."""
        suggest = getattr(self.backend, "suggest", None)
        if suggest is None:
            return None
        suggestion = suggest(self.query, SectionComment, DraftSection)
        if not suggestion or suggestion.lower() == self.query.lower():
            return None
        parsed = parse_query_string(suggestion, operator="and")[1]
        for queryset in (self.sections(), self.comments()):
            if self.backend.search(parsed, queryset, operator="and").count():
                return suggestion
        return None
