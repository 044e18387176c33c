"""Throughput of a cached page (the adopted policy, or another demo page named by its title as
seed_demo lists it: --page "Draft 3" is the open draft) against the same HTML served as a
static file, by the same gunicorn and whitenoise, measured side by side with wrk on loopback.

    .venv/bin/python tests/load/page_cache_throughput.py [--workers 4] [--seconds 15] [--page T]

It builds the demo site in a temporary folder (SQLite, production settings, Redis cache at
REDIS_URL, default redis://127.0.0.1:6379/15), saves the adopted policy's HTML among the static
files, starts gunicorn and runs wrk on both addresses in turn, without and with gzip. Needs
`wrk` (Debian package) and a Redis server. Prints a table and writes JSON next to the figures of
the other load tests (test-artifacts/page-cache-throughput.json).
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_environment(folder: Path, redis_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="consultation.settings.production",
        SECRET_KEY="throughput-test-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        PRIVATE_MEDIA_ROOT=str(folder / "private"),
        SEARCH_INDEX_PATH=str(folder / "search"),
        REDIS_URL=redis_url,
    )
    return env


def manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


class Gunicorn:
    def __init__(self, env: dict, port: int, workers: int):
        self.env, self.port, self.workers = env, port, workers

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "consultation.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
            ],  # fmt: skip
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=2)  # noqa: S310
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def wrk(url: str, seconds: int, connections: int, gzip: bool) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if gzip:
        command[1:1] = ["-H", "Accept-Encoding: gzip"]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = re.search(r"50%\s+([\d.]+\w+)", output).group(1)
    p99 = re.search(r"99%\s+([\d.]+\w+)", output).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"requests_per_s": rate, "p50": p50, "p99": p99,
            "non_2xx": int(errors.group(1)) if errors else 0}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--page", default="Adopted policy", help="a title seed_demo lists")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")

    folder = Path(tempfile.mkdtemp(prefix="page-cache-"))
    env = site_environment(folder, options.redis_url)
    try:
        manage(env, "migrate", "--no-input")
        urls = manage(env, "seed_demo")
        manage(env, "collectstatic", "--no-input")
        manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")
        listed = re.search(rf"^  {re.escape(options.page)}: (\S+)", urls, re.MULTILINE)
        page_path = urlsplit(listed.group(1)).path
        port = free_port()
        base = f"http://127.0.0.1:{port}"

        with Gunicorn(env, port, options.workers):
            html = urllib.request.urlopen(base + page_path).read()  # noqa: S310
        copy = folder / "static" / "throughput" / "page.html"
        copy.parent.mkdir(parents=True)
        copy.write_bytes(html)

        results = {}
        with Gunicorn(env, port, options.workers):  # whitenoise finds the copy as it starts
            static_url = base + "/static/throughput/page.html"
            assert urllib.request.urlopen(static_url).read() == html  # noqa: S310
            for gzip in (False, True):
                targets = (("cached page", base + page_path), ("static file", static_url))
                for name, url in targets:
                    wrk(url, 3, options.connections, gzip)  # warm up every worker
                    results[(name, gzip)] = wrk(url, options.seconds, options.connections, gzip)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    print(
        f"{options.page} ({page_path}), {len(html):,} bytes of HTML; "
        f"gunicorn {options.workers} workers, wrk 2 threads, {options.connections} connections, "
        f"{options.seconds} s each"
    )
    print(f"{'':26}{'requests/s':>12}{'p50':>10}{'p99':>10}{'non-2xx':>9}")
    for (name, gzip), figures in results.items():
        label = f"{name}{' (gzip)' if gzip else ''}"
        print(f"{label:26}{figures['requests_per_s']:>12,.0f}{figures['p50']:>10}"
              f"{figures['p99']:>10}{figures['non_2xx']:>9}")  # fmt: skip
    report = {}
    for gzip in (False, True):
        ratio = results[("cached page", gzip)]["requests_per_s"] / max(
            results[("static file", gzip)]["requests_per_s"], 1
        )
        report["gzip" if gzip else "identity"] = {
            "cached_page": results[("cached page", gzip)],
            "static_file": results[("static file", gzip)],
            "ratio": round(ratio, 3),
        }
        print(f"ratio cached/static{' (gzip)' if gzip else ''}: {ratio:.2f}")
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "page-cache-throughput.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
