from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management import call_command
from django_tasks_db.management.commands import db_worker
from wagtail.models import Collection, GroupPagePermission, Locale, Page, Site
from wagtail.search.backends import get_search_backend

from tests.policy_docs.factories import HomePageFactory, PolicyPageFactory


@pytest.fixture
def home(db):
    """A home page at the root of the default site, in place of Wagtail's welcome page."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    return home


@pytest.fixture
def policy(home):
    return PolicyPageFactory(parent=home, title="National Diaspora Policy", slug="diaspora")


@pytest.fixture
def drafter(home, django_user_model):
    """A member of the directorate who may add, edit and publish pages under the home page."""
    group = Group.objects.create(name="Test drafters")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=home, permission=Permission.objects.get(codename=codename)
        )
    user = django_user_model.objects.create_user("drafter", "drafter@example.org", "pw")
    user.groups.add(group)
    return user


@pytest.fixture
def drafter_client(client, drafter):
    client.force_login(drafter)
    return client


@pytest.fixture(autouse=True)
def empty_cache(request, django_db_blocker):
    """Every test starts with empty page caches (each process's memory). The rate limits'
    counters live in the test database's cache table: a test's transaction is rolled back
    with them, but a transactional test (or its live server) commits them, so they are
    cleared after it."""
    for alias in ("pages", "near"):
        caches[alias].clear()
    yield
    for alias in ("pages", "near"):
        caches[alias].clear()
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        with django_db_blocker.unblock():
            caches["limits"].clear()


@pytest.fixture(autouse=True)
def queued_email(settings):
    """Django's test set-up replaces EMAIL_BACKEND with its outbox; put the project's queue
    back, so every e-mail of every test goes through it (into the outbox, at once)."""
    settings.EMAIL_BACKEND = "consultation.mail_queue.QueuedEmailBackend"


@pytest.fixture(autouse=True)
def erasure_ledger(settings, tmp_path):
    """Each test records its erasures in a ledger of its own (consultation/erasure_ledger.py),
    not in the worktree's private folder."""
    settings.ERASURE_LEDGER_PATH = tmp_path / "private" / "erasure-ledger.jsonl"
    return settings.ERASURE_LEDGER_PATH


@pytest.fixture(autouse=True)
def search_index_folder(settings, tmp_path):
    """Each test writes to a Whoosh index folder of its own, with no index in it: updates
    wait there (pending.py) until a test builds the index (`search_index` fixture)."""
    default = settings.WAGTAILSEARCH_BACKENDS["default"]
    if default["BACKEND"] == "search_index.backend":
        settings.WAGTAILSEARCH_BACKENDS = {"default": {**default, "PATH": tmp_path / "search"}}


@pytest.fixture
def search_index(search_index_folder):
    """Empty indexes for every indexed model, in the test's folder (or database): what
    `rebuild_modelsearch_index` leaves on an empty site. Objects saved afterwards are indexed
    as they are saved."""
    backend = get_search_backend()
    backend.reset_indexes()
    return backend


@pytest.fixture
def second_factor_passed():
    """pass(client, user): `user` has an authenticator app and the client's session has passed
    its code, as after signing in with both (for tests that force_login a team member while
    SECOND_FACTOR_REQUIRED is on). Returns the device."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def pass_second_factor(client, user):
        device = TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return device

    return pass_second_factor


@pytest.fixture
def run_worker(monkeypatch):
    """The database worker of a task backend, run until its queue is empty. Like Django's test
    client, it must not close the database connection between tasks: the test's transaction
    holds its data."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run(backend: str = "background"):
        call_command("db_worker", "--backend", backend, "--batch", "--no-startup-delay")

    return run


@pytest.fixture
def migrated_data():
    """What the migrations put in the database (Wagtail's root page and collection, the
    sectors, the team roles), made again after an earlier transactional test flushed it."""
    Locale.objects.get_or_create(language_code=django_settings.LANGUAGE_CODE)
    if not Page.objects.exists():
        Page.add_root(
            instance=Page(
                title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page)
            )
        )
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    import_module("consultation.migrations.0002_seed_sectors").seed_sectors(apps, None)
    import_module("consultation.migrations.0004_roles").create_roles(apps, None)
    import_module("consultation.migrations.0007_languages").enable_translation(apps, None)
