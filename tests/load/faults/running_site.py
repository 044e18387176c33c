"""What the fault scripts share: a throw-away site served by gunicorn with the production settings
(a temporary SQLite database with the demo content and its search index, its own folders), a
signed-in stakeholder, and a small HTTP client that fills the site's forms as a browser does.

The site runs on plain HTTP on loopback; requests say they came through an HTTPS proxy
(X-Forwarded-Proto), as behind nginx, so the secure cookies and CSRF checks work as in
production. Not a test module: imported by the scripts next to it."""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import requests
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
PASSWORD = secrets.token_urlsafe(16)
EMAIL = "fault-stakeholder@example.org"

CREATE_STAKEHOLDER = f"""
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
user = get_user_model().objects.create_user(
    "fault-stakeholder", "{EMAIL}", "{PASSWORD}", first_name="Fault", last_name="Tester"
)
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Site:
    """The folders, environment and processes of one throw-away site."""

    def __init__(self, folder: Path, workers: int, extra_env: dict):
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.processes: list[subprocess.Popen] = []
        self.worker: subprocess.Popen | None = None
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        self.env = {
            **inherited,
            "DJANGO_SETTINGS_MODULE": "consultation.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "STATIC_ROOT": str(folder / "static"),
            "MEDIA_ROOT": str(folder / "media"),
            "PRIVATE_MEDIA_ROOT": str(folder / "private"),
            "SEARCH_INDEX_PATH": str(folder / "search_index"),
            "WAGTAILADMIN_BASE_URL": self.url,
            "COMMENT_RATE_PER_IP": "100000/h",  # every client is 127.0.0.1
            "COMMENT_RATE_PER_USER": "100000/h",
            "SEARCH_RATE_PER_IP": "100000/m",
            "DRAFT_DOWNLOAD_RATE_PER_IP": "100000/m",
            **extra_env,
        }
        self.search_index = Path(self.env["SEARCH_INDEX_PATH"])
        self.private_media = Path(self.env["PRIVATE_MEDIA_ROOT"])

    def manage(self, *args: str) -> str:
        started = time.monotonic()
        result = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env,
            capture_output=True, text=True,
        )  # fmt: skip
        if result.returncode:
            sys.exit(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")
        print(f"  manage.py {args[0]}: {time.monotonic() - started:.1f} s")
        return result.stdout

    def prepare(self):
        self.manage("migrate", "--no-input")
        self.manage("collectstatic", "--no-input")
        self.manage("seed_demo")
        self.manage("update_index")
        self.manage("shell", "-c", CREATE_STAKEHOLDER)

    def start(self, *, worker: bool):
        log = (self.folder / "gunicorn.log").open("w")
        gunicorn = [str(BIN / "gunicorn"), "consultation.wsgi", "--bind", f"127.0.0.1:{self.port}",
                    "--workers", str(self.workers), "--access-logfile", "-"]  # fmt: skip
        self.processes.append(
            subprocess.Popen(  # noqa: S603
                gunicorn,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        )
        if worker:
            self.start_worker()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if Browser(self).get("/").status_code == 200:
                    return
            except requests.ConnectionError:
                time.sleep(0.3)
        sys.exit(f"gunicorn did not answer within 60 s; see {self.folder / 'gunicorn.log'}")

    def start_worker(self, backend: str = "background"):
        """A task worker of `make run`: `db_worker --backend background` (among other things,
        it rebuilds a deleted search index) or `--backend mail` (it sends the e-mails)."""
        worker = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "db_worker", "--backend", backend, "--no-reload"],
            cwd=ROOT, env=self.env, stdout=(self.folder / f"worker-{backend}.log").open("w"),
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self.processes.append(worker)
        if backend == "background":
            self.worker = worker

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    def log_count(self, text: str) -> int:
        return (self.folder / "gunicorn.log").read_text().count(text)


@contextmanager
def running_site(
    *, workers: int = 4, worker: bool = False, extra_env=None, keep=False, before_start=None
):
    """A prepared site, served until the block ends; its folder is removed unless ``keep``.
    ``before_start(site)`` runs between the preparation and gunicorn's start."""
    folder = Path(tempfile.mkdtemp(prefix="fault-"))
    site = Site(folder, workers, extra_env or {})
    try:
        print(f"Preparing a site in {folder}")
        site.prepare()
        if before_start:
            before_start(site)
        site.start(worker=worker)
        print(f"gunicorn: {workers} workers on {site.url}")
        yield site
    finally:
        site.stop()
        if keep:
            print(f"Kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


class Browser:
    """One visitor: its cookies (sent over plain HTTP although marked Secure: the proxy's
    HTTPS is only pretended), no redirects followed."""

    def __init__(self, site: Site):
        self.site = site
        self.cookies: dict[str, str] = {}
        self.origin = f"https://127.0.0.1:{site.port}"

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"X-Forwarded-Proto": "https", **kwargs.pop("headers", {})}
        if method == "POST":
            headers.update(Origin=self.origin, Referer=self.origin + path)
        response = requests.request(
            method, self.site.url + path, headers=headers, cookies=self.cookies,
            allow_redirects=False, timeout=60, **kwargs,
        )  # fmt: skip
        self.cookies.update(response.cookies.get_dict())
        return response

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def form(self, path: str, which=None) -> tuple[str, dict, BeautifulSoup]:
        """The action and fields of a form of the page at ``path`` as rendered (the last form,
        or the first for which ``which(form)`` is true), every required box ticked, and the
        form itself."""
        page = self.get(path)
        page.raise_for_status()
        forms = BeautifulSoup(page.text, "html.parser").find_all("form")
        form = next(f for f in forms if which(f)) if which else forms[-1]
        fields = {}
        for field in form.find_all(["input", "textarea", "select"]):
            name, kind = field.get("name"), field.get("type", "")
            if not name or kind in {"submit", "file"}:
                continue
            if field.name == "textarea":
                fields[name] = field.get_text()
            elif field.name == "select":
                chosen = field.find("option", selected=True)
                fields[name] = chosen.get("value", "") if chosen else ""
            elif kind in {"checkbox", "radio"}:
                if field.has_attr("checked") or (kind == "checkbox" and field.has_attr("required")):
                    fields[name] = field.get("value", "on")
            else:
                fields[name] = field.get("value", "")
        return form.get("action") or path, fields, form

    def sign_in(self):
        action, fields, _form = self.form(
            "/accounts/login/", lambda f: f.find("input", type="password")
        )
        fields.update(login=EMAIL, password=PASSWORD)
        response = self.post(action, data=fields)
        if response.status_code != 302:
            sys.exit(f"Could not sign in: HTTP {response.status_code}")


OPEN_SECTIONS = """
from policy_docs.models import DraftPage
draft = next(d for d in DraftPage.objects.live().specific() if d.is_open_for_comments())
print(*draft.sections.values_list("pk", flat=True)[:5])
"""


def open_section_ids(site) -> list[int]:
    """The first sections of the demo's draft open for comments."""
    output = site.manage("shell", "-c", OPEN_SECTIONS).splitlines()[-1]
    return [int(pk) for pk in output.split()]


def first_option(form: BeautifulSoup, name: str) -> str:
    """The value of the first non-empty choice of a select (a sector)."""
    select = form.find("select", attrs={"name": name})
    return next(o["value"] for o in select.find_all("option") if o.get("value"))
