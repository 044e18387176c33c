"""Fault: the search index deleted while the site runs (`rm -rf var/search_index` under
gunicorn). Run on demand:

    .venv/bin/python tests/load/faults/search_index_deleted.py [--delete-at 10] [--worker-down 10]

Serves a throw-away site (production settings, temporary SQLite database with the demo
content, its index built by update_index, the task worker `db_worker --backend background`),
signs a stakeholder in, and sends a steady stream of public searches and comments
(post-moderation, so that each comment is public at once). At --delete-at seconds it deletes
the index folder; with --worker-down the task worker only starts that many seconds later (a
worker that was down or busy: a longer outage). It goes on until searches have answered
normally for --settle seconds again (at most --timeout).

Reports searches answered normally / "being rebuilt" (503 with Retry-After) / otherwise,
comments acknowledged during the outage, stored and found by search afterwards, how many
rebuilds were queued, and the seconds until search worked again. Exits non-zero when a search
failed otherwise than "being rebuilt", a comment failed from the deletion on, more than one
rebuild was queued or search did not come back. (On SQLite a comment now and then fails with
"database is locked", index or not: such failures before the deletion are shown, not held
against the run.)"""

import argparse
import re
import shutil
import sqlite3
import sys
import threading
import time
from collections import Counter

from running_site import Browser, first_option, open_section_ids, running_site

SEARCH_TERMS = ["remittances", "dual citizenship", "diaspora", "investment", "passport"]
REBUILDING = "Search is being rebuilt"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--searchers", type=int, default=4, help="clients searching")
    # One: two commenters at once on SQLite fail with "database is locked" (503), index or not.
    parser.add_argument("--commenters", type=int, default=1, help="clients commenting")
    parser.add_argument("--delete-at", type=float, default=10, help="seconds into the run")
    parser.add_argument("--worker-down", type=float, default=0,
                        help="seconds after the deletion that the task worker starts (0: it "
                             "runs all along)")  # fmt: skip
    parser.add_argument("--settle", type=float, default=10, help="seconds of normal search after")
    parser.add_argument("--timeout", type=float, default=180, help="longest run, in seconds")
    parser.add_argument("--keep", action="store_true", help="keep the site's folder")
    return parser.parse_args()


class Run:
    def __init__(self, site, args):
        self.site, self.args = site, args
        self.stop = threading.Event()
        self.deleted_at: float | None = None
        self.searches: list[tuple[float, str, int]] = []  # (time, outcome, status)
        self.comments: list[tuple[float, str, int]] = []  # (time, word, status)
        self.lock = threading.Lock()

    def search(self, number: int):
        browser = Browser(self.site)
        n = number
        while not self.stop.is_set():
            term = SEARCH_TERMS[n % len(SEARCH_TERMS)]
            n += 1
            started = time.time()
            try:
                response = browser.get("/search/", params={"q": term})
                status = response.status_code
                if status == 200:
                    outcome = "ok"
                elif (
                    status == 503
                    and REBUILDING in response.text
                    and response.headers.get("Retry-After")
                ):
                    outcome = "rebuilding"
                else:
                    outcome = "error"
            except Exception:  # a refused or dropped connection
                status, outcome = 0, "error"
            with self.lock:
                self.searches.append((started, outcome, status))
            time.sleep(0.05)

    def comment(self, number: int, section_ids: list[int]):
        browser = Browser(self.site)
        browser.sign_in()
        n = 0
        while not self.stop.is_set():
            n += 1
            word = f"faultword{number}x{n}"  # one word the index holds nowhere else
            path = f"/consultation/sections/{section_ids[n % len(section_ids)]}/comment/"
            started = time.time()
            try:
                action, fields, form = browser.form(path, lambda f: f.find("textarea"))
                fields.update(
                    comment=f"Please consider {word} for the diaspora.",
                    gender="woman", country="LS", public_identity="named",
                    sector=fields.get("sector") or first_option(form, "sector"),
                )  # fmt: skip
                status = browser.post(action, data=fields).status_code
            except Exception:
                status = 0
            with self.lock:
                self.comments.append((started, word, status))
            time.sleep(0.3)

    def recovered_at(self) -> float | None:
        """The first search answered normally after the first "being rebuilt"."""
        after = sorted(s for s in self.searches if self.deleted_at and s[0] >= self.deleted_at)
        first_503 = next((t for t, outcome, _s in after if outcome == "rebuilding"), None)
        if first_503 is None:
            return None
        return next((t for t, outcome, _s in after if t > first_503 and outcome == "ok"), None)


def stored_words(site, words: list[str]) -> set[str]:
    with sqlite3.connect(site.folder / "db.sqlite3") as db:
        texts = [row[0] for row in db.execute("SELECT comment FROM django_comments")]
    found = {w for text in texts for w in re.findall(r"faultword\d+x\d+", text)}
    return found & set(words)


def rebuilds_queued(site) -> Counter:
    with sqlite3.connect(site.folder / "db.sqlite3") as db:
        rows = db.execute(
            "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path LIKE '%rebuild%'"
        ).fetchall()
    return Counter(row[0] for row in rows)


def main():
    args = parse_args()
    with running_site(
        workers=args.workers,
        worker=not args.worker_down,
        extra_env={"MODERATION_MODE": "post"},
        keep=args.keep,
    ) as site:
        run = Run(site, args)
        sections = open_section_ids(site)
        threads = [threading.Thread(target=run.search, args=(n,)) for n in range(args.searchers)]
        threads += [
            threading.Thread(target=run.comment, args=(n, sections)) for n in range(args.commenters)
        ]
        started = time.time()
        for thread in threads:
            thread.start()
        try:
            time.sleep(args.delete_at)
            run.deleted_at = time.time()
            # rm -rf: the site may write a pending update into the folder meanwhile.
            while any(site.search_index.glob("*.toc")):
                shutil.rmtree(site.search_index, ignore_errors=True)
            print(f"Deleted {site.search_index} at {run.deleted_at - started:.1f} s")
            while time.time() - started < args.timeout:
                time.sleep(0.5)
                if site.worker is None and time.time() - run.deleted_at >= args.worker_down:
                    site.start_worker()
                recovered = run.recovered_at()
                if recovered and time.time() - recovered >= args.settle:
                    break
        finally:
            run.stop.set()
            for thread in threads:
                thread.join()
        report(run, site, started)


def report(run, site, started):
    recovered = run.recovered_at()
    deleted = run.deleted_at
    outage_end = recovered or time.time()
    searches = Counter(outcome for _t, outcome, _s in run.searches)
    during = Counter(o for t, o, _s in run.searches if deleted <= t < outage_end)
    statuses = Counter(s for _t, o, s in run.searches if o == "error")
    outage_comments = [(t, w, s) for t, w, s in run.comments if deleted <= t < outage_end]
    acknowledged = [w for _t, w, s in outage_comments if s == 302]
    stored = stored_words(site, acknowledged)
    all_acknowledged = [w for _t, w, s in run.comments if s == 302]
    finder = Browser(site)
    findable = [w for w in acknowledged if w in finder.get("/search/", params={"q": w}).text]
    failed_comments = [s for _t, _w, s in run.comments if s != 302]
    failed_at = [round(t - deleted, 1) for t, _w, s in run.comments if s != 302]
    # Before the deletion a failure is not the fault's: on SQLite, a comment's write now and
    # then meets the task worker's and gets "database is locked" (503).
    failed_since = [s for t, _w, s in run.comments if s != 302 and t >= deleted]
    queued = rebuilds_queued(site)

    print("\nSearch index deleted while serving")
    print(f"  run: {time.time() - started:.0f} s, index deleted at {deleted - started:.1f} s, "
          f"task worker started {run.args.worker_down:g} s after it")  # fmt: skip
    print(f"  searches: {len(run.searches)}: answered normally {searches['ok']}, "
          f"'being rebuilt' (503 + Retry-After) {searches['rebuilding']}, "
          f"errors {searches['error']} {dict(statuses) or ''}")  # fmt: skip
    print(f"  during the outage: normally {during['ok']}, 'being rebuilt' {during['rebuilding']}, "
          f"errors {during['error']}")  # fmt: skip
    if recovered:
        print(f"  search works again {recovered - deleted:.1f} s after the deletion")
    else:
        print("  search did NOT work again before the timeout")
    print(f"  rebuild tasks queued: {sum(queued.values())} {dict(queued)}")
    print(f"  comments: {len(run.comments)} posted, {len(all_acknowledged)} acknowledged; "
          f"{len(outage_comments)} posted during the outage, {len(acknowledged)} acknowledged, "
          f"{len(stored)} stored, {len(findable)} found by search afterwards")  # fmt: skip
    print(f"  comment failures: {len(failed_comments)} {dict(Counter(failed_comments)) or ''}"
          f"{f' at {failed_at} s from the deletion' if failed_at else ''}")  # fmt: skip
    print(f"  gunicorn log: {site.log_count('Traceback')} tracebacks")
    ok = (
        recovered
        and not searches["error"]
        and not failed_since
        and len(stored) == len(acknowledged) == len(findable) == len(outage_comments)
        and sum(queued.values()) == 1
    )
    print("  RESULT:", "PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
