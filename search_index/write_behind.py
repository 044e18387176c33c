"""Index updates written by the worker instead of in the request (the backend's WRITE_BEHIND).

Written in the request, a comment cost three Whoosh commits (xtd saves a comment twice, then
its feedback item is saved): half of the CPU of a post, and every commit makes every process
open its searchers again. With WRITE_BEHIND, a save or a delete of an indexed object only
records the object's model and pk in the index's pending list (pending.py) and, once its
transaction commits, asks for the task that applies the list, on REBUILD_TASK_BACKEND. The
task writes everything pending in one commit per index, so a burst of comments costs one
commit. The task is asked for once (a request file, as rebuilds are: rebuild.TaskRequests);
it withdraws the request before it takes the list, so an update recorded while it runs asks
for a new task.

The entry is recorded twice: at once, so that a compaction made before the transaction ends
(an erasure inside a larger transaction) applies it and leaves no erased word in the index's
files; and after the commit, so that a task that ran in between, and read the object as it was
before the commit, is followed by one that reads it as committed. Applying an entry brings
the index in line with the database, so applying it twice does no harm. A transaction rolled
back leaves its first entry, which then finds the object as it was.

Searches see a change once the worker has run: about a second with an idle worker
(db_worker's --interval), longer behind a Word export on the same queue. Nothing is lost if
the worker is down: the list waits on disk, and the next task, write or rebuild applies it.
"""

from __future__ import annotations

import datetime
import logging
from contextlib import suppress
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django_tasks import task, task_backends
from modelsearch.backends import get_search_backend
from modelsearch.backends.base import get_model_root
from modelsearch.index import get_indexed_models

from .rebuild import TaskRequests, alias_for_folder

logger = logging.getLogger(__name__)

# A request older than this whose task never ran (a worker that died) is made again.
REQUEST_RETRY_SECONDS = 60
# An index locked by another writer (a rebuild, a compaction) is tried again this much later.
LOCKED_RETRY_SECONDS = 5


def _requests(folder) -> TaskRequests:
    return TaskRequests(Path(folder) / "updates.requested", REQUEST_RETRY_SECONDS)


def index_updates_defer(index, entries) -> None:
    """Record (model label, pk text) pairs for the worker to write into `index`."""
    if not entries:
        return
    index.pending.add(entries)
    transaction.on_commit(lambda: _after_commit(index, entries))


def _after_commit(index, entries) -> None:
    # Never raises: the request's transaction has committed, and the entries are kept on disk
    # for the next task, write or rebuild whatever happens here.
    try:
        index.pending.add(entries)
        index_updates_request(index.backend)
    except Exception:
        logger.exception("Could not ask the worker to write search index updates")


def index_updates_request(backend, *, delay: float = 0) -> bool:
    """Queue the task that writes `backend`'s pending updates, unless one is queued already.
    True when this call queued it."""
    requests = _requests(backend.path)
    if not delay and not requests.claim():
        return False
    options = {"backend": backend.rebuild_task_backend}
    if delay:
        if not task_backends[backend.rebuild_task_backend].supports_defer:
            return False  # the immediate backend cannot wait: it would try again at once
        options["run_after"] = timezone.now() + datetime.timedelta(seconds=delay)
    try:
        apply_index_updates.using(**options).enqueue(str(backend.path))
    except Exception:
        logger.exception("Could not queue the search index updates of %s", backend.path)
        with suppress(OSError):
            requests.withdraw()
        return False
    return True


def _indexes(backend):
    """Each index of `backend` once (one per root model)."""
    roots = {get_model_root(model) for model in get_indexed_models()}
    indexes = {}
    for root in roots:
        index = backend.get_index_for_model(root)
        indexes.setdefault(index.name, index)
    return [indexes[name] for name in sorted(indexes)]


@task()
def apply_index_updates(folder: str) -> int:
    """Write the pending updates of every index in `folder` (one commit per index); returns
    how many objects were brought in line. An index another writer keeps locked is tried
    again LOCKED_RETRY_SECONDS later; a missing or damaged one waits for its rebuild, which
    applies them."""
    from .backend import SearchIndexLockedError, SearchIndexUnavailableError

    _requests(folder).withdraw()  # before taking the lists: a later update asks again
    alias = alias_for_folder(folder)
    if alias is None:  # the configuration changed since the request
        return 0
    backend = get_search_backend(alias)
    applied, locked = 0, False
    for index in _indexes(backend):
        try:
            applied += index.apply_pending()
        except SearchIndexLockedError as error:
            logger.info("%s Its updates are written later.", error)
            locked = True
        except SearchIndexUnavailableError:
            continue
    if locked:
        index_updates_request(backend, delay=LOCKED_RETRY_SECONDS)
    return applied
