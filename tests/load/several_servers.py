"""`run_load.py --servers N`: the load test against N app servers at once, as README "Several
app servers" sets them up: N gunicorn instances on N ports, each with its own local folders
(static files, search index), one PostgreSQL database, one Redis (a redis-server started for
the run), the uploads on one shared folder and search on the database backend. Locust's users
are spread over the servers in turn (the locustfile reads `hosts` from the plan).

Besides the single server's checks (every acknowledged comment stored exactly once, with its
feedback item), half-way through the run a moderator's approval of one of the load's comments
is made from the last server's configuration, and each server is then read as an anonymous
reader until the comment shows on the open draft page: it must show on every server (the
purge reaches them all through Redis); the seconds it took are reported."""

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import run_load as single
from run_load import BIN, DATABASE_SERVER, ROOT

APPROVE_ONE = """
from django.contrib.auth import get_user_model
from consultation.models import SectionComment
from consultation.moderation import moderation_approve
comment = (SectionComment.objects.filter(comment__contains="[{marker}-", is_public=False,
                                         is_removed=False).order_by("pk").first())
if comment is None:
    print("none")
else:
    moderator, _ = get_user_model().objects.get_or_create(
        username="load-moderator", defaults={{"is_staff": True, "is_superuser": True}})
    moderation_approve(item=comment, user=moderator)
    print(comment.comment.rsplit("[", 1)[1].rstrip("]"))
"""


def server_environments(folder: Path, database_url: str, redis_url: str, ports: list[int]):
    """One environment per server: what is shared (database, Redis, uploads, secret key) is the
    same in each; static files and the (unused) Whoosh index are in a folder of its own."""
    shared = folder / "shared"
    origins = ",".join(f"https://127.0.0.1:{port}" for port in ports)
    secret = secrets.token_urlsafe(50)
    environments = []
    for number, _port in enumerate(ports, start=1):
        environment = single.production_environment(folder / f"server-{number}", database_url)
        environment.update(
            SECRET_KEY=secret,
            REDIS_URL=redis_url,
            SEARCH_BACKEND="database",
            MEDIA_ROOT=str(shared / "media"),
            PRIVATE_MEDIA_ROOT=str(shared / "private"),
            # Each locust user sticks to one server; the list makes the check explicit.
            CSRF_TRUSTED_ORIGINS=origins,
        )
        environments.append(environment)
    return environments


def prepare_servers(environments: list[dict]):
    """The database and the shared folder once; each server's static files in its own folder
    (collected once and copied: the same code makes the same files)."""
    first = environments[0]
    for command in (["migrate", "--no-input"], ["seed_demo"], ["update_index"],
                    ["collectstatic", "--no-input"]):  # fmt: skip
        single.manage(first, *command)
    for environment in environments[1:]:
        shutil.copytree(first["STATIC_ROOT"], environment["STATIC_ROOT"])


def start_servers(
    environments, ports, workers: int, threads: int, folder: Path
) -> list[subprocess.Popen]:
    servers = []
    for number, (environment, port) in enumerate(zip(environments, ports, strict=True), 1):
        log = (folder / f"gunicorn-{number}.log").open("w")
        servers.append(
            subprocess.Popen(  # noqa: S603
                single.gunicorn_command(port, workers, threads),
                cwd=ROOT,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        )
    for server, port in zip(servers, ports, strict=True):
        single.wait_until_serving(f"http://127.0.0.1:{port}/", server)
    return servers


def read_as_reader(url: str) -> str:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.read().decode()


class PublishDuringRun(threading.Thread):
    """At `at` seconds, approves the first pending comment of the load (from the last server's
    configuration, as a moderator there would), then reads the open draft page through every
    server until the comment shows (20 s at most per server)."""

    def __init__(self, environment: dict, marker: str, at: float, urls: list[str], path: str):
        super().__init__(daemon=True)
        self.environment, self.marker, self.at = environment, marker, at
        self.urls, self.path = urls, path
        self.cancelled = threading.Event()
        self.result: dict = {"published": None}

    def run(self):
        if self.cancelled.wait(self.at):
            return
        output = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "shell", "-c", APPROVE_ONE.format(marker=self.marker)],
            cwd=ROOT, env=self.environment, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        approved_at = time.monotonic()
        marker = (output.stdout.strip().splitlines() or ["none"])[-1]
        if output.returncode or marker == "none":
            self.result["error"] = (output.stderr or "no pending comment to approve")[-500:]
            return
        self.result["published"] = marker
        seen = {}
        for url in self.urls:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                try:
                    if f"[{marker}]" in read_as_reader(url + self.path):
                        seen[url] = round(time.monotonic() - approved_at, 2)
                        break
                except OSError:
                    pass
                time.sleep(0.2)
            else:
                seen[url] = None
        self.result["seconds_until_visible"] = seen

    def finish(self):
        self.cancelled.set()
        if self.is_alive():
            self.join()


def run(args) -> int:
    """The whole run with args.servers servers; returns the exit status."""
    run_id = f"{time.strftime('%Y%m%d_%H%M%S')}_{os.getpid()}"
    database = f"loadtest_{run_id}"
    folder = Path(tempfile.mkdtemp(prefix="load-test-servers-"))
    ports = [single.free_port() for _ in range(args.servers)]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    servers, runner, redis, publisher = [], None, None, None
    database_created = False
    try:
        print(f"Database {database}, files in {folder}, {args.servers} servers")
        single.admin_sql(f'CREATE DATABASE "{database}"')
        database_created = True
        redis, redis_url = single.start_redis(folder)
        environments = server_environments(
            folder, f"{DATABASE_SERVER}/{database}", redis_url, ports
        )
        prepare_servers(environments)
        marker = f"LT{secrets.token_hex(3)}"
        plan_file = single.prepare(
            environments[0], args, folder, marker, origin=f"https://127.0.0.1:{ports[0]}"
        )
        plan = json.loads(plan_file.read_text())
        plan["hosts"] = urls
        plan_file.write_text(json.dumps(plan))

        servers = start_servers(environments, ports, args.workers, args.threads, folder)
        print(f"gunicorn: {args.servers} servers of {args.workers} workers on {', '.join(urls)};"
              f" locust for {args.duration} s")  # fmt: skip
        cpu_before = sum(single.cpu_seconds(server) for server in servers)
        load_before = os.getloadavg()
        runner = subprocess.Popen(  # noqa: S603
            [str(BIN / "locust"), "-f", str(ROOT / "tests/load/locustfile.py"), "--headless",
             "--host", urls[0], "--users", str(args.readers + args.commenters),
             "--spawn-rate", str(args.spawn_rate), "--run-time", f"{args.duration}s",
             "--stop-timeout", "20", "--only-summary", "--loglevel", "WARNING"],
            cwd=ROOT, env={**environments[0], "LOAD_PLAN": str(plan_file)},
            stdout=(folder / "locust.log").open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        publisher = PublishDuringRun(
            environments[-1], marker, args.duration / 2, urls, plan["pages"]["open_draft"]
        )
        publisher.start()
        runner.wait(timeout=args.duration + 120)
        server_cpu = sum(single.cpu_seconds(server) for server in servers) - cpu_before
        load_after = os.getloadavg()
        publisher.finish()

        results_file = folder / "locust-results.json"
        if not results_file.exists():
            sys.exit("locust wrote no results:\n" + (folder / "locust.log").read_text()[-3000:])
        results = json.loads(results_file.read_text())
        records = results["requests"]
        report = {
            "mode": f"{args.servers} servers",
            "servers": urls,
            "readers": args.readers,
            "commenters": args.commenters,
            "duration_s": args.duration,
            "workers": args.workers,
            "threads": args.threads,
            "cores": os.cpu_count(),
            "requests": single.request_figures(records),
            "gunicorn_cpu_s": round(server_cpu, 1),
            "gunicorn_cpu_ms_per_request": round(
                1000 * server_cpu / max(1, sum(r["status"] > 0 for r in records)), 1
            ),
            "load_average_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
            "logins": results["logins"],
            "comments": single.comment_figures(results["accepted"], marker),
            "refusals": results["refusals"],
            "published_during_run": publisher.result,
        }
        logs = "".join(p.read_text() for p in folder.glob("gunicorn-*.log"))
        report["gunicorn_log"] = {
            "worker_timeouts": logs.count("WORKER TIMEOUT"),
            "tracebacks": logs.count("Traceback"),
        }
        failed = single.checks({**report, "mode": "plain"})
        seen = publisher.result.get("seconds_until_visible") or {}
        if not publisher.result["published"]:
            failed.append(f"no comment published during the run: {publisher.result}")
        elif len(seen) != len(urls) or None in seen.values():
            failed.append(f"the comment published during the run is missing on a server: {seen}")
        report["failed_checks"] = failed
        output = args.output or ROOT / "var" / "load-test" / f"{run_id}-servers-{args.servers}.json"
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(report, indent=2))
        single.print_report(report)
        print(f"published during the run: {json.dumps(publisher.result)}")
        print(f"\nReport: {output}")
        return 1 if failed else 0
    except KeyboardInterrupt:
        print("\nInterrupted: stopping the servers and removing the database.")
        return 130
    finally:
        if publisher:
            publisher.finish()
        for process in (runner, *servers, redis):
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
        if database_created:
            single.admin_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(folder, ignore_errors=True)
