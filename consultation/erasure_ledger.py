"""The erasure ledger: every erasure of a person's details, kept outside the database, so that
restoring an older backup can erase them again.

Each line of the ledger (ERASURE_LEDGER_PATH: by default `erasure-ledger.jsonl` in the private
uploads folder, so that backups carry a copy) records one erasure: a keyed hash (HMAC-SHA256)
of the e-mail address, lower-cased, when it was erased, and an identifier of the key. The
ledger holds no readable address: an address can only be checked against it by whoever holds
the key (ERASURE_LEDGER_KEY, else one derived from SECRET_KEY).

The ledger only grows: an erasure is never undone, so the authoritative ledger is the union of
every copy. A restore reads the site's ledger before it replaces the private folder and merges
it into the one the archive brought back (`ledger_merge`)."""

from __future__ import annotations

import datetime
import fcntl
import json
import logging
import os
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)

SALT = "consultation.erasure_ledger"


class ErasureLedgerError(Exception):
    """The ledger cannot be written: an erasure that cannot be recorded is not made."""


@dataclass(frozen=True)
class LedgerEntry:
    address_hash: str
    erased_at: datetime.datetime
    key: str  # which key made the hash (key_id)

    def as_line(self) -> str:
        entry = {"address": self.address_hash, "erased_at": self.erased_at.isoformat()}
        return json.dumps({**entry, "key": self.key}) + "\n"

    @classmethod
    def from_line(cls, line: str) -> LedgerEntry:
        data = json.loads(line)
        erased_at = datetime.datetime.fromisoformat(data["erased_at"])
        if erased_at.tzinfo is None:
            raise ValueError("a time without its zone")
        return cls(str(data["address"]), erased_at, str(data["key"]))


def ledger_path() -> Path:
    return Path(settings.ERASURE_LEDGER_PATH)


def _hmac(value: str) -> str:
    secret = settings.ERASURE_LEDGER_KEY or None  # None: SECRET_KEY
    return salted_hmac(SALT, value, secret=secret, algorithm="sha256").hexdigest()


def address_hash(email: str) -> str:
    return _hmac(email.strip().lower())


def key_id() -> str:
    """Tells the entries made with the current key from those made with another (a SECRET_KEY
    since replaced), which it cannot match; reveals nothing of the key."""
    return _hmac("key identifier")[:16]


@contextmanager
def _locked(path: Path):
    """The ledger open for reading and appending, under an exclusive lock: several processes
    may erase at once."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(descriptor, "a+b") as file:
        fcntl.flock(file, fcntl.LOCK_EX)
        try:
            yield file
        finally:
            fcntl.flock(file, fcntl.LOCK_UN)


def _entries(file) -> list[LedgerEntry]:
    file.seek(0)
    entries = []
    for number, line in enumerate(file, start=1):
        if not line.strip():
            continue
        try:
            entries.append(LedgerEntry.from_line(line.decode()))
        except (ValueError, KeyError, TypeError):
            # A line cut short by a crash: the others still count.
            logger.warning("Erasure ledger %s: line %d cannot be read", file.name, number)
    return entries


def _write(file, entries) -> None:
    if not entries:
        return
    lines = "".join(entry.as_line() for entry in entries).encode()
    end = file.seek(0, os.SEEK_END)
    if end:
        file.seek(end - 1)
        if file.read(1) != b"\n":  # a line cut short by a crash: not joined to the next
            lines = b"\n" + lines
    file.write(lines)
    file.flush()
    os.fsync(file.fileno())


class LedgerWriter:
    def __init__(self, file):
        self.file = file

    def record(self, *, email: str, erased_at: datetime.datetime) -> None:
        """Add the erasure of `email` at `erased_at`, on disk before this returns."""
        entry = LedgerEntry(address_hash(email), erased_at.astimezone(datetime.UTC), key_id())
        try:
            _write(self.file, [entry])
        except OSError as error:
            raise _unwritable(error) from error


def _unwritable(error: OSError) -> ErasureLedgerError:
    return ErasureLedgerError(
        f"The erasure ledger {ledger_path()} cannot be written ({error.strerror or error}): "
        "an erasure must be recorded there (set ERASURE_LEDGER_PATH to a writable file)."
    )


@contextmanager
def ledger_writer():
    """The ledger, open and locked, for an erasure to record itself in (`record`). Opened
    before the erasure starts: one that could not be recorded must not start. Raises
    ErasureLedgerError when it cannot be opened."""
    stack = ExitStack()
    try:
        file = stack.enter_context(_locked(ledger_path()))
    except OSError as error:
        raise _unwritable(error) from error
    with stack:
        yield LedgerWriter(file)


def ledger_read(path: Path | None = None) -> list[LedgerEntry]:
    path = path or ledger_path()
    if not path.exists():
        return []
    with _locked(path) as file:
        return _entries(file)


def ledger_merge(entries) -> int:
    """Add to the ledger the `entries` it lacks (from another copy); returns how many."""
    if not entries:
        return 0
    with _locked(ledger_path()) as file:
        known = set(_entries(file))
        missing = list(dict.fromkeys(entry for entry in entries if entry not in known))
        _write(file, missing)
    return len(missing)


@dataclass
class ErasedSince:
    """The erasures of the ledger made since a time."""

    # Hashes of the addresses, made with the current key.
    addresses: set[str]
    # Entries made with another key (SECRET_KEY replaced without ERASURE_LEDGER_KEY set):
    # they cannot be matched to an address.
    other_key: int


def ledger_erased_since(since: datetime.datetime) -> ErasedSince:
    current = key_id()
    entries = [entry for entry in ledger_read() if entry.erased_at >= since]
    return ErasedSince(
        addresses={entry.address_hash for entry in entries if entry.key == current},
        other_key=len({entry.address_hash for entry in entries if entry.key != current}),
    )
