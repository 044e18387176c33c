"""Compacting indexes, at once or, when another writer keeps one locked, by the worker.

Whoosh keeps the words of a replaced or deleted document in the index's files until its
segment is merged. A caller that needs them gone from the disk (an erasure of someone's
details) compacts the indexes concerned (``WhooshIndex.compact``). An index that another
process keeps locked for longer than WRITE_LOCK_TIMEOUT (a rebuild, a long commit) is not
skipped: its compaction is queued on the backend's REBUILD_TASK_BACKEND, and the task tries
again every COMPACTION_RETRY_SECONDS until the lock is free. The caller is told which
indexes wait, to say so.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.apps import apps
from django.utils import timezone
from django_tasks import task, task_backends
from modelsearch.backends import get_search_backend

from .backend import SearchIndexLockedError, SearchIndexUnavailableError
from .rebuild import alias_for_folder

logger = logging.getLogger(__name__)

# A lock kept past the writers' timeout is a rebuild or a batch: a minute is soon enough.
COMPACTION_RETRY_SECONDS = 60


@dataclass
class Compaction:
    """What became of the compaction of some indexes of one backend."""

    done: list[str] = field(default_factory=list)
    # Locked by another writer: the worker compacts them once the lock is free.
    queued: list[str] = field(default_factory=list)
    # Locked, and no task backend to queue them on (REBUILD_TASK_BACKEND is not set).
    left: list[str] = field(default_factory=list)


def _compact(backend, labels) -> tuple[list[str], list[str]]:
    """Compact the indexes of the models `labels`; returns the indexes compacted and the
    labels whose index was locked. A missing or damaged index needs no compaction: the
    rebuild it waits for writes a new one from the database."""
    done, locked = [], []
    seen = set()
    for label in labels:
        index = backend.get_index_for_model(apps.get_model(label))
        if index.name in seen:
            continue
        seen.add(index.name)
        try:
            index.compact()
        except SearchIndexUnavailableError:
            continue
        except SearchIndexLockedError as error:
            logger.warning("%s Its compaction waits for the worker.", error)
            locked.append(label)
        else:
            done.append(index.name)
    return done, locked


def _queue(backend, labels, *, delay: float = 0) -> bool:
    task_backend = backend.rebuild_task_backend
    if not task_backend:
        return False
    options = {"backend": task_backend}
    if delay:
        if not task_backends[task_backend].supports_defer:
            return False  # the immediate backend cannot wait: it would try again at once
        options["run_after"] = timezone.now() + datetime.timedelta(seconds=delay)
    compact_search_indexes.using(**options).enqueue(str(backend.path), list(labels))
    return True


def compact_or_queue(backend, models) -> Compaction:
    """Compact the Whoosh indexes of `models` on `backend` now; those another writer keeps
    locked are queued for the worker. Other backends update their rows in place: nothing to
    do."""
    result = Compaction()
    if not hasattr(backend, "rebuild_task_backend"):
        return result
    labels = [model._meta.label_lower for model in models]
    result.done, locked = _compact(backend, labels)
    if locked:
        names = [backend.get_index_for_model(apps.get_model(label)).name for label in locked]
        if _queue(backend, locked):
            result.queued = names
        else:
            result.left = names
    return result


@task()
def compact_search_indexes(folder: str, models: list[str]) -> list[str]:
    """Compact the indexes of `models` (labels) of the search backend whose index folder is
    `folder`; one still locked is tried again COMPACTION_RETRY_SECONDS later. Returns the
    labels still waiting."""
    alias = alias_for_folder(folder)
    if alias is None:  # the configuration changed since the request
        return []
    backend = get_search_backend(alias)
    _done, locked = _compact(backend, models)
    if locked and not _queue(backend, locked, delay=COMPACTION_RETRY_SECONDS):
        logger.error("Search indexes of %s still locked and not compacted: %s", folder, locked)
    return locked
