"""Fault: the disk holding the written submissions' attachments is full. Run on demand, as root
(it mounts a tmpfs):

    .venv/bin/python tests/load/faults/uploads_disk_full.py [--disk-kb 1024] [--attempts 10]

Serves a throw-away site (production settings, temporary SQLite database with the demo
content) whose PRIVATE_MEDIA_ROOT is a real tmpfs of --disk-kb KB, mostly taken by a file
standing for the disk's other contents. A signed-in stakeholder then sends, through the real
form: a small attachment that fits (stored), --attempts attachments larger than the space left
(each must be refused with the "storage is full" message and a 503, leaving no row and no
file, whole or partial), and, once the other file is removed, the large attachment again
(stored: the site recovers by itself). Last, a body larger than MAX_REQUEST_BYTES (413, from
its Content-Length, before the body is read).

Reports the answers, the rows and files before and after each step and the space used on the
disk. Exits non-zero when a check fails."""

import argparse
import html
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import requests
from running_site import Browser, first_option, running_site

FULL_MESSAGE = "the server's storage is full; nothing was saved, please try later"
PDF_HEAD = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n"

OPEN_DRAFT = """
from policy_docs.models import DraftPage
print(next(d.pk for d in DraftPage.objects.live().specific() if d.is_open_for_comments()))
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--disk-kb", type=int, default=1024, help="size of the tmpfs")
    parser.add_argument("--free-kb", type=int, default=100, help="space left on it at the start")
    parser.add_argument("--large-kb", type=int, default=300, help="the attachment that can't fit")
    parser.add_argument("--attempts", type=int, default=10, help="large attachments sent")
    parser.add_argument("--keep", action="store_true", help="keep the site's folder")
    return parser.parse_args()


def pdf(kb: int) -> bytes:
    return PDF_HEAD + b"0" * (kb * 1024 - len(PDF_HEAD))


def mount_tmpfs(folder: Path, kb: int):
    folder.mkdir(parents=True, exist_ok=True)
    command = ["mount", "-t", "tmpfs", "-o", f"size={kb}k", "tmpfs", str(folder)]
    result = subprocess.run(command, capture_output=True, text=True)  # noqa: S603
    if result.returncode:
        sys.exit(f"Cannot mount a tmpfs (run as root): {result.stderr.strip()}")


def files_on(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def used_kb(folder: Path) -> int:
    usage = shutil.disk_usage(folder)
    return usage.used // 1024


def submissions(site) -> int:
    with sqlite3.connect(site.folder / "db.sqlite3") as db:
        return db.execute("SELECT COUNT(*) FROM consultation_writtensubmission").fetchone()[0]


class Submitter:
    def __init__(self, site, draft_id: int):
        self.browser = Browser(site)
        self.browser.sign_in()
        self.path = f"/consultation/drafts/{draft_id}/submit/"

    def send(self, attachment: bytes, label: str) -> requests.Response:
        action, fields, form = self.browser.form(
            self.path, lambda f: f.get("enctype") == "multipart/form-data"
        )
        fields.update(
            name="Lesotho Chamber of Commerce",
            text=f"The Chamber proposes a diaspora investment desk ({label}).",
            gender="undisclosed", country="LS", public_identity="named",
            sector=fields.get("sector") or first_option(form, "sector"),
        )  # fmt: skip
        files = {"attachment": ("letter.pdf", attachment, "application/pdf")}
        return self.browser.post(action, data=fields, files=files)


def run_steps(site, uploads: Path, args, check):
    other = uploads / "other-files.bin"
    draft = int(site.manage("shell", "-c", OPEN_DRAFT).splitlines()[-1])
    submitter = Submitter(site, draft)
    print(f"Uploads on a {args.disk_kb} KB tmpfs, {used_kb(uploads)} KB used")

    print("1. An attachment that fits")
    response = submitter.send(pdf(20), "fits")
    check("20 KB attachment stored (302)", response.status_code == 302)
    rows, files, used = submissions(site), files_on(uploads), used_kb(uploads)
    print(f"   rows {rows}, files {len(files)}, {used} KB used")

    print(f"2. {args.attempts} attachments of {args.large_kb} KB on the full disk")
    answers, times = Counter(), []
    for attempt in range(args.attempts):
        started = time.monotonic()
        response = submitter.send(pdf(args.large_kb), f"attempt {attempt}")
        times.append(time.monotonic() - started)
        said_full = FULL_MESSAGE in html.unescape(response.text)
        answers[f"{response.status_code}{' storage full' if said_full else ''}"] += 1
    print(f"   answers: {dict(answers)}; slowest {max(times) * 1000:.0f} ms")
    check("each refused with 503 and the message", answers == {"503 storage full": args.attempts})
    check("no submission row added", submissions(site) == rows)
    check("no file added, whole or partial", files_on(uploads) == files)
    check("no space taken", used_kb(uploads) == used)
    print(
        f"   rows {submissions(site)}, files {len(files_on(uploads))}, {used_kb(uploads)} KB used"
    )

    print("3. Space freed: the same attachment again")
    other.unlink()
    response = submitter.send(pdf(args.large_kb), "after freeing space")
    check("stored (302) without restarting anything", response.status_code == 302)
    after = (submissions(site), len(files_on(uploads)))
    check("one row and one file more", after == (rows + 1, len(files)))  # the other file is gone

    print("4. A body over MAX_REQUEST_BYTES (11 MB)")
    started = time.monotonic()
    try:
        status = submitter.browser.post(
            submitter.path,
            data=b"0" * (12 * 1024 * 1024),
            headers={"Content-Type": "multipart/form-data; boundary=x"},
        ).status_code
    except requests.ConnectionError as error:  # refused while still sending
        status = f"connection closed while sending ({error.__class__.__name__})"
    print(f"   answer: {status} in {(time.monotonic() - started) * 1000:.0f} ms")
    check("refused with 413", status == 413)
    check("no row added", submissions(site) == rows + 1)
    print(f"   gunicorn log: {site.log_count('Traceback')} tracebacks")


def main():
    args = parse_args()
    checks: list[tuple[str, bool]] = []

    def check(name: str, passed: bool):
        checks.append((name, passed))
        print(f"  [{'ok' if passed else 'FAIL'}] {name}")

    mounted = []

    def attachments_on_a_small_disk(site):
        """PRIVATE_MEDIA_ROOT on a real tmpfs, mostly taken by other files (the demo's own
        attachments, if any, stay in the folder the preparation used)."""
        uploads = site.folder / "uploads"
        mount_tmpfs(uploads, args.disk_kb)
        mounted.append(uploads)
        site.env["PRIVATE_MEDIA_ROOT"] = str(uploads)
        (uploads / "other-files.bin").write_bytes(os.urandom((args.disk_kb - args.free_kb) * 1024))

    try:
        with running_site(
            workers=2, keep=args.keep, before_start=attachments_on_a_small_disk
        ) as site:
            try:
                run_steps(site, mounted[0], args, check)
            finally:
                site.stop()
                subprocess.run(["umount", str(mounted[0])], capture_output=True)  # noqa: S603, S607
    finally:
        for folder in mounted:  # mounted, but the site did not start
            if folder.is_mount():
                subprocess.run(["umount", str(folder)], capture_output=True)  # noqa: S603, S607
    failed = [name for name, passed in checks if not passed]
    print("RESULT:", "PASS" if not failed else f"FAIL ({len(failed)} checks)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
