"""Fault: the mail server unreachable while people comment. Run on demand:

    .venv/bin/python tests/load/faults/smtp_down.py [--anonymous 20] [--signed-in 10] [--down 20]

Serves a throw-away site (production settings, SQLite, the demo content) with its mail worker
(`db_worker --backend mail`) pointed at a loopback port where no mail server listens. Visitors
comment: anonymous ones (each gets an e-mail with a confirmation link) and a signed-in
stakeholder (stored at once). After --down seconds a real SMTP server (aiosmtpd) starts on that
port. The script reports the comments accepted and stored during the outage, the e-mails
waiting in the queue, the seconds until every e-mail arrived once the server was back, any
e-mail received twice, and follows every confirmation link (and presses its button) to check
the comments are then stored. Exits non-zero on any loss or duplicate."""

import argparse
import re
import sqlite3
import sys
import time
from collections import Counter

from aiosmtpd.controller import Controller
from running_site import Browser, first_option, free_port, open_section_ids, running_site

MARKER = "smtpfault"
DEFERRED = 4  # django-mailer's priority of a message the server refused


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((time.monotonic(), envelope.rcpt_tos, envelope.content.decode()))
        return "250 Message accepted for delivery"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--anonymous", type=int, default=20, help="anonymous comments")
    parser.add_argument("--signed-in", type=int, default=10, help="signed-in comments")
    parser.add_argument("--down", type=float, default=20, help="seconds the mail server is down")
    parser.add_argument("--retry", type=int, default=5, help="MAIL_RETRY_SECONDS of the site")
    parser.add_argument("--timeout", type=float, default=120, help="longest wait for the mail")
    return parser.parse_args()


def post_comment(browser, section_id: int, text: str, **fields) -> int:
    path = f"/consultation/sections/{section_id}/comment/"
    action, form_fields, form = browser.form(path, lambda f: f.find("textarea"))
    form_fields.update(
        comment=text, gender="woman", country="LS", public_identity="named",
        sector=form_fields.get("sector") or first_option(form, "sector"), **fields,
    )  # fmt: skip
    return browser.post(action, data=form_fields).status_code


def confirm(browser, path: str) -> int:
    """Open a confirmation link and press the button on its page, as the person does."""
    action, fields, _form = browser.form(path)
    return browser.post(action, data=fields).status_code


def stored(site) -> list[str]:
    with sqlite3.connect(site.folder / "db.sqlite3") as db:
        query = "SELECT comment FROM django_comments WHERE comment LIKE ?"
        rows = db.execute(query, (f"%{MARKER}%",))
        return [row[0] for row in rows]


def queued(site) -> Counter:
    with sqlite3.connect(site.folder / "db.sqlite3") as db:
        rows = db.execute("SELECT priority FROM mailer_message")
        return Counter("deferred" if int(row[0]) == DEFERRED else "waiting" for row in rows)


def main() -> int:
    args = parse_args()
    smtp_port = free_port()
    extra_env = {
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "MAIL_RETRY_SECONDS": str(args.retry),
        "MODERATION_MODE": "post",
    }
    with running_site(extra_env=extra_env) as site:
        site.start_worker("mail")
        sections = open_section_ids(site)
        started = time.monotonic()

        statuses = Counter()
        for n in range(args.anonymous):
            text = f"Anonymous view {MARKER}a{n} on remittances."
            email = f"{MARKER}-{n}@example.org"
            statuses[post_comment(Browser(site), sections[n % len(sections)], text,
                                  name=f"Visitor {n}", email=email)] += 1  # fmt: skip
        stakeholder = Browser(site)
        stakeholder.sign_in()
        for n in range(args.signed_in):
            text = f"Signed-in view {MARKER}s{n} on dual citizenship."
            statuses[post_comment(stakeholder, sections[n % len(sections)], text)] += 1

        time.sleep(max(0.0, args.down - (time.monotonic() - started)))
        during = {"posts": dict(statuses), "stored": len(stored(site)), "queue": dict(queued(site))}
        print(f"Mail server down for {args.down:.0f} s: {during}")

        inbox = Inbox()
        server = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
        server.start()
        back = time.monotonic()
        try:
            while len(inbox.messages) < args.anonymous and time.monotonic() - back < args.timeout:
                time.sleep(0.5)
            delivered_after = time.monotonic() - back
            time.sleep(2 * args.retry + 2)  # long enough for a second delivery to show
        finally:
            server.stop()

        recipients = Counter(r for _t, rcpt_tos, _body in inbox.messages for r in rcpt_tos)
        twice = {r: c for r, c in recipients.items() if c > 1}
        links = [
            re.search(r"https?://\S+/comments/confirm/\S+", body).group(0)
            for _t, _r, body in inbox.messages
        ]
        confirmed = Counter(confirm(Browser(site), re.sub(r"^https?://[^/]+", "", link))
                            for link in links)  # fmt: skip
        after = stored(site)
        # What gunicorn's access log kept of the visitors: their links hold a random token.
        access_log = (site.folder / "gunicorn.log").read_text()
        personal_in_log = access_log.count(f"{MARKER}-") + access_log.count("Visitor")
        confirm_paths = re.findall(r"/comments/confirm/[^ \"]*", access_log)
        opaque = all(re.fullmatch(r"/comments/confirm/[\w-]{43}/", p) for p in confirm_paths)

    print(f"Posts during the outage: {dict(statuses)}")
    print(f"Signed-in comments stored during the outage: {during['stored']} of {args.signed_in}")
    print(f"E-mails waiting while the server was down: {during['queue']}")
    print(f"E-mails received once it was back: {len(inbox.messages)} of {args.anonymous}, "
          f"all within {delivered_after:.1f} s; received twice: {len(twice)}")  # fmt: skip
    print(f"Confirmation links followed: {dict(confirmed)}; comments stored in the end: "
          f"{len(after)} of {args.anonymous + args.signed_in}")  # fmt: skip
    tokens = "each a bare token" if opaque else "NOT all bare tokens"
    print(f"Personal details in the access log: {personal_in_log}; confirmation links in it: "
          f"{len(confirm_paths)}, {tokens}")  # fmt: skip
    ok = (
        personal_in_log == 0
        and opaque
        and confirm_paths
        and set(statuses) <= {200, 302}
        and during["stored"] == args.signed_in
        and len(inbox.messages) == args.anonymous
        and not twice
        and len(after) == args.anonymous + args.signed_in
        and len(set(after)) == len(after)
    )
    print("RESULT:", "PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
