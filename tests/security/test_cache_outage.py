"""The cache is an optimisation, never a dependency: the site served by gunicorn with the
production settings and REDIS_URL pointing at a dead port (nothing listening), or at a hung
server (it accepts connections and never answers), still answers every page type, signs
people in and stores their comments. Statuses and times go to test-artifacts/cache-outage.json.
"""

import json
import secrets
import shutil
import socket
import tempfile
import time
from pathlib import Path

import pytest

from tests.load.faults.running_site import Browser, Site, first_option, free_port

ROOT = Path(__file__).resolve().parents[2]
ARTIFACT = ROOT / "test-artifacts" / "cache-outage.json"

PAGES = """
import json
from django.urls import reverse
from policy_docs.enums import DraftStatus
from policy_docs.models import PolicyPage
policy = PolicyPage.objects.live().first()
drafts = list(policy.drafts())
open_draft = next(d for d in drafts if d.is_open_for_comments())
closed = next(d for d in drafts if d.status == DraftStatus.CLOSED)
section = open_draft.sections.order_by("sort_order")[1]
print(json.dumps({
    "home": "/",
    "policy": policy.url,
    "open draft": open_draft.url,
    "section": reverse("section_comment", args=[section.pk]),
    "closed draft": closed.url,
    "adopted": policy.url + "adopted/",
    "compare": policy.url + "compare/",
    "what we heard": reverse("what_we_heard", args=[closed.pk]),
    "search": "/search/?q=citizenship",
    "privacy": reverse("privacy_notice"),
    "sign-in page": reverse("account_login"),
}))
"""

COUNT = """
from consultation.models import SectionComment
print(SectionComment.objects.filter(comment__contains="{marker}").count())
"""


@pytest.fixture(scope="module")
def prepared_site():
    folder = Path(tempfile.mkdtemp(prefix="cache-outage-"))
    site = Site(folder, workers=2, extra_env={})
    try:
        site.prepare()
        pages = json.loads(site.manage("shell", "-c", PAGES).strip().splitlines()[-1])
        yield site, pages
    finally:
        site.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def hung_redis():
    """A server that accepts connections (the kernel completes them from the backlog) and
    never answers: a Redis that hangs."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1024)
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    listener.close()


def serve_with(site, redis_url):
    site.env["REDIS_URL"] = redis_url
    site.processes = []
    site.start(worker=False)


def visit_every_page(site, pages) -> dict:
    """Status and time of each page type, twice (the second would be a cache hit), as an
    anonymous reader; then signed in: a page of one's own and a comment through the form."""
    reader = Browser(site)
    results = {}
    for name, path in pages.items():
        timings = []
        for _ in range(2):
            reader.cookies.clear()
            started = time.monotonic()
            status = reader.get(path).status_code
            timings.append(time.monotonic() - started)
            results[name] = {"status": status, "seconds": [round(t, 3) for t in timings]}

    member = Browser(site)
    started = time.monotonic()
    member.sign_in()
    results["sign in"] = {"status": 302, "seconds": [round(time.monotonic() - started, 3)]}
    started = time.monotonic()
    profile = member.get("/consultation/profile/")
    results["signed-in page (profile)"] = {
        "status": profile.status_code,
        "seconds": [round(time.monotonic() - started, 3)],
    }
    marker = f"Stored while the cache was down {secrets.token_hex(4)}"
    action, fields, form = member.form(pages["section"])
    fields.update(
        comment=marker,
        gender="woman",
        sector=first_option(form, "sector"),
        country="LS",
        public_identity="named",
    )
    started = time.monotonic()
    posted = member.post(action, data=fields)
    results["comment post"] = {
        "status": posted.status_code,
        "seconds": [round(time.monotonic() - started, 3)],
        "stored": int(site.manage("shell", "-c", COUNT.format(marker=marker)).split()[-1]),
    }
    return results


def record(case: str, results: dict):
    ARTIFACT.parent.mkdir(exist_ok=True)
    previous = json.loads(ARTIFACT.read_text()) if ARTIFACT.exists() else {}
    ARTIFACT.write_text(json.dumps({**previous, case: results}, indent=2))
    lines = [f"\n{case}:", *(f"  {name:26} {result}" for name, result in results.items())]
    print("\n".join(lines))  # noqa: T201 - the figures, with pytest -s


@pytest.mark.parametrize("outage", ["dead port", "hung server"])
def test_every_page_answers_and_comments_are_stored_while_redis_is_down(
    prepared_site, hung_redis, outage
):
    site, pages = prepared_site
    redis_url = f"redis://127.0.0.1:{free_port()}/0" if outage == "dead port" else hung_redis
    serve_with(site, redis_url)
    try:
        results = visit_every_page(site, pages)
    finally:
        site.stop()
    record(f"REDIS_URL at a {outage}", results)
    statuses = {name: result["status"] for name, result in results.items()}
    assert statuses == {
        **dict.fromkeys(pages, 200),
        "sign in": 302,
        "signed-in page (profile)": 200,
        "comment post": 302,
    }
    assert results["comment post"]["stored"] == 1
    assert site.log_count("Traceback") == 0
    # A hung Redis costs each page at most a few of its short timeouts, never a hang.
    slowest = max(max(result["seconds"]) for result in results.values())
    assert slowest < 5, results
