"""The load test's users, run by locust (tests/load/run_load.py starts it and writes the plan
they read from LOAD_PLAN): readers browsing the public pages, and stakeholders who sign in once
and then comment on the open draft's sections through the real form.

The commenters fill the form as a browser would: every field the page rendered is sent back
(hidden security fields, ticked or required boxes, chosen lists), so a field added to the
form later is sent too. Each comment carries a unique marker; the markers the site
acknowledged are written out with every request's timing when locust quits."""

import itertools
import json
import os
import random
import re
import time
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import gevent
from forms import form_data, form_posting_to  # tests/load/, beside this file
from locust import FastHttpUser, between, events, task
from locust.exception import StopUser

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text())
# The same choices of pages and comments from one run to the next (and for both sides of
# run_load.py --compare-baseline), as far as the users' interleaving allows.
random.seed(PLAN.get("seed"))
# Behind the TLS proxy of production: the site sees HTTPS and sets secure cookies.
HEADERS = {"X-Forwarded-Proto": "https"}
POST_HEADERS = {
    **HEADERS,
    "Origin": PLAN["origin"],
    "Content-Type": "application/x-www-form-urlencoded",
}
COMMENTS = [
    "The section should say who pays for the services it promises.",
    "Please give a date by which this will be done.",
    "Children born abroad should be covered here too.",
    "The fees for sending money home are still too high; name a target.",
    "Consult the associations abroad before this is put into effect.",
    "This is clear and I support it as written.",
]

# With several app servers (run_load.py --servers N), each user is given one in turn.
servers_in_turn = itertools.cycle(PLAN["hosts"]) if PLAN.get("hosts") else None


def on_one_of_the_servers(user):
    if servers_in_turn is not None:
        user.client.base_url = next(servers_in_turn)


requests_seen: list[dict] = []
comments_accepted: list[dict] = []
refusals: list[dict] = []  # a few of the pages that refused a comment or a sign-in, for the report
logins = {"signed_in": 0, "retried_after_429": 0, "retried_after_503": 0, "failed": 0}
accounts = iter(PLAN["accounts"])
numbers = itertools.count(1)


@events.request.add_listener
def record(request_type, name, response_time, response, exception, start_time=None, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    seen = {
        "t": start_time or time.time(),
        "name": name,
        "method": request_type,
        "status": status,
        "ms": round(response_time or 0, 1),
        "error": str(exception)[:200] if exception else "",
    }
    if status >= 500:  # the site's own "briefly unavailable" page, and when to come back
        seen["retry_after"] = response.headers.get("retry-after") if response.headers else None
        seen["unavailable_page"] = "The service is briefly unavailable" in (response.text or "")
    requests_seen.append(seen)


@events.quitting.add_listener
def write_results(environment, **kwargs):
    Path(PLAN["results"]).write_text(
        json.dumps(
            {
                "requests": requests_seen,
                "accepted": comments_accepted,
                "logins": logins,
                "refusals": refusals[:10],
            }
        )
    )


class LoopbackCookies(DefaultCookiePolicy):
    """Send the site's secure cookies (session, CSRF) back over plain HTTP: on loopback there is
    no TLS proxy in front, as there is in production."""

    def return_ok_secure(self, cookie, request):
        return True


def page_title(html: str) -> str:
    found = re.search(r"<title>(.*?)</title>", html, re.S)
    errors = re.findall(r'class="error[^"]*"[^>]*>(.*?)<', html)
    return ((found.group(1).strip() if found else "") + " | " + "; ".join(errors))[:300]


class Reader(FastHttpUser):
    """Someone reading the policy: home, the open draft, its sections, the adopted text, the
    comparison of drafts, What we heard and the search."""

    fixed_count = PLAN["readers"]
    wait_time = between(*PLAN["reader_wait"])
    pages = PLAN["pages"]

    def on_start(self):
        on_one_of_the_servers(self)

    def open(self, path, name):
        self.client.get(path, name=name, headers=HEADERS)

    @task(2)
    def home(self):
        self.open("/", "home")

    @task(1)
    def policy(self):
        self.open(self.pages["policy"], "policy page")

    @task(3)
    def open_draft(self):
        self.open(self.pages["open_draft"], "open draft page")

    @task(4)
    def section(self):
        self.open(random.choice(self.pages["sections"]), "section page")

    @task(2)
    def adopted(self):
        self.open(self.pages["adopted"], "adopted policy")

    @task(1)
    def compare(self):
        self.open(random.choice(self.pages["compare"]), "compare drafts")

    @task(1)
    def what_we_heard(self):
        self.open(random.choice(self.pages["what_we_heard"]), "what we heard")

    @task(2)
    def search(self):
        self.client.get("/search/", params={"q": random.choice(self.pages["search_terms"])},
                        name="search", headers=HEADERS)  # fmt: skip


class Commenter(FastHttpUser):
    """A stakeholder with a confirmed account: signs in once, then comments on sections of the
    open draft, each time through the section's form page."""

    fixed_count = PLAN["commenters"]
    wait_time = between(*PLAN["commenter_wait"])

    def on_start(self):
        on_one_of_the_servers(self)
        self.client.cookiejar.set_policy(LoopbackCookies())
        self.account = next(accounts)
        self.number, self.sent = next(numbers), 0
        for _attempt in range(12):
            outcome = self.sign_in()
            if outcome == "signed_in":
                logins["signed_in"] += 1
                return
            if outcome == "failed":
                break
            logins[f"retried_after_{outcome}"] += 1
            gevent.sleep(random.uniform(5, 10))  # allauth's limit of sign-ins per address
        logins["failed"] += 1
        raise StopUser()

    def sign_in(self) -> str:
        page = self.client.get("/accounts/login/", name="sign-in page", headers=HEADERS)
        form = (
            form_posting_to(page.text or "", "/accounts/login/")
            if page.status_code == 200
            else None
        )
        if form is None:
            return self.retry_or_fail(page.status_code)
        data = form_data(form, {"login": self.account["email"],
                                "password": self.account["password"]})  # fmt: skip
        with self.client.post("/accounts/login/", data=urlencode(data), headers=POST_HEADERS,
                              name="sign in", allow_redirects=False,
                              catch_response=True) as response:  # fmt: skip
            if response.status_code == 302:
                response.success()
                return "signed_in"
            refusals.append({"what": "sign in", "status": response.status_code,
                             "page": page_title(response.text or "")})  # fmt: skip
            response.failure(f"HTTP {response.status_code}")
            return self.retry_or_fail(response.status_code)

    @staticmethod
    def retry_or_fail(status: int) -> str:
        """Wait and try again after a rate limit (429) or while the site is unavailable."""
        if status == 429:
            return "429"
        return "503" if status in {0, 502, 503} else "failed"

    @task
    def comment(self):
        section = random.choice(PLAN["pages"]["comment_forms"])
        page = self.client.get(section, name="section page (signed in)", headers=HEADERS)
        if page.status_code != 200:
            return
        form = form_posting_to(page.text or "", "/comments/post/")
        if form is None:
            refusals.append({"what": "comment form missing", "page": page_title(page.text)})
            return
        self.sent += 1
        marker = f"{PLAN['marker']}-{self.number:02d}-{self.sent:04d}"
        text = f"{random.choice(COMMENTS)} [{marker}]"
        data = form_data(form, {"comment": text, "name": self.account["name"]})
        with self.client.post(form["action"], data=urlencode(data), headers=POST_HEADERS,
                              name="post comment", allow_redirects=False,
                              catch_response=True) as response:  # fmt: skip
            location = (response.headers.get("location") if response.headers else None) or ""
            if response.status_code == 302 and "/comments/sent/" in location:
                response.success()
                comment_pk = parse_qs(urlsplit(location).query).get("c", [""])[0]
                comments_accepted.append({"marker": marker, "pk": comment_pk, "t": time.time()})
            else:
                if len(refusals) < 50:
                    refusals.append({"what": "comment", "status": response.status_code,
                                     "page": page_title(response.text or "")})  # fmt: skip
                response.failure(f"HTTP {response.status_code}")
                return
        self.client.get(location, name="comment sent page", headers=HEADERS)
