"""The one settings module for the test suite, locally and in CI. DATABASE_URL picks
SQLite (default) or PostgreSQL."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"
# E-mails go through the real queue (tests/conftest.py puts the queued backend back after
# Django's test set-up) and are delivered at once into the test outbox.
MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {**TASKS, "mail": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}  # noqa: F405
# Index updates written in the test's own request: a test searches for what it has just saved
# without a worker (the write-behind tests in tests/consultation/test_public_search.py
# and test_personal_data.py run the worker's way).
SEARCH_BACKENDS["whoosh"]["WRITE_BEHIND"] = False  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Static files straight from the apps' folders: the tests do not run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The test database lives in memory, shared between connections: there is no WAL there, and a
# test's transaction taking the write lock at once would block the connections a test opens
# beside it (the backup tests read the database through their own).
DATABASES["default"].get("OPTIONS", {}).pop("transaction_mode", None)  # noqa: F405
