"""Rebuilding a missing or damaged index by itself.

A search that finds an index missing or unreadable (deleted by hand, a lost disk, damaged
files) asks for a rebuild: when the backend's REBUILD_TASK_BACKEND names a backend of the task
framework (``TASKS``), a task is queued there that runs what ``update_index`` runs. Every
search of every process meets the missing index, so the request is made once: a file next to
the index, ``rebuild.requested``, holds the time of the last request under an exclusive
``flock``; a request within REBUILD_RETRY_SECONDS of the previous one queues nothing. The task
empties it when its rebuild is done; a rebuild that fails leaves it, so the next search asks
again once REBUILD_RETRY_SECONDS have passed (a worker that died, a disk still full).

The task itself runs under a second ``flock`` (``rebuild.lock``): a second task queued meanwhile
finds it held and leaves the rebuild to the first.
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from contextlib import contextmanager, suppress
from pathlib import Path

from django.core.management import call_command
from django_tasks import task
from modelsearch.backends import get_search_backends_with_name

logger = logging.getLogger(__name__)

# A rebuild of a few thousand objects takes seconds; one that has not finished after this long
# is taken for lost (its worker died or never ran) and asked for again.
REBUILD_RETRY_SECONDS = 600


class TaskRequests:
    """Requests for one task over an index folder, made by many processes and queued once: a
    file holds the time of the last request under an exclusive ``flock``; a request within
    ``retry_seconds`` of the previous one queues nothing. The task withdraws the request when
    it starts or ends; one that never ran (its worker died) is asked for again once
    ``retry_seconds`` have passed."""

    def __init__(self, path: Path, retry_seconds: float):
        self.path = Path(path)
        self.folder = self.path.parent
        self.retry_seconds = retry_seconds

    @contextmanager
    def _locked(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a+", encoding="utf-8") as file:
            fcntl.flock(file, fcntl.LOCK_EX)
            try:
                file.seek(0)
                yield file
            finally:
                fcntl.flock(file, fcntl.LOCK_UN)

    def claim(self, now: float | None = None) -> bool:
        """Record a request; True for the one caller that should queue the task (no request
        pending, or the last one older than retry_seconds)."""
        now = time.time() if now is None else now
        with self._locked() as file:
            try:
                last = float(file.read().strip() or 0)
            except ValueError:  # a file cut short: take it as no request
                last = 0
            if now - last < self.retry_seconds:
                return False
            file.seek(0)
            file.truncate()
            file.write(f"{now}\n")
            file.flush()
            return True

    def withdraw(self) -> None:
        """The task has run (or was never queued): the next request queues it again."""
        if self.path.exists():
            with self._locked() as file:
                file.truncate()

    @property
    def pending(self) -> bool:
        return self.path.exists() and self.path.stat().st_size > 0


class RebuildRequests(TaskRequests):
    """The rebuild requests of one index folder."""

    def __init__(self, folder: Path):
        super().__init__(Path(folder) / "rebuild.requested", REBUILD_RETRY_SECONDS)
        self.lock_path = self.folder / "rebuild.lock"

    @contextmanager
    def running(self):
        """Hold the rebuild lock; yields False when another rebuild holds it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def request_rebuild(backend, reason: str = "") -> bool:
    """Queue a rebuild of ``backend``'s indexes on its REBUILD_TASK_BACKEND unless one was
    asked for lately. True when this call queued it. Never raises: a search that can't ask for
    a rebuild still says that search is unavailable."""
    task_backend = backend.rebuild_task_backend
    if not task_backend:
        return False
    requests = RebuildRequests(backend.path)
    try:
        if not requests.claim():
            return False
    except OSError:
        logger.exception("Could not ask for a rebuild of the search index in %s", backend.path)
        return False
    try:
        rebuild_search_index.using(backend=task_backend).enqueue(str(backend.path))
    except Exception:
        logger.exception("Could not queue a rebuild of the search index in %s", backend.path)
        with suppress(OSError):
            requests.withdraw()
        return False
    logger.warning("Search index in %s unreadable, rebuild queued: %s", backend.path, reason)
    return True


def alias_for_folder(folder: str) -> str | None:
    """The configured search backend whose index lives in ``folder``."""
    for alias, backend in get_search_backends_with_name():
        if str(getattr(backend, "path", "")) == folder:
            return alias
    return None


@task()
def rebuild_search_index(folder: str) -> None:
    """Rebuild every index of the search backend whose index folder is ``folder``, as
    ``manage.py update_index --backend <alias>`` does."""
    from modelsearch.management.commands.rebuild_modelsearch_index import Command

    from .backend import SearchIndexLockedError

    requests = RebuildRequests(Path(folder))
    alias = alias_for_folder(folder)
    if alias is None:  # the configuration changed since the request
        requests.withdraw()
        return
    with requests.running() as running:
        if not running:
            logger.info("A rebuild of %s is already running", folder)
            return
        started = time.monotonic()
        try:
            call_command(Command(), backend_name=alias, verbosity=0)
        except SearchIndexLockedError:
            # Another process (update_index run by hand) holds the index for longer than a
            # commit: it is rebuilding. If it fails, the next search asks again.
            logger.info("Search index in %s is being rebuilt by another process", folder)
            requests.withdraw()
            return
        requests.withdraw()
    logger.warning("Search index in %s rebuilt in %.1f s", folder, time.monotonic() - started)
