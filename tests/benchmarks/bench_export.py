"""The consolidated feedback on drafts of 1,000, 10,000 and 50,000 items (comments and written
submissions mixed; a third in 20 campaigns of near-identical letters; replies; responses
filled for half) exported to Word, internal and public, beside the naive python-docx way
(`table.add_row()` then `cell.text`, one row per item) at 1,000 and 10,000 items in the same
run. Each export runs in a forked child process, so that its peak memory (VmHWM) is its own
and not the largest of the run; the parent's resident memory at the fork is printed too (the
child starts with it). Run on demand:

    .venv/bin/python -m pytest tests/benchmarks/bench_export.py -s -p no:cacheprovider

Targets (issue 17): 10,000 items in 3 s and 50,000 in 15 s end to end, peak memory 400 MB,
time per item flat as the size grows, 5 times faster than the naive way.
"""

import gc
import io
import json
import os
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document

from consultation.exports.word import MATRIX_COLUMNS, export_feedback
from consultation.models import FeedbackItem, ResponsePublication
from tests.consultation.bulk_feedback import feedback_in_bulk
from tests.policy_docs.factories import DraftPageFactory, section

SIZES = [int(size) for size in os.environ.get("BENCH_EXPORT_SIZES", "1000,10000,50000").split(",")]
NAIVE_SIZES = {1000, 10_000}
# A folder to keep the exports in (e.g. to convert them to PDF and look at them); none by default.
SAVE_TO = os.environ.get("BENCH_EXPORT_SAVE")


def _memory(field: str) -> int:
    """A /proc/self/status figure (VmHWM: peak resident memory, VmRSS: now), in MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) // 1024
    return 0


def _in_child(work) -> dict:
    """Run `work()` in a forked child; its result with the child's seconds and peak memory.
    The parent waits, so the child may use the parent's database connection (and, on
    PostgreSQL, sees the test's uncommitted data)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report, then leave without running the parent's clean-up
        os.close(read)
        try:
            start = time.perf_counter()
            result = work()
            result["seconds"] = time.perf_counter() - start
            result["peak_mb"] = _memory("VmHWM")
        except BaseException as error:  # noqa: BLE001 the parent reports it
            result = {"error": repr(error)}
        os.write(write, json.dumps(result).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        output = pipe.read()
    os.waitpid(pid, 0)
    result = json.loads(output)
    assert "error" not in result, result["error"]
    return result


def _export(draft, public: bool):
    def work():
        output = io.BytesIO()
        with CaptureQueriesContext(connection) as captured:
            summary = export_feedback(draft=draft, output=output, public=public)
        if SAVE_TO:
            variant = "public" if public else "internal"
            with open(os.path.join(SAVE_TO, f"{draft.slug}-{variant}.docx"), "wb") as saved:
                saved.write(output.getvalue())
        return {
            "queries": len(captured),
            "kb": len(output.getvalue()) // 1024,
            "items": summary.comments + summary.submissions,
        }

    return work


def _naive(draft):
    """One table row per item through python-docx's API, the way a first attempt writes it."""

    def work():
        document = Document()
        table = document.add_table(rows=1, cols=len(MATRIX_COLUMNS))
        table.style = "Table Grid"
        for cell, (_key, label, _width) in zip(table.rows[0].cells, MATRIX_COLUMNS, strict=True):
            cell.text = str(label)
        rows = FeedbackItem.objects.filter(draft=draft).values_list(
            "pk", "section__heading", "text", "comment__proposed_wording", "speaker_name",
            "sector__name", "gender", "country", "response", "decision",
        )  # fmt: skip
        count = 0
        for values in rows.iterator(chunk_size=2000):
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = str(value or "")
            count += 1
        output = io.BytesIO()
        document.save(output)
        return {"queries": 1, "kb": len(output.getvalue()) // 1024, "items": count}

    return work


def _load() -> str:
    return " ".join(f"{figure:.2f}" for figure in os.getloadavg())


@pytest.mark.django_db(transaction=False)
def test_export_at_campaign_scale(policy):
    print(f"\nWord export at campaign scale, {connection.vendor}, load average {_load()}")
    header = (
        f"  {'items':>6} {'variant':<9} {'seconds':>8} {'ms/item':>8} {'peak MB':>8} "
        f"{'base MB':>8} {'queries':>7} {'KB':>7} {'vs naive':>8}"
    )
    print(header)
    for number, size in enumerate(SIZES):
        draft = DraftPageFactory(
            parent=policy,
            title=f"Draft {number + 1}",
            slug=f"draft-{number + 1}",
            sections=[section("Chapter", level=1)]
            + [section(f"Section {n}", text=f"Text {n}. " * 20) for n in range(39)],
        )
        start = time.perf_counter()
        made = feedback_in_bulk(draft, size)
        ResponsePublication.objects.create(draft=draft)
        built = time.perf_counter() - start
        gc.collect()
        base = _memory("VmRSS")
        print(
            f"  {size} items built in {built:.1f} s ({made.comments} comments of which "
            f"{made.replies} replies, {made.submissions} submissions, {made.campaign_members} "
            f"campaign members); load {_load()}"
        )
        naive = _in_child(_naive(draft)) if size in NAIVE_SIZES else None
        results = [("internal", _in_child(_export(draft, False)))]
        results.append(("public", _in_child(_export(draft, True))))
        if naive:
            results.append(("naive", naive))
        for variant, result in results:
            assert result["items"] == size
            ratio = f"{naive['seconds'] / result['seconds']:7.1f}x" if naive else f"{'':>8}"
            print(
                f"  {size:>6} {variant:<9} {result['seconds']:8.2f} "
                f"{result['seconds'] / size * 1000:8.3f} {result['peak_mb']:8d} {base:8d} "
                f"{result['queries']:7d} {result['kb']:7d} {ratio}"
            )
        print(f"  load {_load()}")
