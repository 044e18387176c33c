import pytest

from search_index.backend import WhooshSearchBackend

# The conformance suite needs its own settings (modelsearch's test app, no wagtail.search):
# the Makefile runs it in a second pytest call that starts below this file (--confcutdir).
collect_ignore = ["conformance"]


@pytest.fixture
def backend(tmp_path):
    """Our Whoosh backend on a fresh index in a temporary folder."""
    backend = WhooshSearchBackend({"PATH": tmp_path / "index", "WRITE_LOCK_TIMEOUT": 5})
    backend.reset_indexes()
    return backend
