"""The drafters' review and the public figures at campaign scale: 50,000 feedback items on one
draft (comments and written submissions mixed, a third in 20 campaigns of near-identical
letters, replies, responses filled for half; tests/consultation/bulk_feedback.py), measured
through the real request path where there is one:

- the inbox's first page: unfiltered, with three combined filters, with a full-text search;
- the XLSX export of a filtered listing and of the whole draft;
- the draft's dashboard;
- grouping a new letter against the items already there (a written submission: the widest
  scope, the whole draft), near-identical to a campaign's letter, identical to one, and unlike
  any; then saving such a letter as the form does (the grouping, the feedback item, the search
  index);
- "What we heard": the public page when its figures are computed afresh (their first
  computation, or an hourly refresh) and when they are already stored.

Median of several rounds, with the query count and the slowest queries. Run on demand:

    .venv/bin/python -m pytest tests/benchmarks/bench_review.py -s -p no:cacheprovider

BENCH_REVIEW_ITEMS sets the number of items (default 50,000, issue 17's size). Targets
(issue 17): inbox first page 300 ms, dashboard 500 ms, grouping a new letter 50 ms.
"""

import os
import statistics
import time

from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultation.models import (
    FeedbackItem,
    PublishedFigures,
    ResponsePublication,
    Sector,
    WrittenSubmission,
)
from consultation.review.campaigns import text_fingerprint
from consultation.review.feedback import campaign_lead_of
from tests.consultation.bulk_feedback import LETTER, TOPICS, feedback_in_bulk
from tests.policy_docs.factories import DraftPageFactory, section

ROUNDS = 7
ITEMS = int(os.environ.get("BENCH_REVIEW_ITEMS", "50000"))


def _load() -> str:
    return " ".join(f"{figure:.2f}" for figure in os.getloadavg())


def _report(name: str, times: list[float], captured, target_ms: int | None = None):
    median = statistics.median(times) * 1000
    target = f"  (target {target_ms} ms)" if target_ms else ""
    print(f"  {name:<34} {median:8.1f} ms  {len(captured):3d} queries{target}")
    slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]
    for query in slowest:
        print(f"      {float(query['time']) * 1000:7.1f} ms  {query['sql'][:100]}")


def _measure(name, request, *, before=None, target_ms=None):
    """Median of ROUNDS calls of `request()`, then one more with its queries captured."""
    times = []
    for _ in range(ROUNDS):
        if before:
            before()
        start = time.perf_counter()
        request()
        times.append(time.perf_counter() - start)
    if before:
        before()
    with CaptureQueriesContext(connection) as captured:
        request()
    _report(name, times, captured, target_ms)


def _get(client, url, *, stream=False):
    def request():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if stream:
            b"".join(response.streaming_content)

    return request


def _new_letter(draft, text: str):
    """A written submission saved as the form saves it: its feedback item is made, and
    grouped, by the save's signal."""
    sector = Sector.objects.first()

    def request():
        WrittenSubmission.objects.create(
            draft=draft,
            name="New sender",
            email="new.sender@example.org",
            text=text,
            gender="woman",
            sector=sector,
            country="ZA",
            is_public=True,
        )

    return request


def test_review_at_campaign_scale(policy, client, django_user_model):
    draft = DraftPageFactory(
        parent=policy,
        title="Draft 1",
        sections=[section("Chapter", level=1)]
        + [section(f"Section {n}", text=f"Text {n}. " * 20) for n in range(39)],
    )
    start = time.perf_counter()
    made = feedback_in_bulk(draft, ITEMS)
    ResponsePublication.objects.create(draft=draft)
    if connection.vendor == "postgresql":
        # What autovacuum does soon after so many rows arrive: without statistics the planner
        # takes the new rows for a handful and picks plans that take minutes.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    built = time.perf_counter() - start
    # The search index holds them, as it would (the inbox's text search, and a new letter's
    # save writes into an index of this size).
    start = time.perf_counter()
    call_command("update_index", verbosity=0)
    indexed = time.perf_counter() - start
    print(
        f"\nReview at campaign scale: {ITEMS} items ({made.comments} comments of which "
        f"{made.replies} replies, {made.submissions} submissions, {made.campaign_members} "
        f"campaign members) built in {built:.1f} s, indexed in {indexed:.0f} s; "
        f"{connection.vendor}, "
        f"median of {ROUNDS}, load {_load()}"
    )
    admin = django_user_model.objects.create_superuser("bench", "bench@example.org", "pw")
    client.force_login(admin)
    sector = Sector.objects.order_by("pk").first().pk
    inbox = f"/admin/feedback/?draft={draft.pk}"
    filtered = f"{inbox}&gender=woman&sector={sector}&country=ZA"
    for name, url in {
        "inbox, first page": inbox,
        "inbox, gender+sector+country": filtered,
        "inbox, full text": f"{inbox}&q=reasons+7919",
    }.items():
        _measure(name, _get(client, url), target_ms=300)
    _measure("xlsx export, filtered", _get(client, f"{filtered}&export=xlsx", stream=True))
    _measure("xlsx export, whole draft", _get(client, f"{inbox}&export=xlsx", stream=True))
    _measure("dashboard", _get(client, f"/admin/feedback-dashboard/{draft.pk}/"), target_ms=500)

    letter = LETTER.format(topic=TOPICS[15])
    new_letters = {
        "near-identical": letter + " Signed, a new sender with a longer name.",
        "identical": FeedbackItem.objects.filter(draft=draft, campaign_size__gt=1)
        .values_list("text", flat=True)
        .first(),
        "unlike any": "A new submission unlike every other, about consular fees abroad, the "
        "cost of passports for children born abroad and the hours of the embassy.",
    }
    for name, text in new_letters.items():
        unsaved = FeedbackItem(draft=draft, text=text, fingerprint=text_fingerprint(text))
        _measure(
            f"grouping a new letter, {name}",
            lambda unsaved=unsaved: campaign_lead_of(unsaved),
            target_ms=50,
        )
    for name, text in new_letters.items():
        _measure(f"saving a new letter, {name}", _new_letter(draft, text))
    saved = FeedbackItem.objects.filter(submission__name="New sender")
    print(
        f"  ({saved.count()} new letters saved, {saved.filter(campaign__isnull=False).count()} "
        "joined a campaign; a save also writes the item and its submission to the search index)"
    )

    client.logout()
    what_we_heard = f"/consultation/drafts/{draft.pk}/what-we-heard/"

    def afresh():
        PublishedFigures.objects.filter(draft=draft).delete()
        caches["pages"].clear()
        caches["near"].clear()

    def stored():
        caches["pages"].clear()
        caches["near"].clear()

    _measure("what we heard, figures computed", _get(client, what_we_heard), before=afresh)
    _measure("what we heard, figures stored", _get(client, what_we_heard), before=stored)
    print(f"  load {_load()}")
