"""consultation.settings.production as an operator meets it: everything from the
environment, nothing reported by Django's deployment checks, and Redis as the cache when
REDIS_URL is set."""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_with(env_changes: dict, *args, tmp_path):
    # Not the test run's own settings (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_")
        and key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="consultation.settings.production",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **env_changes,
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


SAMPLE = {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "consult.example.org"}


def test_the_deployment_checks_find_nothing_with_a_sample_environment(tmp_path):
    result = run_with(
        SAMPLE, "manage.py", "check", "--deploy", "--fail-level", "DEBUG", tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_a_secret_or_host_names(tmp_path, missing):
    environment = {key: value for key, value in SAMPLE.items() if key != missing}
    result = run_with(environment, "manage.py", "check", tmp_path=tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"Set the {missing} environment variable" in result.stderr


@pytest.fixture
def redis_server(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server not found: apt-get install redis-server"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(  # noqa: S603
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)


CACHE_ROUND_TRIP = """
import django; django.setup()
from django.core.cache import caches
cache = caches["pages"]
cache.set("shared", "seen by every worker", 60)
print(type(cache).__module__.split(".")[0], type(cache).__name__, cache.get("shared"))
"""


def test_the_page_cache_is_redis_when_redis_url_is_set_and_memory_otherwise(tmp_path, redis_server):
    with_redis = run_with(
        {**SAMPLE, "REDIS_URL": redis_server}, "-c", CACHE_ROUND_TRIP, tmp_path=tmp_path
    )
    assert with_redis.stdout.strip() == "django_redis RedisCache seen by every worker", (
        with_redis.stderr
    )
    # Another process reads it back: the cache is shared.
    read_back = run_with(
        {**SAMPLE, "REDIS_URL": redis_server},
        "-c",
        "import django; django.setup()\nfrom django.core.cache import caches\n"
        "print(caches['pages'].get('shared'))",
        tmp_path=tmp_path,
    )
    assert read_back.stdout.strip() == "seen by every worker", read_back.stderr

    in_memory = run_with(SAMPLE, "-c", CACHE_ROUND_TRIP, tmp_path=tmp_path)
    assert in_memory.stdout.strip() == "django LocMemCache seen by every worker", in_memory.stderr


S3 = {
    "UPLOADS_STORAGE": "s3",
    "S3_BUCKET": "consultation-uploads",
    "S3_ENDPOINT_URL": "https://objects.example.org",
    "S3_REGION": "af-south-1",
    "S3_ACCESS_KEY_ID": "key-id",
    "S3_SECRET_ACCESS_KEY": "secret",
}
STORAGE_OPTIONS = """
import django; django.setup()
from django.core.files.storage import storages
for name in ("default", "private"):
    s = storages[name]
    print(name, type(s).__name__, s.bucket_name, s.endpoint_url, s.region_name, s.location,
          s.default_acl, s.querystring_auth, s.file_overwrite)
"""


def test_uploads_go_to_object_storage_from_the_environment_private_ones_signed(tmp_path):
    pytest.importorskip("storages", reason='django-storages: pip install -e ".[s3]"')
    ledger = str(tmp_path / "shared" / "erasure-ledger.jsonl")
    result = run_with(
        {**SAMPLE, **S3, "ERASURE_LEDGER_PATH": ledger}, "-c", STORAGE_OPTIONS, tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stderr
    where = "consultation-uploads https://objects.example.org af-south-1"
    assert result.stdout.splitlines() == [
        f"default S3Storage {where} media None False False",
        f"private S3Storage {where} private None True False",
    ]


def test_object_storage_needs_a_bucket_and_a_shared_erasure_ledger(tmp_path):
    no_bucket = {key: value for key, value in S3.items() if key != "S3_BUCKET"}
    result = run_with({**SAMPLE, **no_bucket}, "manage.py", "check", tmp_path=tmp_path)
    assert result.returncode != 0
    assert "UPLOADS_STORAGE=s3 needs S3_BUCKET" in result.stderr
    # The ledger is appended to under a lock: it cannot live in the bucket, nor on one
    # server's own disk.
    result = run_with({**SAMPLE, **S3}, "manage.py", "check", tmp_path=tmp_path)
    assert result.returncode != 0
    assert "set ERASURE_LEDGER_PATH to a file on a folder every app server mounts" in result.stderr
