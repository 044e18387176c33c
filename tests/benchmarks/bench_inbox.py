"""The drafters' feedback inbox with 10,000 items: median response time of the first page,
unfiltered, with three combined filters and with a full-text search; and of the XLSX
export of a filtered listing. Run on demand:

    .venv/bin/python -m pytest tests/benchmarks/bench_inbox.py -s -p no:cacheprovider

BENCH_INBOX_ITEMS=50000 sets the number of items.
"""

import os
import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.consultation.factories import sector, submissions_in_bulk
from tests.policy_docs.factories import DraftPageFactory, section

ROUNDS = 9
ITEMS = int(os.environ.get("BENCH_INBOX_ITEMS", "10000"))  # e.g. 50000 for issue 17


def _median(client, url, *, stream=False):
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(url)
        if stream:
            b"".join(response.streaming_content)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]
    for query in slowest:
        print(f"      {float(query['time']) * 1000:6.1f} ms  {query['sql'][:110]}")
    return statistics.median(times) * 1000, len(captured)


def test_inbox_with_10000_items(policy, client, django_user_model):
    draft = DraftPageFactory(parent=policy, title="Draft 1", sections=[section("One", level=1)])
    submissions_in_bulk(draft, ITEMS)
    admin = django_user_model.objects.create_superuser("bench", "bench@example.org", "pw")
    client.force_login(admin)
    diaspora = sector("Diaspora association").pk
    cases = {
        "unfiltered": "/admin/feedback/",
        "gender+sector+country": f"/admin/feedback/?gender=woman&sector={diaspora}&country=ZA",
        "full text": "/admin/feedback/?q=reasons+7919",
    }
    print(
        f"\nInbox, {ITEMS} items, {connection.vendor}, median of {ROUNDS}, load {os.getloadavg()}:"
    )
    for name, url in cases.items():
        ms, queries = _median(client, url)
        print(f"  {name:<24} {ms:8.1f} ms  {queries} queries")
    ms, queries = _median(client, cases["gender+sector+country"] + "&export=xlsx", stream=True)
    print(f"  {'xlsx export (filtered)':<24} {ms:8.1f} ms  {queries} queries")
