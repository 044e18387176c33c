"""Two app servers against one PostgreSQL and one Redis, as README "Several app servers"
describes them: two gunicorn instances (processes of their own, each with its own local
folders for static files and a search index, so nothing local can pass for shared), the uploads
on a folder both mount or in S3-compatible object storage (moto's S3 server on loopback, reached
over HTTP through django-storages as AWS S3 or MinIO would be), search on the database
backend, and task workers on both.

Proves, through the servers' HTTP interface:
- a comment posted through server A and approved by a moderator through server B appears on
  A's page of the draft; a comment removed through B leaves the cached page of a closed draft
  on A (the purge reaches every process of every server);
- Word exports asked for through either server are each written once, by two background
  workers running at once;
- queued e-mails are each sent once, by two mail workers running at once;
- a written submission's attachment uploaded through A is read back through B;
- an erasure run on B deletes the attachment and the Word exports from the shared storage and
  records itself in the one erasure ledger (on the shared folder).

PostgreSQL only: on SQLite the two servers would not share a database (the test's is in
memory) and SQLite has no row locks for the workers to claim tasks with."""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from consultation.enums import ExportStatus
from consultation.models import FeedbackExport, SectionComment, WrittenSubmission
from tests.consultation.factories import SectionCommentFactory, confirmed_account
from tests.load.faults.running_site import Browser, first_option, free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSWORD = secrets.token_urlsafe(12)
EXPORTS = 4
EMAILS = 20

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="Several app servers share one PostgreSQL database (set DATABASE_URL): "
        "SQLite's test database is in memory, and SQLite has no row locks for the workers.",
    ),
    pytest.mark.django_db(transaction=True),
]


def wait_for(condition, what: str, timeout: float = 60, every: float = 0.3):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(every)
    raise AssertionError(f"{what}: not within {timeout:.0f} s")


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


@pytest.fixture
def redis_url(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server not found: apt-get install redis-server")
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    wait_for(lambda: listening(port), "redis-server listening", timeout=10, every=0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)


class Inbox:
    """What the SMTP server received: each message's subject, as many times as it came."""

    def __init__(self):
        self.subjects: list[str] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        for line in envelope.content.decode("utf-8", "replace").splitlines():
            if line.startswith("Subject: "):
                self.subjects.append(line.removeprefix("Subject: "))
                break
        return "250 OK"


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield SimpleNamespace(inbox=inbox, port=controller.port)
    controller.stop()


@pytest.fixture(params=["shared folder", "object storage"])
def uploads(request, tmp_path):
    """Where the servers keep uploads (their environment), and what is in the private part."""
    shared = tmp_path / "shared"  # the folder every server mounts
    if request.param == "shared folder":
        private = shared / "private"
        yield SimpleNamespace(
            env={"MEDIA_ROOT": str(shared / "media"), "PRIVATE_MEDIA_ROOT": str(private)},
            private_files=lambda: {
                path.relative_to(private).as_posix(): path.read_bytes()
                for path in private.rglob("*")
                if path.is_file()
            },
            ledger=private / "erasure-ledger.jsonl",
        )
        return
    boto3 = pytest.importorskip("boto3", reason='django-storages and boto3: pip install -e ".[s3]"')
    moto_server = pytest.importorskip("moto.server", reason='moto: pip install -e ".[dev]"')
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=free_port())
    server.start()
    endpoint = "http://{}:{}".format(*server.get_host_and_port())
    keys = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    bucket = boto3.resource("s3", endpoint_url=endpoint, region_name="us-east-1", **keys)
    bucket = bucket.create_bucket(Bucket="consultation-uploads")
    yield SimpleNamespace(
        env={
            "UPLOADS_STORAGE": "s3",
            "S3_BUCKET": "consultation-uploads",
            "S3_ENDPOINT_URL": endpoint,
            "S3_REGION": "us-east-1",
            "S3_ACCESS_KEY_ID": "testing",
            "S3_SECRET_ACCESS_KEY": "testing",
            "S3_ADDRESSING_STYLE": "path",
            "ERASURE_LEDGER_PATH": str(shared / "erasure-ledger.jsonl"),
        },
        private_files=lambda: {
            item.key.removeprefix("private/"): item.get()["Body"].read()
            for item in bucket.objects.filter(Prefix="private/")
        },
        ledger=shared / "erasure-ledger.jsonl",
    )
    server.stop()


class Servers:
    """Two app servers (A and B) and their task workers, started at once."""

    def __init__(self, folder: Path, *, redis_url: str, smtp_port: int, uploads: dict):
        database = connection.settings_dict
        database_url = (
            f"postgres://{database['USER'] or 'postgres'}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        )
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        common = {
            **inherited,
            "DJANGO_SETTINGS_MODULE": "tests.consultation.several_servers_settings",
            "SECRET_KEY": secrets.token_urlsafe(50),  # the same on every server
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback, as behind the proxy
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "SEARCH_BACKEND": "database",
            **uploads,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "COMMENT_RATE_PER_IP": "100000/h",  # every client is 127.0.0.1
            "COMMENT_RATE_PER_USER": "100000/h",
        }
        self.folder = folder
        self.processes: list[subprocess.Popen] = []
        self.by_name = {}
        for name in ("A", "B"):
            port = free_port()
            local = folder / name
            env = {
                **common,
                "STATIC_ROOT": str(local / "static"),
                "SEARCH_INDEX_PATH": str(local / "search_index"),
                "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
            }
            self.by_name[name] = SimpleNamespace(
                name=name, port=port, url=f"http://127.0.0.1:{port}", env=env
            )

    def _start(self, server, log: str, *command: str):
        self.processes.append(
            subprocess.Popen(  # noqa: S603
                command,
                cwd=ROOT,
                env=server.env,
                start_new_session=True,
                stdout=(self.folder / log).open("w"),
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        )

    def start(self):
        for server in self.by_name.values():
            self._start(
                server, f"gunicorn-{server.name}.log",
                str(BIN / "gunicorn"), "consultation.wsgi", "--bind", f"127.0.0.1:{server.port}",
                "--workers", "2", "--access-logfile", "-",
            )  # fmt: skip
            for backend in ("background", "mail"):
                self._start(
                    server, f"worker-{backend}-{server.name}.log",
                    sys.executable, "manage.py", "db_worker", "--backend", backend,
                    "--no-reload", "--interval", "0.2", "--no-startup-delay",
                )  # fmt: skip
        for server in self.by_name.values():
            wait_for(lambda s=server: self._answers(s), f"server {server.name} answering", 90)

    def _answers(self, server) -> bool:
        if any(process.poll() is not None for process in self.processes):
            logs = {p.name: p.read_text()[-2000:] for p in self.folder.glob("*.log")}
            raise AssertionError(f"a server or worker stopped: {logs}")
        try:
            # The first request waits for the application to load (a few seconds).
            return requests.get(server.url + "/", timeout=60).status_code < 500
        except requests.ConnectionError:
            return False

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture
def servers(tmp_path, redis_url, smtp_server, uploads):
    servers = Servers(
        tmp_path, redis_url=redis_url, smtp_port=smtp_server.port, uploads=uploads.env
    )
    servers.smtp = smtp_server
    yield servers
    servers.stop()


class Visitor(Browser):
    """One browser (its cookies) that can turn to either server: the session is in the
    shared database, so it works on both."""

    def __init__(self, server):
        super().__init__(server)
        self.on(server)

    def on(self, server) -> "Visitor":
        self.site = server
        self.origin = f"https://127.0.0.1:{server.port}"
        return self


def sign_in_stakeholder(visitor: Visitor, email: str):
    action, fields, _form = visitor.form(
        "/accounts/login/", lambda form: form.find("input", type="password")
    )
    fields.update(login=email, password=PASSWORD)
    assert visitor.post(action, data=fields).status_code == 302


def sign_in_team_member(visitor: Visitor, username: str, device: TOTPDevice):
    """The admin's sign-in, then the code of the authenticator app (production asks for it)."""
    action, fields, _form = visitor.form("/admin/login/")
    fields.update(username=username, password=PASSWORD)
    assert visitor.post(action, data=fields).status_code == 302
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    action, fields, _form = visitor.form(
        reverse("second_factor_verify"), lambda form: form.find(attrs={"name": "code"})
    )
    fields.update(code=f"{code:0{device.digits}d}")
    passed = visitor.post(action, data=fields)
    assert passed.status_code == 302, passed.text[-3000:]
    admin = visitor.get("/admin/")
    assert admin.status_code == 200, (passed.headers, admin.headers)


def decide(visitor: Visitor, comment: SectionComment, decision: str, reason: str = ""):
    path = reverse("comment_moderation:edit", args=[comment.pk])
    action, fields, _form = visitor.form(path, lambda form: form.find(attrs={"name": "decision"}))
    fields.update(decision=decision, reason=reason)
    response = visitor.post(action, data=fields)
    assert response.status_code == 302, response.text[-2000:]


def read_as_reader(server, path: str) -> str:
    """A reader who is not signed in (no cookies): the one the page cache answers."""
    response = requests.get(server.url + path, headers={"X-Forwarded-Proto": "https"}, timeout=30)
    assert response.status_code == 200
    return response.text


def test_two_app_servers_share_comments_purges_tasks_emails_and_uploads(
    servers, uploads, migrated_data, home, open_draft, dual, closed_draft
):
    a, b = servers.by_name["A"], servers.by_name["B"]
    stakeholder_account = confirmed_account("stakeholder", "stakeholder@example.org")
    moderator = get_user_model().objects.create_superuser("moderator", "moderator@example.org")
    # Hashed for the servers' settings (the test settings' fast hasher is not among them).
    hasher = PBKDF2PasswordHasher()
    hashed = hasher.encode(PASSWORD, hasher.salt())
    get_user_model().objects.filter(pk__in=[stakeholder_account.pk, moderator.pk]).update(
        password=hashed
    )
    device = TOTPDevice.objects.create(user=moderator, name="Phone", confirmed=True)
    closed_section = closed_draft.sections.get()
    old_comment = SectionCommentFactory(
        section=closed_section, comment="An old comment the moderator will take down."
    )
    servers.start()

    # 1. A comment posted through A, approved through B, shows on A.
    stakeholder = Visitor(a)
    sign_in_stakeholder(stakeholder, "stakeholder@example.org")
    marker = f"Posted through server A {secrets.token_hex(4)}"
    action, fields, form = stakeholder.form(reverse("section_comment", args=[dual.pk]))
    fields.update(comment=marker, gender="woman", sector=first_option(form, "sector"),
                  country="LS", public_identity="named")  # fmt: skip
    assert stakeholder.post(action, data=fields).status_code == 302
    comment = SectionComment.objects.get(comment=marker)
    assert not comment.is_public  # pre-moderation
    draft_path = open_draft.get_url_parts()[2]
    for server in (a, a, b):  # twice on A: a second read would come from its cache
        assert marker not in read_as_reader(server, draft_path)

    team = Visitor(b)
    sign_in_team_member(team, "moderator", device)
    decide(team, comment, "approve")
    for server in (a, b):
        assert marker in read_as_reader(server, draft_path)

    # ... and a removal through B reaches the cached page of a closed draft on A.
    closed_path = closed_draft.get_url_parts()[2]
    for _ in range(3):  # into the cache of each of A's processes, in all likelihood
        assert old_comment.comment in read_as_reader(a, closed_path)
    decide(team, old_comment, "remove", reason="Off topic.")
    for _ in range(4):
        assert old_comment.comment not in read_as_reader(a, closed_path)

    # 2. Exports asked for through both servers: each written once, by one of two workers.
    for number in range(EXPORTS):
        team.on((a, b)[number % 2])
        action, fields, _form = team.form(
            reverse("feedback_export_new"), lambda form: form.find(attrs={"name": "variant"})
        )
        fields.update(draft=str(open_draft.pk), variant="internal")
        assert team.post(action, data=fields).status_code == 302
    exports = wait_for(
        lambda: (
            list(FeedbackExport.objects.all())
            if FeedbackExport.objects.filter(status=ExportStatus.DONE).count() == EXPORTS
            else None
        ),
        f"{EXPORTS} exports written",
    )
    tasks = DBTaskResult.objects.filter(task_path__endswith="write_feedback_export")
    assert tasks.count() == EXPORTS
    assert all(len(task.worker_ids) == 1 and task.status == "SUCCESSFUL" for task in tasks)
    written = [name for name in uploads.private_files() if name.endswith(".docx")]
    assert len(written) == EXPORTS  # no export written twice
    for export in exports:  # each readable through the server that did not ask for it
        team.on(b if export.pk % 2 else a)
        download = team.get(reverse("feedback_export_download", args=[export.pk]))
        assert download.status_code == 200
        assert download.content == uploads.private_files()[export.file.name]
    workers = {worker for task in tasks for worker in task.worker_ids}

    # 3. E-mails queued on A, sent once by the two mail workers.
    subjects = [f"Queued {number} {secrets.token_hex(3)}" for number in range(EMAILS)]
    queue = "from django.core.mail import send_mail\n" + "".join(
        f"send_mail({subject!r}, 'Body', None, ['someone@example.org'])\n" for subject in subjects
    )
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", queue],
        cwd=ROOT, env=a.env, check=True, capture_output=True,
    )  # fmt: skip
    received = servers.smtp.inbox.subjects
    wait_for(lambda: set(subjects) <= set(received), "every queued e-mail delivered")
    time.sleep(1)  # a second sending would come now
    assert sorted(s for s in received if s.startswith("Queued")) == sorted(subjects)

    # 4. An attachment uploaded through A, read through B.
    letter = b"%PDF-1.4\n" + secrets.token_bytes(20_000)
    stakeholder.on(a)
    action, fields, form = stakeholder.form(
        reverse("submission_form", args=[open_draft.pk]),
        lambda form: form.get("enctype") == "multipart/form-data",
    )
    fields.update(name="Maseru Diaspora Forum", text="Our letter is attached.",
                  gender="undisclosed", country="LS", public_identity="named",
                  sector=fields.get("sector") or first_option(form, "sector"))  # fmt: skip
    files = {"attachment": ("letter.pdf", letter, "application/pdf")}
    assert stakeholder.post(action, data=fields, files=files).status_code == 302
    submission = WrittenSubmission.objects.get(name="Maseru Diaspora Forum")
    download = team.on(b).get(reverse("submission_attachment", args=[submission.pk]))
    assert download.status_code == 200
    assert download.content == letter

    # 5. An erasure run on B reaches the shared storage: the attachment and the draft's Word
    # exports are gone for A too, and the erasure is in the one ledger of every server.
    assert submission.attachment.name in uploads.private_files()
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "erase_personal_data", "stakeholder@example.org", "--yes"],
        cwd=ROOT, env=b.env, check=True, capture_output=True,
    )  # fmt: skip
    left = uploads.private_files()
    assert submission.attachment.name not in left
    assert not [name for name in left if name.endswith(".docx")]
    assert team.on(a).get(reverse("submission_attachment", args=[submission.pk])).status_code == 404
    ledger = uploads.ledger.read_text().splitlines()
    assert len(ledger) == 1

    print(f"\nexports written by workers {sorted(workers)}")  # noqa: T201 - with pytest -s
