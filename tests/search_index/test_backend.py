"""The Whoosh search backend on the project's own pages, with an index in a temporary folder.

modelsearch's full conformance suite runs separately (tests/search_index/conformance/).
"""

import io
import threading

import pytest
from django.core.management import call_command
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Phrase

from search_index.backend import SearchIndexLockedError, WhooshSearchBackend
from tests.policy_docs.factories import PolicyPageFactory


@pytest.fixture
def backend(tmp_path):
    return WhooshSearchBackend({"PATH": tmp_path / "index", "WRITE_LOCK_TIMEOUT": 5})


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


def test_missing_index_folder_is_created_on_first_write(backend, pages):
    assert not backend.path.exists()
    index_pages(backend)
    assert backend.path.is_dir()


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
    assert titles(results) == {"Diaspora remittance policy"}
    assert all(isinstance(result.score, float) for result in results)
    assert backend.search("policy", Page.objects.filter(live=False)).count() == 1


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


def test_lock_held_too_long_raises_a_clear_error(tmp_path, pages):
    backend = WhooshSearchBackend({"PATH": tmp_path / "index", "WRITE_LOCK_TIMEOUT": 0.2})
    index_pages(backend)
    holder = backend.get_index_for_model(Page).writer()
    try:
        with pytest.raises(SearchIndexLockedError, match=r"gave up after waiting 0\.2 s"):
            backend.delete(pages["Policy on dual citizenship"])
    finally:
        holder.cancel()
    assert backend.search("citizenship", Page).count() == 1


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
