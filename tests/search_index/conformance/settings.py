"""Settings for modelsearch's backend conformance suite (tests/search_index/conformance/).

They differ from consultation.settings.test on purpose: the suite needs modelsearch's own test
app and must not have wagtail.search installed beside modelsearch, so it runs in its own pytest
call (see the Makefile's `test` target). The Whoosh index PATH is set per session to a pytest
temporary folder by conftest.py.
"""

import os
from pathlib import Path

import dj_database_url

REPO_ROOT = Path(__file__).resolve().parents[3]
# The suite's data fixture is not shipped in the modelsearch wheel: see ../shared/modelsearch/.
FIXTURES = REPO_ROOT.parent / "shared" / "modelsearch" / "fixtures"

SECRET_KEY = "conformance-tests-only"  # noqa: S105
DEBUG = False
USE_TZ = True
TIME_ZONE = "UTC"
INSTALLED_APPS = [
    "modelsearch.test.testapp",
    "modelsearch",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
]
# Like the project's tests: DATABASE_URL picks PostgreSQL, SQLite in memory otherwise.
DATABASES = {
    "default": dj_database_url.parse(os.environ["DATABASE_URL"])
    if os.environ.get("DATABASE_URL")
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
FIXTURE_DIRS = [FIXTURES]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Index updates from model signals run inline, as the suite expects.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MODELSEARCH_BACKENDS = {
    "default": {"BACKEND": "search_index.backend", "PATH": None},
}
