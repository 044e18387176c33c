"""Load test: readers and commenters at once against gunicorn and PostgreSQL on loopback, for a
fixed time, optionally with PostgreSQL restarted half-way. Run on demand (`make load`):

    .venv/bin/python tests/load/run_load.py                      # launch day: 400 readers,
                                                                 # 100 commenters, 120 s
    .venv/bin/python tests/load/run_load.py --compare-baseline   # the same against main first
    .venv/bin/python tests/load/run_load.py --threads 4          # gunicorn gthread workers
    .venv/bin/python tests/load/run_load.py --fault pg-restart   # PostgreSQL down for 7 s at 20 s

It creates a fresh database on the local PostgreSQL server, migrates, loads the demo content,
creates the commenters' accounts (addresses confirmed), serves the site with gunicorn and the
production settings, and runs locust headless (tests/load/locustfile.py). Then it counts what
the clients saw (requests, failures, 5xx, latency percentiles per request type, requests per
second) and checks the database: every comment the site acknowledged is stored exactly once,
with its feedback item and its thread fields. It prints a table, writes a JSON report under
var/load-test/ and exits non-zero when a check fails. The server and the database are removed
at the end, also on Ctrl-C; after a fault, PostgreSQL is always started again.

All traffic comes from 127.0.0.1, so the rate limits per address are raised through the
environment (COMMENT_RATE_PER_IP, COMMENT_RATE_PER_USER, SEARCH_RATE_PER_IP,
DRAFT_DOWNLOAD_RATE_PER_IP, SIGN_IN_RATE_PER_IP) of the run's server only. Needs locust:
`pip install -e ".[load]"`.

--compare-baseline [REF] runs the same scenario against REF (default: the merge-base with
main) and then against the working tree, and prints both side by side (baseline_comparison.py)."""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import baseline_comparison as baseline  # tests/load/, beside this script
from server_cpu import cpu_ms_per_request
from server_cpu import cpu_seconds as tree_cpu_seconds

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BIN = Path(sys.executable).parent
DATABASE_SERVER = os.environ.get("LOAD_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")
SEARCH_TERMS = ["remittances", "dual citizenship", "diaspora", "investment", "passport",
                "skills", "consular services", "return"]  # fmt: skip
MARKER = re.compile(r"\[(LT\w+-\d+-\d+)\]")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=400)
    parser.add_argument("--commenters", type=int, default=100)
    parser.add_argument("--duration", type=int, default=120, help="seconds of load")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument(
        "--threads", type=int, default=1,
        help="threads per gunicorn worker: above 1, gthread workers; 1, sync workers",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=17, help="the locust users' random seed")
    parser.add_argument(
        "--compare-baseline", nargs="?", const="", default=None, metavar="GIT_REF",
        help="run the same scenario against GIT_REF (default: the merge-base of HEAD with "
        "main) checked out in a temporary worktree, then against the working tree, and print "
        "both side by side",
    )  # fmt: skip
    parser.add_argument("--baseline-workers", type=int, help="default: --workers")
    parser.add_argument(
        "--baseline-threads", type=int, default=1,
        help="threads per worker of the baseline's gunicorn (default 1: sync workers, the "
        "previous configuration)",
    )  # fmt: skip
    # Set by --compare-baseline for each of its two runs.
    parser.add_argument("--project-root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    parser.add_argument("--label", default="", help=argparse.SUPPRESS)
    parser.add_argument("--spawn-rate", type=float, default=50, help="users started per second")
    parser.add_argument(
        "--reader-wait", type=float, nargs=2, default=[1, 5], metavar=("MIN", "MAX")
    )
    parser.add_argument("--commenter-wait", type=float, nargs=2, default=[5, 15],
                        metavar=("MIN", "MAX"))  # fmt: skip
    parser.add_argument("--fault", choices=["pg-restart"], help="inject a fault during the run")
    parser.add_argument("--fault-at", type=float, default=20, help="seconds into the run")
    parser.add_argument("--outage", type=float, default=7, help="seconds PostgreSQL stays down")
    parser.add_argument("--pg-cluster", default="15/main", help="version/name for pg_ctlcluster")
    parser.add_argument("--output", type=Path, help="JSON report (default under var/load-test/)")
    parser.add_argument(
        "--servers", type=int, default=1,
        help="app servers (gunicorn instances with their own folders, one Redis, one shared "
        "uploads folder; tests/load/several_servers.py), each with --workers workers",
    )  # fmt: skip
    return parser.parse_args()


def interrupted(signum, frame):
    raise KeyboardInterrupt


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def admin_sql(statement: str):
    import psycopg

    with psycopg.connect(f"{DATABASE_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def production_environment(folder: Path, database_url: str) -> dict:
    """The production settings as an operator sets them, with the rate limits raised."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "consultation.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback, no TLS proxy in front
        "COMMENT_RATE_PER_IP": "100000/h",  # every client is 127.0.0.1
        "COMMENT_RATE_PER_USER": "100000/h",
        "SEARCH_RATE_PER_IP": "100000/m",
        "DRAFT_DOWNLOAD_RATE_PER_IP": "100000/m",
        "SIGN_IN_RATE_PER_IP": "100000/m",  # allauth's 30/m per address otherwise
        "MODERATION_MODE": "pre",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "PRIVATE_MEDIA_ROOT": str(folder / "private"),
        "SEARCH_INDEX_PATH": str(folder / "search"),
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
    }


def manage(environment: dict, *args: str, root: Path = ROOT):
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=root, env=environment,
        capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    print(f"  manage.py {' '.join(args)}: {time.monotonic() - started:.0f} s")


def prepare(
    environment: dict, args, folder: Path, marker: str, origin: str, root: Path = ROOT
) -> Path:
    """The commenters' accounts, and the plan of pages and accounts the locust users read."""
    os.environ.update(environment)
    sys.path.insert(0, str(root))
    import django

    import consultation

    if not Path(consultation.__file__).resolve().is_relative_to(root.resolve()):
        sys.exit(f"consultation imported from {consultation.__file__}, not from {root}")
    django.setup()
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connections
    from django.urls import reverse

    from policy_docs.models import DraftPage

    password = secrets.token_urlsafe(16)
    hashed = make_password(password)  # one hash for all: the password hasher is slow on purpose
    user_model = get_user_model()
    users = user_model.objects.bulk_create(
        user_model(username=f"load-commenter-{n:02d}", email=f"load-commenter-{n:02d}@example.org",
                   first_name="Load", last_name=f"Commenter {n:02d}", password=hashed)
        for n in range(1, args.commenters + 1)
    )  # fmt: skip
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    drafts = [
        draft for draft in DraftPage.objects.live().specific() if draft.is_open_for_comments()
    ]
    if not drafts:
        sys.exit("The demo content has no draft open for comments.")
    open_draft = drafts[0]
    policy = open_draft.policy
    policy_path = urlsplit(policy.url).path
    all_drafts = list(policy.drafts())
    sections = list(open_draft.sections.values_list("pk", flat=True))
    plan = {
        "readers": args.readers,
        "commenters": args.commenters,
        "reader_wait": args.reader_wait,
        "commenter_wait": args.commenter_wait,
        "seed": args.seed,
        "origin": origin,
        "marker": marker,
        "results": str(folder / "locust-results.json"),
        "accounts": [
            {"email": user.email, "password": password, "name": user.get_full_name()}
            for user in users
        ],
        "pages": {
            "policy": policy_path,
            "open_draft": urlsplit(open_draft.url).path,
            "adopted": f"{policy_path}adopted/",
            "compare": [
                f"{policy_path}compare/?from={a.slug}&to={b.slug}"
                for a, b in zip(all_drafts, all_drafts[1:], strict=False)
            ],
            "what_we_heard": [reverse("what_we_heard", args=[d.pk]) for d in all_drafts],
            "sections": [reverse("section_comment", args=[pk]) for pk in sections],
            "comment_forms": [reverse("section_comment", args=[pk]) for pk in sections],
            "search_terms": SEARCH_TERMS,
        },
    }
    connections.close_all()
    plan_file = folder / "plan.json"
    plan_file.write_text(json.dumps(plan))
    return plan_file


def wait_until_serving(url: str, server: subprocess.Popen, timeout: float = 90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("gunicorn stopped while starting.")
        try:
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit(f"gunicorn did not answer {url} within {timeout:.0f} s.")


class PostgresRestart(threading.Thread):
    """Stops the PostgreSQL cluster `at` seconds after it is started, starts it again `outage`
    seconds later, and always starts it again if cancelled meanwhile."""

    def __init__(self, cluster: str, at: float, outage: float):
        super().__init__(daemon=True)
        self.version, self.name = cluster.split("/")
        self.at, self.outage = at, outage
        self.cancelled = threading.Event()
        self.timeline: dict[str, float] = {}

    def pg_ctlcluster(self, action: str):
        subprocess.run(  # noqa: S603
            ["pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, action],  # noqa: S607
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip

    def run(self):
        if self.cancelled.wait(self.at):
            return
        self.timeline["stop_requested"] = time.time()
        try:
            self.pg_ctlcluster("stop")
            self.timeline["stopped"] = time.time()
            self.cancelled.wait(self.outage)
        finally:
            self.timeline["start_requested"] = time.time()
            self.pg_ctlcluster("start")
            self.timeline["started"] = time.time()

    def finish(self):
        self.cancelled.set()
        if self.is_alive():
            self.join()


def cpu_seconds(process: subprocess.Popen) -> float:
    """CPU time used so far by a process and its children (gunicorn's master and workers)."""
    return tree_cpu_seconds(process.pid)


def gunicorn_command(port: int, workers: int, threads: int = 1) -> list[str]:
    """gunicorn on loopback; with threads above 1, gthread workers of that many threads."""
    command = [str(BIN / "gunicorn"), "consultation.wsgi", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--timeout", "30"]  # fmt: skip
    if threads > 1:
        command += ["--worker-class", "gthread", "--threads", str(threads)]
    return command


def percentile(sorted_values: list[float], share: float) -> float:
    if not sorted_values:
        return 0.0
    rank = max(0, min(len(sorted_values) - 1, round(share * len(sorted_values) + 0.5) - 1))
    return sorted_values[rank]


def is_ok(record: dict) -> bool:
    return not record["error"] and 0 < record["status"] < 400


def request_figures(records: list[dict]) -> dict:
    """Counts, failures, status codes and latency percentiles per request type and overall."""
    by_name = defaultdict(list)
    for record in records:
        by_name[record["name"]].append(record)
    types = {}
    for name, rows in sorted(by_name.items()):
        times = sorted(row["ms"] for row in rows)
        types[name] = {
            "requests": len(rows),
            "failures": sum(not is_ok(row) for row in rows),
            "p50_ms": percentile(times, 0.50),
            "p95_ms": percentile(times, 0.95),
            "p99_ms": percentile(times, 0.99),
            "max_ms": times[-1],
        }
    first = min((r["t"] for r in records), default=0)
    last = max((r["t"] + r["ms"] / 1000 for r in records), default=0)
    statuses = Counter(str(r["status"]) for r in records)
    all_times = sorted(r["ms"] for r in records)
    return {
        "requests": len(records),
        "failures": sum(not is_ok(r) for r in records),
        "server_errors_5xx": sum(r["status"] >= 500 for r in records),
        "connection_errors": sum(r["status"] == 0 for r in records),
        "statuses": dict(sorted(statuses.items())),
        "seconds": round(last - first, 1),
        "requests_per_second": round(len(records) / (last - first), 1) if last > first else 0,
        "p50_ms": percentile(all_times, 0.50),
        "p95_ms": percentile(all_times, 0.95),
        "p99_ms": percentile(all_times, 0.99),
        "types": types,
    }


def comment_figures(accepted: list[dict], marker_prefix: str) -> dict:
    """The acknowledged comments against the rows stored with their markers."""
    from django.db import connections

    from consultation.models import FeedbackItem, SectionComment

    rows = list(
        SectionComment.objects.filter(comment__contains=f"[{marker_prefix}-").values_list(
            "pk", "comment", "thread_id", "parent_id"
        )
    )
    with_feedback = set(
        FeedbackItem.objects.filter(comment_id__in=[pk for pk, *_ in rows]).values_list(
            "comment_id", flat=True
        )
    )
    connections.close_all()
    stored = Counter(MARKER.search(text).group(1) for _pk, text, *_ in rows)
    acknowledged = Counter(item["marker"] for item in accepted)
    return {
        "acknowledged": len(acknowledged),
        "stored_rows": len(rows),
        "acknowledged_and_stored_once": sum(stored[m] == 1 for m in acknowledged),
        "missing": sorted(m for m in acknowledged if not stored[m]),
        "duplicates": sorted(m for m, count in stored.items() if count > 1),
        "stored_not_acknowledged": sorted(m for m in stored if m not in acknowledged),
        "without_feedback_item": sorted(pk for pk, *_ in rows if pk not in with_feedback),
        "without_thread_fields": sorted(pk for pk, _t, thread, _p in rows if thread != pk),
    }


def fault_figures(records: list[dict], accepted: list[dict], timeline: dict) -> dict:
    """What the clients saw while PostgreSQL was down and how soon the site recovered. Under
    load a request waits in gunicorn's queue before a worker takes it, so requests are placed
    by when their answer came, not by when they were sent."""
    if "started" not in timeline:
        return {"timeline": timeline, "note": "the fault did not happen (run too short?)"}
    down, up = timeline["stop_requested"], timeline["started"]

    def answered(record):
        return record["t"] + record["ms"] / 1000

    during = [r for r in records if down <= answered(r) <= up]
    after = sorted((r for r in records if answered(r) > up), key=answered)
    unavailable = [r for r in records if r["status"] == 503]
    first_ok = next((r for r in after if is_ok(r)), None)
    return {
        "timeline_s": {k: round(v - down, 2) for k, v in timeline.items()},
        "outage_s": round(up - down, 1),
        "answered_during_outage": {
            "total": len(during),
            "ok": sum(is_ok(r) for r in during),
            "503": sum(r["status"] == 503 for r in during),
            "other_5xx": sum(r["status"] >= 500 and r["status"] != 503 for r in during),
            "connection_errors": sum(r["status"] == 0 for r in during),
            "other_failures": sum(not is_ok(r) and 0 < r["status"] < 500 for r in during),
        },
        "503_total": len(unavailable),
        "503_with_retry_after_and_page": sum(
            bool(r.get("retry_after")) and r.get("unavailable_page", False) for r in unavailable
        ),
        "answered_after_restart": {
            "503": sum(r["status"] == 503 for r in after),
            "other_5xx": sum(r["status"] >= 500 and r["status"] != 503 for r in after),
            "connection_errors": sum(r["status"] == 0 for r in after),
        },
        "last_503_answered_s_after_restart": round(
            max((answered(r) for r in unavailable), default=down) - up, 2
        ),
        "first_success_answered_s_after_restart": (
            round(answered(first_ok) - up, 2) if first_ok else None
        ),
        "comments_acknowledged_during_outage": sum(down <= c["t"] <= up for c in accepted),
    }


def print_report(report: dict):
    figures = report["requests"]
    label = f" {report['label']}" if report.get("label") else ""
    print(f"\n{report['mode']}{label}: {report['readers']} readers + "
          f"{report['commenters']} commenters, {report['duration_s']} s, "
          f"{baseline.server_configuration(report)}")  # fmt: skip
    print(
        f"{'request type':28} {'count':>7} {'fail':>6} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}"
    )
    for name, row in figures["types"].items():
        print(f"{name:28} {row['requests']:7} {row['failures']:6} {row['p50_ms']:7.0f} "
              f"{row['p95_ms']:7.0f} {row['p99_ms']:7.0f} {row['max_ms']:7.0f}")  # fmt: skip
    print(f"{'all':28} {figures['requests']:7} {figures['failures']:6} {figures['p50_ms']:7.0f} "
          f"{figures['p95_ms']:7.0f} {figures['p99_ms']:7.0f}   (ms)")  # fmt: skip
    print(
        f"requests/s {figures['requests_per_second']}; statuses {figures['statuses']}; "
        f"5xx {figures['server_errors_5xx']}; connection errors {figures['connection_errors']}"
    )
    print(
        f"gunicorn CPU {report['gunicorn_cpu_s']} s ({report['gunicorn_cpu_ms_per_request']} ms a "
        f"request) on {report['cores']} cores; task worker CPU {report.get('worker_cpu_s')} s; "
        f"load average before/after {report['load_average_before_after']}"
    )
    print(f"sign-ins: {report['logins']}")
    comments = report["comments"]
    print("comments: " + ", ".join(
        f"{k} {len(v) if isinstance(v, list) else v}" for k, v in comments.items()))  # fmt: skip
    if report.get("fault"):
        print("fault: " + json.dumps(report["fault"]))
    for refusal in report["refusals"]:
        print(f"  refused: {refusal}")
    for check in report["failed_checks"]:
        print(f"FAILED: {check}")


def checks(report: dict) -> list[str]:
    failed = []
    comments, figures = report["comments"], report["requests"]
    if report["mode"] == "plain" and figures["server_errors_5xx"]:
        failed.append(f"{figures['server_errors_5xx']} responses 5xx")
    other_failures = figures["failures"] - figures["server_errors_5xx"]
    if report["mode"] == "plain" and other_failures:  # refusals (429), 4xx, connection errors
        failed.append(f"{other_failures} other failed requests: statuses {figures['statuses']}")
    fault = report.get("fault") or {}
    if fault:
        other_5xx = figures["server_errors_5xx"] - figures["statuses"].get("503", 0)
        if other_5xx:
            failed.append(f"{other_5xx} responses 5xx other than 503")
        if fault.get("503_with_retry_after_and_page") != fault.get("503_total"):
            failed.append("a 503 without Retry-After or without the 'briefly unavailable' page")
        if fault.get("answered_after_restart", {}).get("503"):
            failed.append("503s after PostgreSQL was back")
    for name in ("missing", "duplicates", "without_feedback_item", "without_thread_fields"):
        if comments[name]:
            failed.append(f"comments {name}: {comments[name][:10]}")
    if not comments["acknowledged"]:
        failed.append("no comment was acknowledged")
    return failed


def several_servers_run(args) -> int:
    if args.fault:
        sys.exit("--fault runs against one server.")
    from several_servers import run  # tests/load/, beside this script

    return run(args)


def compare_with_baseline(args) -> int:
    """The scenario against the baseline (a temporary worktree of the ref), then against the
    working tree, each in a run of this script of its own; then both side by side."""
    if args.fault or args.servers > 1:
        sys.exit("--compare-baseline runs the plain scenario against one server.")
    commit = baseline.resolve_baseline(ROOT, args.compare_baseline or None)
    run_id = f"{time.strftime('%Y%m%d_%H%M%S')}_{os.getpid()}"
    output = args.output or ROOT / "var" / "load-test" / f"{run_id}-compare.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="load-test-baseline-"))
    worktree = None
    try:
        worktree = baseline.add_worktree(ROOT, commit, folder)
        python, why = baseline.baseline_python(worktree)
        short = commit[:7]
        print(f"Baseline {short} in {worktree}, on {why}")
        sides = {
            "baseline": (python, worktree, args.baseline_workers or args.workers,
                         args.baseline_threads, f"{short} (baseline)"),
            "current": (sys.executable, ROOT, args.workers, args.threads,
                        f"{baseline.git(ROOT, 'rev-parse', '--short', 'HEAD')} + working tree"),
        }  # fmt: skip
        reports, statuses = {}, {}
        for side, (side_python, root, workers, threads, label) in sides.items():
            print(f"\n=== {side}: {label}")
            side_output = output.with_name(f"{output.stem}-{side}.json")
            statuses[side] = subprocess.run(  # noqa: S603
                [side_python, str(HERE / "run_load.py"), *scenario_arguments(args),
                 "--workers", str(workers), "--threads", str(threads),
                 "--project-root", str(root), "--label", label, "--output", str(side_output)],
                cwd=root,
            ).returncode  # fmt: skip
            if not side_output.exists():
                sys.exit(f"The {side} run wrote no report (exit status {statuses[side]}).")
            reports[side] = json.loads(side_output.read_text())
        table = baseline.side_by_side(reports["baseline"], reports["current"])
        output.write_text(json.dumps({"baseline_commit": commit, "baseline_python": why,
                                      **reports, "table": table}, indent=2))  # fmt: skip
        print(f"\n=== side by side (ratio: current / baseline)\n{table}\n\nReport: {output}")
        return statuses["current"]
    except KeyboardInterrupt:
        print("\nInterrupted.")
        return 130
    finally:
        if worktree:
            baseline.remove_worktree(ROOT, worktree)
        shutil.rmtree(folder, ignore_errors=True)


def scenario_arguments(args) -> list[str]:
    """The options that make the scenario, passed on to each run of a comparison."""
    return ["--readers", str(args.readers), "--commenters", str(args.commenters),
            "--duration", str(args.duration), "--spawn-rate", str(args.spawn_rate),
            "--seed", str(args.seed),
            "--reader-wait", *map(str, args.reader_wait),
            "--commenter-wait", *map(str, args.commenter_wait)]  # fmt: skip


def main() -> int:
    args = parse_args()
    signal.signal(signal.SIGTERM, interrupted)
    os.chdir(ROOT)
    locust = BIN / "locust"
    if not locust.exists():
        sys.exit('locust is not installed: .venv/bin/pip install -e ".[load]"')
    if args.compare_baseline is not None:
        return compare_with_baseline(args)
    if args.servers > 1:
        return several_servers_run(args)
    return single_server_run(args, locust)


def stop(process: subprocess.Popen | None):
    """Stop a process we started, if it still runs: asked first, killed after 20 s."""
    if process and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def start_redis(folder: Path) -> tuple[subprocess.Popen, str]:
    """A redis-server of the run's own, on a free port, keeping nothing on disk."""
    binary = shutil.which("redis-server")
    if binary is None:
        sys.exit("redis-server not found: apt-get install redis-server")
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    return server, f"redis://127.0.0.1:{port}/0"


@dataclass
class DemoSite:
    base_url: str
    environment: dict
    plan: Path
    server: subprocess.Popen
    folder: Path
    marker: str  # in every comment the load's commenters post
    # The task worker production runs beside gunicorn (`db_worker --backend background`): it
    # writes the search index's updates (search_index/write_behind.py).
    worker: subprocess.Popen | None = None


@contextmanager
def demo_site(args, *, workers: int, threads: int = 1):
    """A fresh PostgreSQL database with the demo content and the commenters' accounts, served by
    gunicorn with the production settings from the code in args.project_root; the server, the
    database and the files are removed on leaving, also on Ctrl-C or an error."""
    root = args.project_root
    database = f"loadtest_{time.strftime('%Y%m%d_%H%M%S')}_{os.getpid()}"
    folder = Path(tempfile.mkdtemp(prefix="load-test-"))
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = worker = redis = None
    database_created = False
    try:
        print(f"Database {database}, files in {folder}")
        admin_sql(f'CREATE DATABASE "{database}"')
        database_created = True
        # Redis as in production: the page cache's tokens and purges shared by the workers.
        redis, redis_url = start_redis(folder)
        environment = {
            **production_environment(folder, f"{DATABASE_SERVER}/{database}"),
            "REDIS_URL": redis_url,
        }
        for command in (["migrate", "--no-input"], ["seed_demo"], ["update_index"],
                        ["collectstatic", "--no-input"]):  # fmt: skip
            manage(environment, *command, root=root)
        marker = f"LT{secrets.token_hex(3)}"
        plan = prepare(
            environment, args, folder, marker, origin=f"https://127.0.0.1:{port}", root=root
        )
        log = (folder / "gunicorn.log").open("w")
        server = subprocess.Popen(  # noqa: S603
            gunicorn_command(port, workers, threads),
            cwd=root, env=environment, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        worker = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "db_worker", "--backend", "background", "--no-reload"],
            cwd=root, env=environment, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_until_serving(base_url + "/", server)
        print(f"gunicorn: {workers} workers ({threads} threads each) on {base_url}, "
              f"code in {root}; one task worker")  # fmt: skip
        yield DemoSite(base_url, environment, plan, server, folder, marker, worker)
    finally:
        stop(worker)
        stop(server)
        stop(redis)
        if database_created:
            admin_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(folder, ignore_errors=True)


def single_server_run(args, locust: Path) -> int:
    """One run of the scenario against one gunicorn server of the code in args.project_root."""
    try:
        with demo_site(args, workers=args.workers, threads=args.threads) as site:
            return run_scenario(args, site, locust)
    except KeyboardInterrupt:
        print("\nInterrupted: stopping the server and removing the database.")
        return 130


def run_scenario(args, site: DemoSite, locust: Path) -> int:
    """locust against the site, then the report: printed, written, and the exit status."""
    run_id = f"{time.strftime('%Y%m%d_%H%M%S')}_{os.getpid()}"
    mode = args.fault or "plain"
    server = site.server
    runner = restart = None
    print(f"locust for {args.duration} s")
    try:
        server_cpu_before, load_before = cpu_seconds(server), os.getloadavg()
        worker_cpu_before = cpu_seconds(site.worker)
        locust_log = (site.folder / "locust.log").open("w")
        runner = subprocess.Popen(  # noqa: S603
            [str(locust), "-f", str(HERE / "locustfile.py"), "--headless",
             "--host", site.base_url, "--users", str(args.readers + args.commenters),
             "--spawn-rate", str(args.spawn_rate), "--run-time", f"{args.duration}s",
             "--stop-timeout", "20", "--only-summary", "--loglevel", "WARNING"],
            cwd=args.project_root, env={**site.environment, "LOAD_PLAN": str(site.plan)},
            stdout=locust_log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        if args.fault == "pg-restart":
            restart = PostgresRestart(args.pg_cluster, args.fault_at, args.outage)
            restart.start()
        runner.wait(timeout=args.duration + 120)
        server_cpu_after, load_after = cpu_seconds(server), os.getloadavg()
        worker_cpu_after = cpu_seconds(site.worker)
    finally:
        if restart:
            restart.finish()  # PostgreSQL is started again whatever happened
        stop(runner)

    if not (site.folder / "locust-results.json").exists():
        log = (site.folder / "locust.log").read_text()
        sys.exit("locust wrote no results:\n" + log[-3000:])
    results = json.loads((site.folder / "locust-results.json").read_text())
    records = results["requests"]
    served = sum(r["status"] > 0 for r in records)  # answered by the server, whatever status
    report = {
        "mode": mode,
        "label": args.label,
        "project_root": str(args.project_root),
        "readers": args.readers,
        "commenters": args.commenters,
        "duration_s": args.duration,
        "workers": args.workers,
        "threads": args.threads,
        "seed": args.seed,
        "cores": os.cpu_count(),
        "reader_wait_s": args.reader_wait,
        "commenter_wait_s": args.commenter_wait,
        "environment": {
            k: site.environment[k]
            for k in (
                "COMMENT_RATE_PER_IP",
                "COMMENT_RATE_PER_USER",
                "SEARCH_RATE_PER_IP",
                "SIGN_IN_RATE_PER_IP",
                "MODERATION_MODE",
            )
        },
        "requests": request_figures(records),
        # The machine is shared with the load generator (and perhaps other work): the
        # server's own CPU time per request is the figure that does not depend on that.
        "gunicorn_cpu_s": round(server_cpu_after - server_cpu_before, 1),
        "requests_served": served,
        "gunicorn_cpu_ms_per_request": cpu_ms_per_request(
            server_cpu_before, server_cpu_after, served
        ),
        # What the requests left to the task worker (the search index's updates).
        "worker_cpu_s": round(worker_cpu_after - worker_cpu_before, 1),
        "load_average_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
        "logins": results["logins"],
        "comments": comment_figures(results["accepted"], site.marker),
        "refusals": results["refusals"],
    }
    if restart:
        report["fault"] = fault_figures(records, results["accepted"], restart.timeline)
    gunicorn_log = (site.folder / "gunicorn.log").read_text()
    report["gunicorn_log"] = {
        "worker_timeouts": gunicorn_log.count("WORKER TIMEOUT"),
        "tracebacks": gunicorn_log.count("Traceback"),
    }
    report["failed_checks"] = checks(report)
    output = args.output or ROOT / "var" / "load-test" / f"{run_id}-{mode}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2))
    for name in ("gunicorn.log", "locust.log", "locust-results.json"):  # beside the report
        shutil.copy(site.folder / name, output.with_name(f"{output.stem}-{name}"))
    print_report(report)
    print(f"\nReport: {output}")
    return 1 if report["failed_checks"] else 0


if __name__ == "__main__":
    sys.exit(main())
