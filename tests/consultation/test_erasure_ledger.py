"""The erasure ledger (consultation/erasure_ledger.py): what an erasure leaves behind in it, and
what it reads back. Its replay by `manage.py restore` is in test_backups.py."""

import datetime
import io
import json

from django.core.management import call_command
from django.utils import timezone

from consultation.erasure_ledger import (
    address_hash,
    key_id,
    ledger_erased_since,
    ledger_merge,
    ledger_read,
    ledger_writer,
)
from tests.consultation.factories import SectionCommentFactory


def erase(email: str) -> str:
    out = io.StringIO()
    call_command("erase_personal_data", email, "--yes", stdout=out)
    return out.getvalue()


def test_each_erasure_is_recorded_as_a_keyed_hash_that_names_no_one(dual, erasure_ledger):
    SectionCommentFactory(section=dual, user_name="Palesa Mokoena", user_email="palesa@example.org")
    before = timezone.now()
    erase("Palesa@Example.org")

    text = erasure_ledger.read_text()
    assert "palesa" not in text.lower() and "example.org" not in text
    assert erasure_ledger.stat().st_mode & 0o077 == 0, "readable by its owner only"
    (line,) = text.splitlines()
    entry = json.loads(line)
    assert entry["address"] == address_hash("palesa@example.org") != "palesa@example.org"
    assert len(entry["address"]) == 64 and entry["key"] == key_id()
    assert datetime.datetime.fromisoformat(entry["erased_at"]) >= before

    # An erasure that finds nothing records nothing.
    assert "Nothing held" in erase("palesa@example.org")
    assert erasure_ledger.read_text() == text


def test_entries_made_with_another_key_are_counted_not_matched(settings):
    settings.ERASURE_LEDGER_KEY = "the key of last year"
    with ledger_writer() as ledger:
        ledger.record(email="palesa@example.org", erased_at=timezone.now())
    old = address_hash("palesa@example.org")
    settings.ERASURE_LEDGER_KEY = "a new key"
    since = ledger_erased_since(timezone.now() - datetime.timedelta(days=1))
    assert since.addresses == set() and since.other_key == 1
    assert address_hash("palesa@example.org") != old


def test_a_line_cut_short_hides_no_other_and_merging_adds_only_what_is_missing(erasure_ledger):
    now = timezone.now()
    with ledger_writer() as ledger:
        ledger.record(email="palesa@example.org", erased_at=now - datetime.timedelta(days=2))
    entries = ledger_read()
    with erasure_ledger.open("a") as file:
        file.write('{"address": "abc", "erased_')  # a crash mid-write
    with ledger_writer() as ledger:
        ledger.record(email="karabo@example.org", erased_at=now)
    assert [entry.address_hash for entry in ledger_read()] == [
        address_hash("palesa@example.org"),
        address_hash("karabo@example.org"),
    ]
    assert ledger_merge(entries) == 0
    assert ledger_erased_since(now - datetime.timedelta(days=1)).addresses == {
        address_hash("karabo@example.org")
    }
