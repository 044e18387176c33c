"""`manage.py ensure_admin`: the demo's admin / admin in development only; elsewhere a password
from --password or ADMIN_PASSWORD that passes the password rules."""

import io
import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from tests.consultation.test_production_settings import ROOT, SAMPLE

STRONG = "Maseru-Consultation-2026"  # noqa: S105 (a test password)


def ensure_admin(*args):
    out = io.StringIO()
    call_command("ensure_admin", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def development(settings):
    settings.DEMO_ADMIN_PASSWORD_ALLOWED = True


def test_in_development_the_demo_administrator_is_admin_admin(db, development):
    output = ensure_admin()

    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("admin")
    assert "Log in at /admin/ as admin / admin" in output


def test_make_runs_call_keeps_working_in_development(db, development):
    ensure_admin("--username", "admin", "--password", "admin")
    output = ensure_admin("--username", "admin", "--password", "admin")

    assert "already exists; its password is unchanged" in output


def test_outside_development_no_password_is_refused(db, monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="--password or the ADMIN_PASSWORD environment"):
        ensure_admin()

    assert not get_user_model().objects.exists()


@pytest.mark.parametrize("password", ["admin", "password", "12345678"])
def test_outside_development_a_weak_password_is_refused(db, password):
    with pytest.raises(CommandError, match="refused outside development"):
        ensure_admin("--password", password)

    assert not get_user_model().objects.exists()


def test_outside_development_the_password_comes_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", STRONG)

    output = ensure_admin("--username", "director", "--email", "director@example.org")

    director = get_user_model().objects.get(username="director")
    assert director.is_superuser and director.check_password(STRONG)
    assert STRONG not in output  # nothing secret in the deployment's logs


def test_outside_development_the_password_may_be_an_option(db):
    ensure_admin("--password", STRONG)

    assert get_user_model().objects.get(username="admin").check_password(STRONG)


def test_outside_development_an_administrator_left_with_the_demo_password_is_reported(db):
    get_user_model().objects.create_superuser("admin", "admin@example.org", "admin")

    with pytest.raises(CommandError, match="still has the demo password"):
        ensure_admin("--password", STRONG)

    assert get_user_model().objects.get(username="admin").check_password("admin")  # unchanged


def test_an_existing_administrator_is_left_as_it_is(db):
    get_user_model().objects.create_superuser("admin", "admin@example.org", STRONG)

    output = ensure_admin("--password", "Another-Strong-Pass-1")

    assert "its password is unchanged" in output
    assert get_user_model().objects.get(username="admin").check_password(STRONG)


ALLOWED = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.DEMO_ADMIN_PASSWORD_ALLOWED)"
)


@pytest.mark.parametrize(
    "settings_module, debug, allowed",
    [
        ("consultation.settings.dev", None, "True"),  # make run
        ("consultation.settings.dev", "false", "False"),
        ("consultation.settings.production", "true", "False"),
        ("consultation.settings.production", None, "False"),
        ("consultation.settings.test", None, "False"),
    ],
)
def test_only_the_development_settings_with_debug_on_allow_the_demo_password(
    tmp_path, settings_module, debug, allowed
):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in {"DEBUG", "DATABASE_URL"}
    }
    environment.update(
        SAMPLE,
        DJANGO_SETTINGS_MODULE=settings_module,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    if debug is not None:
        environment["DEBUG"] = debug

    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", ALLOWED], cwd=ROOT, env=environment, capture_output=True, text=True
    )

    assert result.stdout.strip() == allowed, result.stderr
