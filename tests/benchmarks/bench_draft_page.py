"""Render a draft page of 40 sections with 2,000 approved comments, and the same draft with
none, alternately; print the median times and their ratio. Run on demand:

    .venv/bin/python -m pytest tests/benchmarks/bench_draft_page.py -s -p no:cacheprovider
"""

import datetime
import statistics
import time

from django.test import Client
from django.utils import timezone

from consultation.models import SectionComment
from tests.consultation.factories import SectionCommentFactory
from tests.policy_docs.factories import DraftPageFactory, section

ROUNDS = 15


def _draft(policy, title, slug):
    now = timezone.now()
    sections = [section("Chapter", level=1)] + [
        section(f"Section {n}", text=f"Text of section {n}. " * 20) for n in range(39)
    ]
    return DraftPageFactory(
        parent=policy,
        title=title,
        slug=slug,
        status="open",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=9),
        sections=sections,
    )


def _time(client, url):
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200
    return elapsed, len(response.content)


def test_draft_page_with_2000_comments(policy):
    commented = _draft(policy, "Commented", "commented")
    quiet_policy_draft = _draft(policy, "Quiet", "quiet")
    sections = list(commented.sections.all())
    objs = []
    for n in range(2000):
        target = sections[n % len(sections)]
        objs.append(SectionCommentFactory.build(section=target, comment=f"Comment {n} " * 10))
    for obj in objs:
        obj.save()
    assert SectionComment.objects.count() == 2000

    client = Client()
    for url in (commented.url, quiet_policy_draft.url):
        client.get(url)  # warm up
    with_comments, without = [], []
    for _ in range(ROUNDS):
        with_comments.append(_time(client, commented.url))
        without.append(_time(client, quiet_policy_draft.url))
    median_with = statistics.median(t for t, _ in with_comments)
    median_without = statistics.median(t for t, _ in without)
    print(  # noqa: T201
        f"\ndraft page, 40 sections: 2,000 comments {median_with * 1000:.1f} ms "
        f"({with_comments[0][1] / 1024:.0f} KB); no comments {median_without * 1000:.1f} ms "
        f"({without[0][1] / 1024:.0f} KB); median ratio {median_with / median_without:.2f}"
    )
