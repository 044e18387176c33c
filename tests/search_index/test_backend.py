"""The Whoosh search backend on the project's own pages, with an index in a temporary folder.

modelsearch's full conformance suite runs separately (tests/search_index/conformance/).
"""

import io
import multiprocessing
import threading

import pytest
from django.core.management import call_command
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Phrase, PlainText

from policy_docs.models import PolicyPage
from search_index.backend import SearchIndexUnavailableError, WhooshSearchBackend
from search_index.query import WhooshQueryBuilder
from tests.policy_docs.factories import PolicyPageFactory


@pytest.fixture
def pages(home):
    titles = [
        "Diaspora remittance policy",
        "Return and reintegration of migrants",
        "Remittances and investment bonds",
        "Policy on dual citizenship",
    ]
    created = [PolicyPageFactory(parent=home, title=title) for title in titles]
    created[3].unpublish()
    return {page.title: page for page in created}


def index_pages(backend):
    for page in Page.objects.exclude(depth=1).specific():
        backend.add(page)


def titles(results):
    return {result.title for result in results}


def test_writes_to_a_missing_index_wait_for_the_rebuild_that_creates_it(tmp_path, pages):
    backend = WhooshSearchBackend({"PATH": tmp_path / "index"})
    index_pages(backend)  # no index yet: kept pending, no error
    with pytest.raises(SearchIndexUnavailableError, match="rebuild_modelsearch_index"):
        backend.search("remittance", Page).count()

    index = backend.get_index_for_model(Page)
    assert len(index.pending) == Page.objects.exclude(depth=1).count()
    rebuilder = backend.rebuilder_class(index)
    rebuilder.start()
    rebuilder.finish()  # indexes nothing itself: only what was pending

    assert len(index.pending) == 0
    assert backend.search("remittance", Page).count() == 2


def test_indexed_pages_are_found_and_deleted_pages_are_not(backend, pages):
    index_pages(backend)
    assert titles(backend.search("reintegration", Page)) == {"Return and reintegration of migrants"}

    backend.delete(pages["Return and reintegration of migrants"])
    assert titles(backend.search("reintegration", Page)) == set()


def test_english_stemming_finds_plural_from_singular_and_back(backend, pages):
    index_pages(backend)
    expected = {"Diaspora remittance policy", "Remittances and investment bonds"}
    assert titles(backend.search("remittances", Page)) == expected
    assert titles(backend.search("remittance", Page)) == expected


def test_phrase_needs_the_words_together_and_in_order(backend, pages):
    index_pages(backend)
    assert titles(backend.search(Phrase("remittance policy"), Page)) == {
        "Diaspora remittance policy"
    }
    assert titles(backend.search(Phrase("policy remittance"), Page)) == set()


def test_filters_and_scores_apply_to_matches(backend, pages):
    index_pages(backend)
    results = backend.search("policy", Page.objects.live()).annotate_score("score")
    assert titles(results) == {
        "Diaspora remittance policy",
        "Return and reintegration of migrants",
        "Remittances and investment bonds",
    }
    assert results[0].title == "Diaspora remittance policy"  # in its title as well
    assert all(isinstance(result.score, float) for result in results)
    assert titles(backend.search("policy", Page.objects.filter(live=False))) == {
        "Policy on dual citizenship"
    }


def test_autocomplete_matches_word_prefixes(backend, pages):
    index_pages(backend)
    assert titles(backend.autocomplete("reinteg", Page)) == {"Return and reintegration of migrants"}


def test_rebuild_drops_objects_no_longer_in_the_database(backend, pages):
    index_pages(backend)
    gone = pages["Return and reintegration of migrants"]
    Page.objects.filter(pk=gone.pk).delete()

    index = backend.get_index_for_model(Page)
    rebuilder = backend.rebuilder_class(index)
    rebuilder.start()
    index.add_items(Page, list(Page.objects.exclude(depth=1).specific()))
    rebuilder.finish()

    assert backend.search("reintegration", Page).count() == 0
    assert backend.search("remittance", Page).count() == 2


def test_second_writer_waits_for_the_lock_then_succeeds(backend, pages):
    index_pages(backend)
    holder = backend.get_index_for_model(Page).writer()
    release = threading.Timer(0.5, holder.commit)
    release.start()
    try:
        backend.delete(pages["Policy on dual citizenship"])  # waits for the commit above
    finally:
        release.join()
    assert backend.search("citizenship", Page).count() == 0


def test_a_change_the_lock_keeps_out_is_applied_by_the_next_writer(tmp_path, pages, caplog):
    backend = WhooshSearchBackend({"PATH": tmp_path / "index", "WRITE_LOCK_TIMEOUT": 0.2})
    backend.reset_indexes()
    index_pages(backend)
    index = backend.get_index_for_model(Page)
    holder = index.writer()
    try:
        Page.objects.filter(pk=pages["Policy on dual citizenship"].pk).delete()
        backend.delete(pages["Policy on dual citizenship"])  # no error: kept pending
    finally:
        holder.cancel()
    assert "gave up after waiting 0.2 s" in caplog.text
    assert backend.search("citizenship", Page).count() == 1
    assert len(index.pending) == 1

    backend.add(pages["Diaspora remittance policy"])  # any later write applies it
    assert backend.search("citizenship", Page).count() == 0
    assert len(index.pending) == 0


def test_rebuild_command_indexes_into_the_configured_folder(tmp_path, pages, settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "whoosh": {"BACKEND": "search_index.backend", "PATH": str(tmp_path / "index")}
    }
    call_command("update_index", backend_name="whoosh", stdout=io.StringIO())

    backend = get_search_backend("whoosh")
    assert isinstance(backend, WhooshSearchBackend)
    assert titles(backend.search("remittance", Page)) == {
        "Diaspora remittance policy",
        "Remittances and investment bonds",
    }


def _write_pages_one_by_one(path, first_pk, count):
    """In a child process: index `count` unsaved policy pages, one commit each."""
    backend = WhooshSearchBackend({"PATH": path, "WRITE_LOCK_TIMEOUT": 60})
    index = backend.get_index_for_model(PolicyPage)
    for pk in range(first_pk, first_pk + count):
        page = PolicyPage(pk=pk, id=pk, title=f"Concurrent page {pk}", summary="Written at once.")
        index.add_items(PolicyPage, [page])


def test_two_processes_writing_at_once_lose_no_update(tmp_path):
    backend = WhooshSearchBackend({"PATH": tmp_path / "index"})
    backend.reset_indexes()
    context = multiprocessing.get_context("fork")
    writers = [
        context.Process(target=_write_pages_one_by_one, args=(backend.path, first, 60))
        for first in (1000, 2000)
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=120)
    assert [writer.exitcode for writer in writers] == [0, 0]

    hits, pks = backend.get_index_for_model(Page).search(
        WhooshQueryBuilder(PolicyPage).build(PlainText("concurrent")), PolicyPage
    )
    assert len(pks) == len(hits) == 120
    assert {int(pk) for pk in pks} == {*range(1000, 1060), *range(2000, 2060)}


def test_a_pending_entry_for_a_model_that_no_longer_exists_is_dropped(backend, pages):
    index = backend.get_index_for_model(Page)
    index.pending.add([("oldapp.gonemodel", "12345")])
    index_pages(backend)  # applies the pending entries first
    assert len(index.pending) == 0
    assert backend.search("remittance", Page).count() == 2


def test_pending_entries_are_read_back_with_one_query_per_model(backend, pages):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    index = backend.get_index_for_model(Page)
    index.pending.add([("policy_docs.policypage", str(page.pk)) for page in pages.values()])
    with CaptureQueriesContext(connection) as captured:
        backend.delete(pages["Policy on dual citizenship"])  # any write applies the list
    assert len(captured) == 1
    assert len(index.pending) == 0
    assert titles(backend.search("remittance", Page)) == {
        "Diaspora remittance policy",
        "Remittances and investment bonds",
    }
