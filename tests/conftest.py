import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.management import call_command
from django_tasks_db.management.commands import db_worker
from wagtail.models import GroupPagePermission, Page, Site
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
def empty_cache():
    """Rate limits and cached public pages live in the (per-process) cache: every test starts
    from an empty one."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def queued_email(settings):
    """Django's test set-up replaces EMAIL_BACKEND with its outbox; put the project's queue
    back, so every e-mail of every test goes through it (into the outbox, at once)."""
    settings.EMAIL_BACKEND = "consultation.mail_queue.QueuedEmailBackend"


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
def run_worker(monkeypatch):
    """The database worker of a task backend, run until its queue is empty. Like Django's test
    client, it must not close the database connection between tasks: the test's transaction
    holds its data."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run(backend: str = "background"):
        call_command("db_worker", "--backend", backend, "--batch", "--no-startup-delay")

    return run
