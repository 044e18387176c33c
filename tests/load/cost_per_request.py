"""What each kind of request of the load test costs the server: gunicorn with one sync worker
and the production settings (as `run_load.py` serves them, on a fresh database with the demo),
each request type asked one after the other, N times, and the server's CPU time read from
/proc before and after. The load test gives the CPU per request over its whole mix; this says
which requests that time goes to. Run on demand:

    .venv/bin/python tests/load/cost_per_request.py [--rounds 40]

Readers are anonymous (the page cache answers them where it may); the commenter is signed in
with a confirmed account, as in the load test."""

import argparse
import os
import re
import secrets
import sys
import time
from urllib.parse import urlencode

import requests
import run_load  # tests/load/, beside this script
from forms import form_data, form_posting_to  # tests/load/, beside this script

HEADERS = {"X-Forwarded-Proto": "https"}  # as behind the TLS proxy
# Long enough for the task worker (polling every second) to finish what requests left it.
WORKER_SETTLES = 3


class LoopbackSession(requests.Session):
    """A browser on loopback: the site's secure cookies (session, CSRF) go back over plain
    HTTP, as they would over the TLS proxy of production."""

    def request(self, method, url, **kwargs):
        for cookie in self.cookies:
            cookie.secure = False
        return super().request(method, url, headers=HEADERS | kwargs.pop("headers", {}), **kwargs)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=40, help="requests of each type")
    args = parser.parse_args()
    # What run_load's demo_site expects: the load test's defaults, one commenter.
    args.project_root, args.readers, args.commenters, args.seed = run_load.ROOT, 1, 1, 17
    args.reader_wait, args.commenter_wait = [1, 5], [5, 15]
    return args


def main() -> int:
    args = parse_args()
    os.chdir(run_load.ROOT)
    with run_load.demo_site(args, workers=1) as site:
        plan = run_load.json.loads(site.plan.read_text())
        pages, account = plan["pages"], plan["accounts"][0]
        base, origin = site.base_url, plan["origin"]
        rows = []

        def measure(name: str, request, rounds: int = args.rounds):
            """The server's CPU milliseconds per call of request(n), and the wall time."""
            request(0)  # warm: the first request of a kind fills caches
            time.sleep(WORKER_SETTLES)  # the task worker done with what came before
            cpu, started = run_load.cpu_seconds(site.server), time.perf_counter()
            worker_cpu = run_load.cpu_seconds(site.worker)
            for n in range(rounds):
                request(n)
            cpu = (run_load.cpu_seconds(site.server) - cpu) / rounds * 1000
            wall = (time.perf_counter() - started) / rounds * 1000
            time.sleep(WORKER_SETTLES)  # what these requests left to the worker, done
            worker_cpu = (run_load.cpu_seconds(site.worker) - worker_cpu) / rounds * 1000
            rows.append((name, cpu, wall))
            print(f"  {name:<34} {cpu:7.1f} ms CPU {wall:7.1f} ms wall "
                  f"{worker_cpu:7.1f} ms task worker", flush=True)  # fmt: skip

        reader = LoopbackSession()

        def read(path):
            def request(n):
                answer = reader.get(base + path)
                assert answer.status_code == 200, (path, answer.status_code)

            return request

        def read_one_of(paths):
            return lambda n: read(paths[n % len(paths)])(n)

        print(f"\nServer CPU per request, 1 sync worker, {args.rounds} rounds each:")
        measure("home", read("/"))
        measure("policy page", read(pages["policy"]))
        measure("open draft page", read(pages["open_draft"]))
        measure("section page", read_one_of(pages["sections"]))
        measure("adopted policy", read(pages["adopted"]))
        measure("compare drafts", read_one_of(pages["compare"]))
        measure("what we heard", read_one_of(pages["what_we_heard"]))
        terms = pages["search_terms"]
        measure("search", lambda n: read("/search/?" + urlencode({"q": terms[n % len(terms)]}))(n))

        commenter = LoopbackSession()

        def sign_in(n):
            commenter.cookies.clear()
            page = commenter.get(base + "/accounts/login/")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
            answer = commenter.post(
                base + "/accounts/login/",
                data={"login": account["email"], "password": account["password"],
                      "csrfmiddlewaretoken": token},
                headers={"Origin": origin, "Referer": origin + "/accounts/login/"},
                allow_redirects=False,
            )  # fmt: skip
            assert answer.status_code == 302, answer.status_code

        measure("sign-in page and sign in", sign_in, rounds=max(5, args.rounds // 4))
        forms = pages["comment_forms"]
        measure("section page (signed in)", lambda n: commenter.get(base + forms[n % len(forms)]))

        sent_pages = []

        def post_comment(n):
            page = commenter.get(base + forms[n % len(forms)])
            form = form_posting_to(page.text, "/comments/post/")
            text = f"A comment to measure what posting costs, number {n} {secrets.token_hex(4)}."
            data = form_data(form, {"comment": text, "name": account["name"]})
            answer = commenter.post(
                base + form["action"], data=urlencode(data), allow_redirects=False,
                headers={"Origin": origin, "Content-Type": "application/x-www-form-urlencoded"},
            )  # fmt: skip
            assert answer.status_code == 302, answer.status_code
            sent_pages.append(answer.headers["location"])

        measure("section page (signed in) and post", post_comment)
        measure("comment sent page", lambda n: commenter.get(base + sent_pages[n]))
        signed_in_page = next(cpu for name, cpu, _wall in rows if name.endswith("(signed in)"))
        both = rows[-2][1]
        print(f"  {'post comment (difference)':<34} {both - signed_in_page:7.1f} ms CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
