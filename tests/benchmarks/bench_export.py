"""The consolidated feedback on a draft of 40 sections with 2,000 comments and 500 written
submissions, exported to Word (internal and public): time, database queries and file size.
Run on demand:

    .venv/bin/python -m pytest tests/benchmarks/bench_export.py -s -p no:cacheprovider
"""

import io
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document

from consultation.enums import Gender
from consultation.exports.word import export_feedback
from consultation.models import Sector
from tests.consultation.factories import SectionCommentFactory, submissions_in_bulk
from tests.policy_docs.factories import DraftPageFactory, section

COMMENTS = 2000
SUBMISSIONS = 500


def test_export_of_2000_comments(policy):
    draft = DraftPageFactory(
        parent=policy,
        title="Draft 1",
        sections=[section("Chapter", level=1)]
        + [section(f"Section {n}", text=f"Text {n}. " * 20) for n in range(39)],
    )
    sections = list(draft.sections.all())
    sectors = list(Sector.objects.all())
    genders = list(Gender.values)
    for n in range(COMMENTS):
        SectionCommentFactory(
            section=sections[n % len(sections)],
            comment=f"Comment {n}: " + "a reasoned point about this section. " * 6,
            gender=genders[n % len(genders)],
            sector=sectors[n % len(sectors)],
        )
    submissions_in_bulk(draft, SUBMISSIONS)

    print(f"\nWord export, {COMMENTS} comments + {SUBMISSIONS} submissions, {connection.vendor}:")
    for public in (False, True):
        output = io.BytesIO()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            summary = export_feedback(draft=draft, output=output, public=public)
            elapsed = time.perf_counter() - start
        rows = sum(len(table.rows) - 1 for table in Document(io.BytesIO(output.getvalue())).tables)
        assert summary.comments == COMMENTS
        variant = "public" if public else "internal"
        print(
            f"  {variant:<9} {elapsed:6.2f} s  {len(captured)} queries  "
            f"{len(output.getvalue()) / 1024:7.0f} KB  {rows} table rows"
        )
