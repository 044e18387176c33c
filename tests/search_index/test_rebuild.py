"""Automatic rebuilds of a missing index (search_index/rebuild.py), on real index folders: one
request for all processes, an index created by a rebuild unread until it commits, and the
whole chain through the task framework's immediate backend."""

import multiprocessing
import shutil

import pytest
from wagtail.search.backends import get_search_backend
from whoosh.reading import SegmentReader

from policy_docs.models import PolicyPage
from search_index.backend import SearchIndexUnavailableError, WhooshSearchBackend
from search_index.rebuild import REBUILD_RETRY_SECONDS, RebuildRequests
from tests.policy_docs.factories import PolicyPageFactory


def _claim(folder, start, results):
    start.wait()
    results.put(RebuildRequests(folder).claim())


def test_of_many_processes_finding_the_index_missing_one_queues_the_rebuild(tmp_path):
    context = multiprocessing.get_context("fork")
    start, results = context.Event(), context.Queue()
    workers = [context.Process(target=_claim, args=(tmp_path, start, results)) for _ in range(8)]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(10)
    claims = sorted(results.get(timeout=5) for _ in workers)
    assert claims == [False] * 7 + [True]


def test_a_request_not_done_in_time_is_made_again_and_a_done_one_at_once(tmp_path):
    requests = RebuildRequests(tmp_path)
    assert requests.claim(now=1000.0)
    assert not requests.claim(now=1000.0 + REBUILD_RETRY_SECONDS - 1)
    assert requests.claim(now=1000.0 + REBUILD_RETRY_SECONDS)  # its worker died
    requests.withdraw()
    assert not requests.pending
    assert requests.claim(now=1000.0 + REBUILD_RETRY_SECONDS + 1)


def test_a_second_rebuild_finds_the_first_running(tmp_path):
    requests = RebuildRequests(tmp_path)
    with requests.running() as first, RebuildRequests(tmp_path).running() as second:
        assert (first, second) == (True, False)
    with requests.running() as third:
        assert third


@pytest.fixture
def policies(home):
    return [PolicyPageFactory(parent=home, title=title) for title in ("Remittances", "Return")]


def test_an_index_created_by_a_rebuild_is_not_searched_before_it_commits(tmp_path, policies):
    backend = WhooshSearchBackend({"PATH": tmp_path / "index"})
    index = backend.get_index_for_model(PolicyPage)
    rebuilder = backend.rebuilder_class(index)
    rebuilder.start()  # the index is missing: the rebuild creates it, empty
    index.add_items(PolicyPage, PolicyPage.objects.all())
    with pytest.raises(SearchIndexUnavailableError, match="being rebuilt"):
        list(backend.search("remittances", PolicyPage))
    rebuilder.finish()
    assert [page.title for page in backend.search("remittances", PolicyPage)] == ["Remittances"]


def test_a_search_that_finds_the_index_deleted_rebuilds_it_through_the_task_framework(
    settings, policies
):
    default = settings.WAGTAILSEARCH_BACKENDS["default"]
    settings.WAGTAILSEARCH_BACKENDS = {"default": {**default, "REBUILD_TASK_BACKEND": "default"}}
    backend = get_search_backend()
    backend.reset_indexes()
    for page in policies:
        backend.add(page)
    shutil.rmtree(backend.path)

    # The immediate backend runs the rebuild inside the search that asked for it.
    with pytest.raises(SearchIndexUnavailableError):
        list(backend.search("remittances", PolicyPage))
    assert [page.title for page in backend.search("remittances", PolicyPage)] == ["Remittances"]
    assert not RebuildRequests(backend.path).pending


def test_a_search_meeting_segments_just_removed_by_a_commit_is_retried_not_rebuilt(
    tmp_path, policies, monkeypatch
):
    # Measured with 4 searching processes and one committing: about 1 search in 60 opens the
    # index as a commit deletes the segments it lists (FileNotFoundError).
    # A queued rebuild would stay requested until a worker ran it.
    backend = WhooshSearchBackend(
        {"PATH": tmp_path / "index", "REBUILD_TASK_BACKEND": "background"}
    )
    backend.reset_indexes()
    for page in policies:
        backend.add(page)
    real_postings, failures = SegmentReader.postings, []

    def postings_once_too_early(self, *args, **kwargs):
        if not failures:
            failures.append(1)
            raise FileNotFoundError("_wagtailcore_page_1.seg")
        return real_postings(self, *args, **kwargs)

    # Where a search first reads the segments' files (search_index/matching.py).
    monkeypatch.setattr(SegmentReader, "postings", postings_once_too_early)
    assert [page.title for page in backend.search("remittances", PolicyPage)] == ["Remittances"]
    assert failures == [1] and not RebuildRequests(backend.path).pending
