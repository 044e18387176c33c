"""How the Whoosh backend searches: matches counted without scoring, only the page shown
scored, visibility and facets in one query over the matches, one searcher kept per thread and
brought up to date when the index changes. A real index in a temporary folder."""

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modelsearch.query import Not, Phrase, PlainText
from wagtail.models import Page

from policy_docs.models import PolicyPage
from search_index.matching import matching_docnums, scored_matches
from search_index.query import WhooshQueryBuilder
from tests.policy_docs.factories import PolicyPageFactory


@pytest.fixture
def many_pages(home):
    """25 policy pages about remittances, each saying it a different number of times (so
    that no two score the same), every third one unpublished."""
    pages = []
    for n in range(25):
        page = PolicyPageFactory(
            parent=home,
            title=f"Page {n} " + "remittance " * (n % 7 + 1) + "words " * (n % 5),
            summary="remittance " * (n % 3 + 1),
        )
        if n % 3 == 0:
            page.unpublish()
        pages.append(page)
    return pages


def index_pages(backend):
    for page in Page.objects.exclude(depth=1).specific():
        backend.add(page)


def test_counts_match_the_database_without_scoring(backend, many_pages):
    index_pages(backend)
    live = PolicyPage.objects.live()
    assert backend.search("remittance", live).count() == live.count() == 16
    assert backend.search("remittance", PolicyPage).count() == 25
    assert backend.search("remittance", live.filter(title__contains="words")).count() == (
        live.filter(title__contains="words").count()
    )
    assert backend.search("nothing", live).count() == 0


def test_pages_follow_the_scored_order_of_all_the_matches(backend, many_pages):
    index_pages(backend)
    results = backend.search("remittance", PolicyPage.objects.live()).annotate_score("score")
    everything = list(results)  # all the matches, scored and sorted
    scores = [page.score for page in everything]
    assert scores == sorted(scores, reverse=True)
    assert len(set(scores)) > 1

    fresh = backend.search("remittance", PolicyPage.objects.live())
    first, second = list(fresh[:10]), list(fresh[10:20])
    assert [page.pk for page in first + second] == [page.pk for page in everything]
    assert len(second) == 6


def test_a_page_its_count_and_its_facets_ask_the_database_once_for_visibility(backend, many_pages):
    index_pages(backend)
    results = backend.search("remittance", PolicyPage.objects.live())
    with CaptureQueriesContext(connection) as captured:
        count = results.count()
        facets = results.facet("live")
        locked = results.facet("locked")
    assert count == 16
    assert facets == {True: 16}
    assert locked == {False: 16}
    assert len(captured) == 1  # the matches' visibility and facet columns in one query


def test_facet_counts_agree_with_the_database(backend, many_pages):
    index_pages(backend)
    results = backend.search("remittance", PolicyPage.objects.all())
    assert dict(results.facet("live")) == {True: 16, False: 9}
    words = backend.search("words", PolicyPage.objects.live())
    expected = PolicyPage.objects.live().filter(title__contains="words").count()
    assert dict(words.facet("live")) == {True: expected}


def test_unpublished_pages_stay_out_of_every_page_and_count(backend, many_pages):
    index_pages(backend)
    unpublished = {page.pk for page in many_pages if not page.live}
    results = backend.search("remittance", PolicyPage.objects.live())
    shown = [page.pk for page in [*results[:10], *results[10:20], *results[20:30]]]
    assert len(shown) == results.count() == 16
    assert not unpublished & set(shown)
    unordered = backend.search("remittance", PolicyPage.objects.live(), order_by_relevance=False)
    assert not unpublished & {page.pk for page in unordered}
    assert unordered.count() == 16


def test_a_searcher_sees_what_was_indexed_and_deleted_after_it_was_opened(backend, home):
    first = PolicyPageFactory(parent=home, title="Mohair cooperatives")
    backend.add(first)
    assert backend.search("mohair", PolicyPage).count() == 1  # opens this thread's searcher

    second = PolicyPageFactory(parent=home, title="Mohair exports")
    backend.add(second)
    assert {page.pk for page in backend.search("mohair", PolicyPage)} == {first.pk, second.pk}

    backend.delete(first)
    assert [page.pk for page in backend.search("mohair", PolicyPage)] == [second.pk]
    assert backend.search("mohair", PolicyPage).count() == 1


def test_a_searcher_does_not_outlive_an_index_created_afresh(backend, home):
    page = PolicyPageFactory(parent=home, title="Wool and mohair")
    backend.add(page)
    assert backend.search("wool", PolicyPage).count() == 1

    backend.reset_indexes()  # a new, empty index in the same folder
    assert backend.search("wool", PolicyPage).count() == 0
    backend.add(page)
    assert backend.search("wool", PolicyPage).count() == 1


def test_each_thread_searches_with_its_own_searcher(backend, home):
    PolicyPageFactory(parent=home, title="Land allocation")
    index_pages(backend)
    counts, errors = [], []

    def search():
        try:
            for _ in range(20):
                index = backend.get_index_for_model(PolicyPage)
                counts.append(len(index.search(_query("land"), PolicyPage)[1]))
        except Exception as error:  # reported below: an assert in a thread fails nothing
            errors.append(error)

    threads = [threading.Thread(target=search) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert counts == [1] * 80


def _query(text):
    return WhooshQueryBuilder(PolicyPage).build(PlainText(text))


def test_matches_and_scores_read_block_by_block_are_whooshs(backend):
    """Postings longer than a block, two segments, deleted documents: the fast matching and
    scoring (search_index/matching.py) find what Whoosh's docs_for_query() and search() do."""
    index = backend.get_index_for_model(PolicyPage)
    words = ["remittance", "land", "pension"]
    pages = [
        PolicyPage(
            pk=pk,
            id=pk,
            title=" ".join(w for n, w in enumerate(words) if pk % (n + 2) == 0) or "other",
            summary="A policy.",
        )
        for pk in range(1, 700)
    ]
    index.add_items(PolicyPage, pages[:400])
    index.add_items(PolicyPage, pages[400:])
    for pk in (2, 6, 12, 402, 600):
        index.delete_item(PolicyPage(pk=pk, id=pk))
    builder = WhooshQueryBuilder(PolicyPage)
    queries = [
        PlainText("remittance"),
        PlainText("remittance land"),
        PlainText("remittance land", operator="or"),
        PlainText("absent"),
        Not(PlainText("pension")),
        Phrase("remittance land"),
    ]
    checked = 0
    with index.open().searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 2
        for query in queries:
            whoosh_query = builder.build(query)
            expected = set(searcher.docs_for_query(whoosh_query))
            assert matching_docnums(searcher, whoosh_query) == expected, query
            scores = scored_matches(searcher, whoosh_query)
            if scores is not None:  # words; not phrases, nor "everything but"
                whooshs = searcher.search(whoosh_query, limit=None)
                assert scores == pytest.approx({d: s for s, d in whooshs.top_n}), query
                checked += 1
    assert checked == 4
    _hits, pks = index.search(builder.build(PlainText("remittance")), PolicyPage)
    assert len(pks) == 349 - 5  # the even pks, less those deleted
