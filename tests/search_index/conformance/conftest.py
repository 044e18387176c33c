import pytest
from django.conf import settings


@pytest.fixture(scope="session", autouse=True)
def whoosh_index_path(tmp_path_factory):
    """Every Whoosh index of the session goes to a pytest temporary folder, never var/."""
    path = tmp_path_factory.mktemp("whoosh_conformance")
    settings.MODELSEARCH_BACKENDS["default"]["PATH"] = str(path)
    return path
