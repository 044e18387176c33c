"""modelsearch's backend conformance suite (``BackendTests``) run against the Whoosh backend.

Run with ``make test`` (its second pytest call) or::

    .venv/bin/python -m pytest --ds=tests.search_index.conformance.settings \
        --confcutdir=tests/search_index/conformance tests/search_index/conformance
"""

import contextlib
import unittest
from unittest import mock

import pytest
from django.test import TestCase
from modelsearch.query import MATCH_ALL
from modelsearch.test.testapp import models
from modelsearch.tests.test_backends import BackendTests

from .settings import FIXTURES

# Skip: the suite's data fixture ("search") is not in the modelsearch wheel; it lives in the
# shared folder beside the repository (../shared/modelsearch/fixtures). Without it every test
# would fail in setUp on a missing fixture, which says nothing about the backend.
requires_fixture = unittest.skipUnless(
    (FIXTURES / "search.json").exists(),
    f"modelsearch's conformance fixture is missing: expected {FIXTURES / 'search.json'} "
    "(../shared/modelsearch/fixtures relative to the repository root).",
)


def without_subtests(test_case):
    return mock.patch.object(test_case, "subTest", lambda **params: contextlib.nullcontext())


@requires_fixture
class TestWhooshSearchBackend(BackendTests, TestCase):
    backend_path = "search_index.backend"

    def test_reset_indexes(self):
        """After reset_indexes(), searches find nothing (as modelsearch's SQLite suite checks)."""
        self.backend.reset_indexes()
        self.assertEqual(self.backend.search("JavaScript", models.Book).count(), 0)
        self.assertEqual(self.backend.search(MATCH_ALL, models.Book).count(), 0)

    # Expected failures: the shared fixture is older than modelsearch 1.3.2's tests and holds no
    # MPAnimal/NSAnimal trees and no meeting agenda items or speakers, so these tests fail on
    # every backend (modelsearch's own SQLite FTS5 backend fails the same six with this
    # fixture). strict=True: if a newer fixture makes one pass, the xfail must be removed.
    # The tree tests loop over both models in subtests, whose failures don't fail the test
    # itself: run them without subtests so that the test is the one expected to fail.
    fixture_lacks_trees = pytest.mark.xfail(
        reason="The shared fixture has no MPAnimal/NSAnimal rows (fails on SQLite FTS5 too).",
        strict=True,
    )

    @fixture_lacks_trees
    def test_get_ancestors_filter(self):
        with without_subtests(self):
            super().test_get_ancestors_filter()

    @fixture_lacks_trees
    def test_get_children_filter(self):
        with without_subtests(self):
            super().test_get_children_filter()

    @fixture_lacks_trees
    def test_get_descendants_filter(self):
        with without_subtests(self):
            super().test_get_descendants_filter()

    @fixture_lacks_trees
    def test_get_siblings_filter(self):
        with without_subtests(self):
            super().test_get_siblings_filter()

    @fixture_lacks_trees
    def test_get_root_nodes_filter(self):
        with without_subtests(self):
            super().test_get_root_nodes_filter()

    @pytest.mark.xfail(
        reason="The shared fixture has no agenda items or speakers, so no meeting mentions "
        '"Doyle" (fails on SQLite FTS5 too).',
        strict=True,
    )
    def test_search_on_nested_related_fields(self):
        super().test_search_on_nested_related_fields()
