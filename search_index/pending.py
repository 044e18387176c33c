"""Index updates that could not be written yet, kept on disk until a writer applies them.

An update is written inline by the process that saved the object (with WRITE_BEHIND, by the
worker: every update is listed here first, write_behind.py). When that process cannot
get the index's write lock within WRITE_LOCK_TIMEOUT (a rebuild, or another process holding
it), or the index is missing or damaged, the object's model and pk are appended here instead.
The next writer of the index, or the next rebuild, brings each listed object in line with the
database: it indexes the object if it is still among the model's indexed objects, and removes
it otherwise. Applying an entry twice is harmless, so an update is never lost, only late.

The list is a text file per index next to it, one ``app_label.model pk`` per line, guarded by
an exclusive ``flock`` so that several processes can append while one drains.
"""

from __future__ import annotations

import fcntl
from contextlib import contextmanager
from pathlib import Path


class PendingUpdates:
    def __init__(self, path: Path):
        self.path = path

    @contextmanager
    def _locked(self, mode):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, mode, encoding="utf-8") as file:
            fcntl.flock(file, fcntl.LOCK_EX)
            try:
                yield file
            finally:
                fcntl.flock(file, fcntl.LOCK_UN)

    def add(self, entries):
        """Append (model label, pk text) pairs."""
        lines = "".join(f"{label} {pk}\n" for label, pk in entries)
        if lines:
            with self._locked("a") as file:
                file.write(lines)

    def take(self):
        """Remove and return every entry, oldest first, without duplicates."""
        if not self.path.exists():
            return []
        with self._locked("r+") as file:
            lines = file.read().splitlines()
            file.seek(0)
            file.truncate()
        entries = (line.split(" ", 1) for line in lines if " " in line)
        return list(dict.fromkeys((label, pk) for label, pk in entries))

    def __len__(self):
        if not self.path.exists():
            return 0
        with self._locked("r") as file:
            return sum(1 for _line in file)
