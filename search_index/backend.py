"""A modelsearch (Wagtail 8 search) backend on Whoosh, a pure-Python full-text index on local disk.

Configuration::

    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search_index.backend",
            "PATH": BASE_DIR / "var" / "search_index",  # the default; created on first use
            "WRITE_LOCK_TIMEOUT": 2,  # seconds a writer waits for another one to finish
            "REBUILD_TASK_BACKEND": "background",  # TASKS backend of rebuilds and compactions
            "WRITE_BEHIND": True,  # saves written by that backend's worker, not in the request
        }
    }

Design
------
- **One Whoosh index per model root** (``wagtailcore.Page``, ``wagtailimages.Image``...), all in
  the PATH folder, named after the root model. A document carries the object's pk and the
  content types of its model and indexed ancestors, so a search on ``Page`` finds every page
  type and a search on ``PolicyPage`` only policy pages (``schema.py``).
- **Whoosh finds and ranks, Django filters and orders.** Whoosh lists the matching documents
  without scoring them (``matching.py`` reads postings a block at a time); one database query
  over those pks applies the queryset's own filters (FilterFields, related fields, dates,
  subqueries, tree filters: every lookup the ORM knows, and ``check()`` still refuses fields
  that aren't FilterFields) and reads the model's FilterField columns on the way, from which
  facets are counted with no further query. A page of results is the best of the kept
  matches, scored as Whoosh's BM25F scores them but in one pass over each word's postings;
  only that page is sorted. Ordering by relevance keeps that order;
  ``order_by_relevance=False`` orders in the database (``-pk`` when the queryset has no
  ordering), expressions included.
- **One searcher per thread and index**, kept open between searches and replaced when a commit
  (or a rebuild) changed the index; whoosh-reloaded's ``searcher.refresh()`` is not used (it
  keeps the old segments' deletions).
- **One writer at a time, no lost update**: Whoosh locks an index while writing. Writers wait
  at most WRITE_LOCK_TIMEOUT seconds; an update that could not be written then (or while the
  index is missing or damaged) is kept in a pending list on disk that the next writer or
  rebuild applies (``pending.py``). No AsyncWriter, whose buffered changes die with the
  process. Saving an object never fails because of the index.
- **Write-behind** (WRITE_BEHIND, with REBUILD_TASK_BACKEND): a save only records the object in
  that pending list, and the worker writes the list in one commit per index
  (``write_behind.py``): a post costs no Whoosh commit, and searches see it a second later.
- **Missing or damaged index**: searches raise ``SearchIndexUnavailableError`` (a search page
  says that search is being rebuilt); only a rebuild or a reset creates an index. The first
  search that finds it so queues a rebuild on the task backend REBUILD_TASK_BACKEND, once for
  all processes (``rebuild.py``). An index that a rebuild had to create afresh is not read
  until the rebuild commits: searches keep saying it is being rebuilt rather than finding
  nothing.
- **Compaction**: Whoosh keeps a replaced document's words in its files until its segment is
  merged; ``compact()`` applies the pending updates and merges every segment. A compaction
  that finds the index locked is queued for the worker on REBUILD_TASK_BACKEND
  (``compaction.py``).
- **Spelling**: ``suggest()`` proposes the closest indexed word for each unknown one.
- **Rebuilds** (``update_index``, or ``rebuild_modelsearch_index`` where modelsearch is an
  installed app) hold one writer per index for the whole run and commit once at the end,
  replacing every old segment: searches see the old index until the new one is complete, and
  a damaged index is never read.
"""

from __future__ import annotations

import heapq
import logging
import threading
from collections import Counter, OrderedDict
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.db.models import Manager
from django.utils.encoding import force_str
from modelsearch.backends.base import (
    BaseIndex,
    BaseSearchBackend,
    BaseSearchQueryCompiler,
    BaseSearchResults,
    FilterFieldError,
    get_model_root,
)
from modelsearch.index import AutocompleteField, FilterField, RelatedFields, SearchField
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh import writing
from whoosh.index import TOC, LockError

from .lookups import with_pk_among
from .matching import matching_docnums, scored_matches
from .pending import PendingUpdates
from .query import WhooshQueryBuilder
from .rebuild import request_rebuild
from .schema import SPELLING_ANALYZER, build_schema, field_name
from .write_behind import index_updates_defer

logger = logging.getLogger(__name__)
_warned_indexes = set()

# Short: a commenter waits this long at most when a rebuild holds the lock; a commit takes
# well under a second, and what can't wait is kept pending, not lost.
DEFAULT_WRITE_LOCK_TIMEOUT = 2.0
# Above this many matches, filters are applied by reading the queryset's pks rather than
# sending the matches to the database as a `pk IN (...)` list.
MAX_PK_LIST = 10_000


class SearchIndexLockedError(Exception):
    """Another process (or thread) kept the index's write lock longer than the timeout."""


class SearchIndexUnavailableError(Exception):
    """The index is missing or cannot be read: it needs a rebuild (``manage.py update_index``,
    Wagtail's name for modelsearch's ``rebuild_modelsearch_index``)."""


def _prepare_value(value):
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return "\n".join(_prepare_value(item) for item in value)
    if isinstance(value, dict):
        return "\n".join(_prepare_value(item) for item in value.values())
    return force_str(value)


def _has_text(search_fields) -> bool:
    return any(
        isinstance(field, SearchField | AutocompleteField)
        or (isinstance(field, RelatedFields) and _has_text(field.fields))
        for field in search_fields
    )


def _field_texts(obj, search_fields, prefix=""):
    """(Whoosh field name, text) for each SearchField and AutocompleteField of ``obj``,
    following RelatedFields."""
    for field in search_fields:
        if isinstance(field, RelatedFields):
            if not _has_text(field.fields):
                continue  # only FilterFields, which the database applies: no query needed
            related = field.get_value(obj)
            if related is None:
                continue
            if isinstance(related, Manager):
                related_objs = related.all()
            else:
                related_objs = [related() if callable(related) else related]
            for related_obj in related_objs:
                yield from _field_texts(related_obj, field.fields, prefix + field.field_name + "__")
        elif isinstance(field, SearchField | AutocompleteField):
            value = field.get_value(obj)
            if value is None:
                continue
            kind = "text" if isinstance(field, SearchField) else "ac"
            yield field_name(kind, prefix + field.field_name), _prepare_value(value)


def _content_types(model):
    """The model's label and those of its indexed ancestors, most specific first."""
    labels = []
    while model is not None:
        labels.append(model._meta.label_lower)
        model = model.indexed_get_parent()
    return " ".join(labels)


def build_document(obj):
    texts = {}
    for name, text in _field_texts(obj, obj.get_search_fields()):
        texts.setdefault(name, []).append(text)
    document = {name: "\n".join(values) for name, values in texts.items()}
    document["spell"] = "\n".join(
        text for name, text in document.items() if name.startswith("text__")
    )
    document["pk"] = force_str(obj.pk)
    document["content_type"] = _content_types(obj._meta.model)
    return document


def _indexed_objects(label, pk_texts):
    """The objects to index for pending entries of one model, by pk text; the pks missing
    from it are no longer indexed (deleted, unpublished, or their model is gone)."""
    try:
        model = apps.get_model(label)
    except LookupError:
        return {}
    objects = model.get_indexed_objects().filter(pk__in=pk_texts)
    return {force_str(obj.pk): obj.get_indexed_instance() for obj in objects}


_searchers = threading.local()


def _thread_searchers() -> dict:
    """This thread's open searchers: (index folder, index name) -> (searcher, version)."""
    if not hasattr(_searchers, "by_index"):
        _searchers.by_index = {}
    return _searchers.by_index


def _close_quietly(searcher):
    try:
        searcher.close()
    except Exception:  # noqa: S110 - its files may be gone already; nothing else holds it
        pass


def _pk_texts(searcher) -> list[str]:
    """The pk text of each document number of ``searcher``'s reader, read once per searcher
    (a column read in one go is much faster than one lookup per hit, or stored fields)."""
    cached = getattr(searcher, "_pk_texts", None)
    if cached is None:
        reader = searcher.reader()
        if reader.has_column("pk"):
            cached = list(reader.column_reader("pk"))
        else:  # an index written before the pk column existed
            cached = [
                None if reader.is_deleted(docnum) else reader.stored_fields(docnum).get("pk")
                for docnum in range(reader.doc_count_all())
            ]
        searcher._pk_texts = cached
    return cached


class WhooshIndex(BaseIndex):
    """The Whoosh index of one model root (and of all its subclasses)."""

    def __init__(self, backend, root_model):
        super().__init__(backend)
        self.root_model = root_model
        self.name = root_model._meta.label_lower.replace(".", "_")
        self.pending = PendingUpdates(backend.path / f"{self.name}.pending")
        # Present while a rebuild fills an index it created: the index is not complete yet.
        self.building_flag = backend.path / f"{self.name}.building"
        self._rebuild_writer = None
        self._rebuild_seen = None

    def __repr__(self):
        return f"<WhooshIndex {self.name} in {self.backend.path}>"

    def get_key(self):
        return self.name

    # Storage

    def exists(self):
        return whoosh_index.exists_in(self.backend.path, indexname=self.name)

    def create(self):
        """A new, empty index in place of whatever was there."""
        self._forget_searcher()
        self.backend.path.mkdir(parents=True, exist_ok=True)
        return whoosh_index.create_in(self.backend.path, build_schema(), indexname=self.name)

    def open(self):
        """The Whoosh index. Only a rebuild or a reset creates one: a write to a missing
        index is kept pending, so that a deleted index is never silently replaced by one
        holding only the latest changes."""
        try:
            return whoosh_index.open_dir(self.backend.path, indexname=self.name)
        except Exception as error:  # Whoosh raises many kinds on damaged files
            raise SearchIndexUnavailableError(
                f"The search index {self.name!r} in {self.backend.path} is missing or damaged: "
                f"{error.__class__.__name__}: {error}. "
                "Run manage.py update_index (rebuild_modelsearch_index)."
            ) from error

    def writer(self, ix=None):
        """A writer on this index, waiting at most WRITE_LOCK_TIMEOUT seconds for the lock."""
        ix = ix or self.open()
        timeout = self.backend.write_lock_timeout
        try:
            return ix.writer(timeout=timeout, delay=min(0.1, timeout or 0.1))
        except LockError as error:
            raise SearchIndexLockedError(
                f"The search index {self.name!r} in {self.backend.path} is being written by "
                f"another process; gave up after waiting {timeout:g} s for its write lock."
            ) from error

    def _apply_pending(self, writer, entries):
        by_model = {}
        for label, pk in entries:
            by_model.setdefault(label, []).append(pk)
        for label, pks in by_model.items():
            objects = _indexed_objects(label, pks)
            for pk in pks:
                if pk in objects:
                    writer.update_document(**build_document(objects[pk]))
                else:
                    writer.delete_by_term("pk", pk)

    def _write(self, change, entries):
        """Run ``change`` on a writer, with the pending updates, and commit; when the index
        is locked for too long, missing or damaged, keep ``entries`` pending instead."""
        if self._rebuild_writer is not None:
            change(self._rebuild_writer)
            return
        try:
            writer = self.writer()
        except (SearchIndexLockedError, SearchIndexUnavailableError) as error:
            self.pending.add(entries)
            # A missing index once per index and process: a site loaded before its first
            # rebuild would otherwise log every object it saves.
            missing = isinstance(error, SearchIndexUnavailableError)
            level = logging.DEBUG if missing and self.name in _warned_indexes else logging.WARNING
            if missing:
                _warned_indexes.add(self.name)
            logger.log(level, "%s Kept %d update(s) pending.", error, len(entries))
            return
        # What this change writes anyway is not applied twice: update_document() would not
        # replace a document added in the same writer.
        written = {pk for _label, pk in entries}
        pending = [entry for entry in self.pending.take() if entry[1] not in written]
        try:
            self._apply_pending(writer, pending)
            change(writer)
            writer.commit()
        except BaseException:
            writer.cancel()
            self.pending.add([*pending, *entries])
            raise

    # BaseIndex API

    def add_model(self, model):
        if not self.exists():
            self.create()

    def refresh(self):
        # A commit is visible to the next searcher: nothing to do.
        pass

    def reset(self):
        if self._rebuild_writer is None:  # a rebuild replaces the whole index anyway
            self.create()

    @property
    def _writes_behind(self) -> bool:
        """Updates go to the worker (write_behind.py); a rebuild writes its own at once."""
        return self.backend.write_behind and self._rebuild_writer is None

    def add_items(self, model, items):
        if not model.get_search_fields():
            return
        if self._writes_behind:
            label = model._meta.label_lower
            index_updates_defer(self, [(label, force_str(item.pk)) for item in items])
            return
        documents = [build_document(item) for item in items]
        if not documents:
            return

        def update(writer):
            for document in documents:
                writer.update_document(**document)

        def add_to_rebuild(writer):
            # A rebuild writes a new index from scratch: nothing to replace.
            for document in documents:
                if document["pk"] not in self._rebuild_seen:
                    writer.add_document(**document)
                    self._rebuild_seen.add(document["pk"])

        if self._rebuild_writer is not None:
            add_to_rebuild(self._rebuild_writer)
            return

        label = model._meta.label_lower
        self._write(update, [(label, document["pk"]) for document in documents])

    def delete_item(self, item):
        pk = force_str(item.pk)
        entries = [(item._meta.label_lower, pk)]
        if self._writes_behind:
            index_updates_defer(self, entries)
            return
        self._write(lambda writer: writer.delete_by_term("pk", pk), entries)

    def compact(self):
        """Apply the pending updates and merge every segment into one, so that the words of
        replaced and deleted documents leave the index's files (Whoosh keeps them there until
        their segment is merged). Raises SearchIndexLockedError when another writer keeps the
        lock, SearchIndexUnavailableError when the index is missing or damaged (a rebuild,
        which replaces every segment, is then due anyway)."""
        self._commit_pending(optimize=True)

    def apply_pending(self) -> int:
        """Write the pending updates in one commit (the worker's batch, write_behind.py);
        returns how many objects were brought in line. Raises as compact() does."""
        if not len(self.pending):
            return 0
        return self._commit_pending(optimize=False)

    def _commit_pending(self, *, optimize: bool) -> int:
        writer = self.writer()
        pending = self.pending.take()
        try:
            self._apply_pending(writer, pending)
            writer.commit(optimize=optimize)
        except BaseException:
            writer.cancel()
            self.pending.add(pending)
            raise
        return len(pending)

    # Rebuilds

    def start_rebuild(self):
        try:
            writer = self.writer()
        except SearchIndexLockedError:
            raise
        except Exception:  # missing, or too damaged to write to: start afresh
            self.backend.path.mkdir(parents=True, exist_ok=True)
            self.building_flag.touch()
            writer = self.writer(self.create())
        self._rebuild_writer = writer
        self._rebuild_seen = set()

    def finish_rebuild(self):
        writer = self._rebuild_writer
        self._rebuild_writer = self._rebuild_seen = None
        # CLEAR: the new segment replaces every old one (never read, so damage doesn't matter).
        writer.commit(mergetype=writing.CLEAR)
        self.building_flag.unlink(missing_ok=True)
        # Changes saved while the rebuild held the lock, after it had read their objects. In
        # a writer of their own: Whoosh's update_document() only replaces committed documents.
        if len(self.pending):
            self._write(lambda writer: None, [])

    def cancel_rebuild(self):
        # The building flag stays: an index created by a failed rebuild is incomplete.
        if self._rebuild_writer is not None:
            self._rebuild_writer.cancel()
            self._rebuild_writer = self._rebuild_seen = None

    # Searching

    def _open_searcher(self):
        if self.building_flag.exists():
            raise SearchIndexUnavailableError(
                f"The search index {self.name!r} in {self.backend.path} is being rebuilt."
            )
        try:
            return self.open().searcher()
        except SearchIndexUnavailableError:
            raise
        except Exception as error:
            raise SearchIndexUnavailableError(
                f"The search index {self.name!r} cannot be read: "
                f"{error.__class__.__name__}: {error}"
            ) from error

    def _version(self, generation):
        """What tells this index's committed versions apart: a generation and its table of
        contents file (an index created afresh starts its generations again)."""
        try:
            stat = (self.backend.path / TOC._filename(self.name, generation)).stat()
        except OSError:  # cleaned up after a later commit
            return generation, None, None
        return generation, stat.st_ino, stat.st_mtime_ns

    def _searcher(self):
        """This thread's searcher on this index, brought up to date with the latest commit.
        Opening a searcher reads every segment's table of contents: one per thread and index
        is kept open between searches (Whoosh searchers are not shared between threads)."""
        if self.building_flag.exists():
            raise SearchIndexUnavailableError(
                f"The search index {self.name!r} in {self.backend.path} is being rebuilt."
            )
        cache = _thread_searchers()
        key = (str(self.backend.path), self.name)
        cached = cache.pop(key, None)
        searcher = None
        if cached is not None:
            old, version = cached
            try:
                latest = self._version(old._ix.latest_generation())
            except OSError:  # the folder went away: opening again says so
                latest = None
            if latest == version:
                searcher = old
            else:
                # Not old.refresh(): whoosh-reloaded 2.7.5 reuses the old segment readers by
                # segment id, keeping their old deletions (and adds back merged-away segments).
                _close_quietly(old)
        if searcher is None:
            searcher = self._open_searcher()
        # The version the searcher read, not the latest: a commit may have come in between.
        cache[key] = (searcher, self._version(searcher.reader().generation()))
        return searcher

    def _forget_searcher(self):
        cached = _thread_searchers().pop((str(self.backend.path), self.name), None)
        if cached is not None:
            _close_quietly(cached[0])

    def _read(self, read):
        """``read(searcher)``. A read that fails is tried once more on a new searcher: a commit
        (a comment saved) may delete the segments that a searcher found an instant before.
        Failing twice, the index is missing, damaged or being rebuilt: SearchIndexUnavailableError,
        and a rebuild is asked for (``rebuild.py``)."""
        try:
            try:
                return read(self._searcher())
            except Exception:
                self._forget_searcher()
                if self.building_flag.exists():
                    raise
                return read(self._searcher())
        except Exception as error:
            self._forget_searcher()
            request_rebuild(self.backend, reason=f"{error.__class__.__name__}: {error}")
            if isinstance(error, SearchIndexUnavailableError):
                raise
            raise SearchIndexUnavailableError(
                f"The search index {self.name!r} cannot be read: "
                f"{error.__class__.__name__}: {error}"
            ) from error

    def search(self, whoosh_query, model, *, keep=None, limit=None):
        """The documents of ``model`` that match ``whoosh_query``, as ``(hits, pks)``:

        - ``pks``: the pk text of every match that ``keep`` lets through, in index order.
          ``keep(pk_texts)`` returns the set of those to keep (the caller's filters: one
          database query); None keeps them all;
        - ``hits``: the best ``limit`` of those (all with None, none with 0) as
          ``(pk text, score)``, best first. With ``limit=0`` nothing is scored; otherwise
          words are scored in one pass over their postings (``matching.scored_matches``) and
          only the best ``limit`` sorted, other queries (phrases) scored by Whoosh.
        """
        if whoosh_query is wq.NullQuery:
            return [], []
        label = model._meta.label_lower

        def read(searcher):
            reader = searcher.reader()
            pk_texts = _pk_texts(searcher)
            # Scored in one pass over the postings when a page is asked for and the query
            # allows it; otherwise matched without scoring, and Whoosh scores the page.
            scores = scored_matches(searcher, whoosh_query) if limit != 0 else None
            docnums = sorted(
                scores if scores is not None else matching_docnums(searcher, whoosh_query)
            )
            # Filtering on the model costs a pass over every document of the index: skip it
            # when they are all of that model (the usual case).
            only_model = reader.doc_frequency("content_type", label) >= reader.doc_count_all()
            if not only_model:
                of_model = matching_docnums(searcher, wq.Term("content_type", label))
                docnums = [docnum for docnum in docnums if docnum in of_model]
            pks = [pk_texts[docnum] for docnum in docnums]
            if keep is not None:
                try:
                    kept = keep(pks)
                except Exception as error:  # the database's, not the index's: raised below
                    failures.append(error)
                    return [], []
                pairs = [(d, pk) for d, pk in zip(docnums, pks, strict=True) if pk in kept]
                docnums, pks = [d for d, _pk in pairs], [pk for _d, pk in pairs]
            if limit == 0 or not docnums:
                return [], pks
            if scores is not None:
                best = heapq.nsmallest(
                    len(docnums) if limit is None else limit,
                    ((docnum, scores[docnum]) for docnum in docnums),
                    key=lambda item: (-item[1], item[0]),  # Whoosh's order: ties by docnum
                )
                return [(pk_texts[docnum], score) for docnum, score in best], pks
            allowed = set(docnums) if keep is not None or not only_model else None
            results = searcher.search(whoosh_query, filter=allowed, limit=limit)
            hits = [(pk_texts[docnum], float(score or 0.0)) for score, docnum in results.top_n]
            return hits, pks

        failures = []
        found = self._read(read)
        if failures:
            raise failures[0]
        return found

    def corrections(self, words):
        """For each word that no document contains, the closest word that one does (or None)."""

        def read(searcher):
            if "spell" not in searcher.schema:  # written before suggestions existed
                return {}
            corrector = searcher.corrector("spell")
            reader = searcher.reader()
            corrected = {}
            for word in words:
                if reader.frequency("spell", word):
                    continue
                suggestions = corrector.suggest(word, limit=1, maxdist=2, prefix=1)
                corrected[word] = suggestions[0] if suggestions else None
            return corrected

        return self._read(read)


class WhooshRebuilder:
    """Rebuilds one index in a single Whoosh transaction (see ``WhooshIndex.start_rebuild``)."""

    def __init__(self, index):
        self.index = index

    def start(self):
        self.index.start_rebuild()
        return self.index

    def finish(self):
        self.index.finish_rebuild()

    def __del__(self):
        # A rebuild that failed half-way must not keep the write lock.
        self.index.cancel_rebuild()


class WhooshSearchQueryCompiler(BaseSearchQueryCompiler):
    # Ordering happens in the database, which knows any expression.
    HANDLES_ORDER_BY_EXPRESSIONS = True
    autocomplete = False

    def whoosh_query(self):
        builder = WhooshQueryBuilder(
            self.queryset.model, fields=self.fields, autocomplete=self.autocomplete
        )
        return builder.build(self.query)


class WhooshAutocompleteQueryCompiler(WhooshSearchQueryCompiler):
    autocomplete = True


class WhooshSearchResults(BaseSearchResults):
    """Whoosh finds the matches without scoring them; one database query keeps those the
    queryset's filters allow and reads their facet fields on the way; Whoosh then scores
    and sorts only the page shown. The matches and their facet values are kept on the query
    compiler, which the slices of these results share: a page, its count and its facets ask
    the database once."""

    supports_facet = True

    @property
    def _queryset(self):
        return self.query_compiler.queryset

    def _max_pk_list(self):
        limit = connections[self._queryset.db].features.max_query_params or MAX_PK_LIST
        return max(1, min(limit, MAX_PK_LIST) - 100)

    def _to_python(self, pk_text):
        return self._queryset.model._meta.pk.to_python(pk_text)

    def _filters_needed(self):
        return bool(self._queryset.query.where)

    def _facet_columns(self) -> list[str]:
        """The columns of the model's own FilterFields (foreign keys as their ``_id``),
        read with the visibility query so that facets on them need no query of their own."""
        columns = []
        for search_field in self._queryset.model.get_search_fields():
            if type(search_field) is not FilterField:
                continue
            try:
                field = self._queryset.model._meta.get_field(search_field.field_name)
            except Exception:  # noqa: S112 - a FilterField on a method or property
                continue
            if field.concrete and not field.many_to_many and not field.primary_key:
                columns.append(field.attname)
        return list(dict.fromkeys(columns))

    def _of_pks(self, queryset, pks):
        """``queryset`` narrowed to ``pks`` in one query: on PostgreSQL as one array
        parameter, elsewhere as a list of parameters when it fits; None when it doesn't fit
        (the caller then reads the queryset's rows and keeps those among ``pks``)."""
        connection = connections[queryset.db]
        if not pks:
            return queryset.none()
        if connection.vendor == "postgresql":
            return with_pk_among(queryset, pks)
        if len(pks) <= self._max_pk_list():
            return queryset.filter(pk__in=pks)
        return None

    def _rows(self, pks) -> dict:
        """pk -> facet column values, for the pks among ``pks`` that the queryset keeps."""
        columns = self._facet_columns()
        queryset = self._queryset.order_by()
        narrowed = self._of_pks(queryset, pks)
        if narrowed is not None:
            return {pk: values for pk, *values in narrowed.values_list("pk", *columns)}
        wanted = set(pks)
        return {
            pk: values
            for pk, *values in queryset.values_list("pk", *columns).iterator(chunk_size=10_000)
            if pk in wanted
        }

    def _keep(self, pk_texts):
        """Whoosh's ``keep``: the pk texts the queryset's filters allow (one query), the
        facet values of the matches kept on the compiler."""
        compiler = self.query_compiler
        by_pk = {self._to_python(text): text for text in pk_texts}
        compiler.match_rows = self._rows(list(by_pk))
        return {by_pk[pk] for pk in compiler.match_rows}

    def _search(self, limit):
        """Whoosh's (hits, pks) for the queryset, the best ``limit`` scored (see
        ``WhooshIndex.search``); the matching pks are kept on the compiler."""
        compiler = self.query_compiler
        index = self.backend.get_index_for_model(self._queryset.model)
        known = getattr(compiler, "match_pks", None)
        if known is not None:
            texts = {str(pk) for pk in known}
            keep = texts.intersection  # already filtered: no second query
        else:
            keep = self._keep if self._filters_needed() else None
        hits, pk_texts = index.search(
            compiler.whoosh_query(), self._queryset.model, keep=keep, limit=limit
        )
        if known is None:
            compiler.match_pks = [self._to_python(text) for text in pk_texts]
        return [(self._to_python(pk), score) for pk, score in hits]

    def _match_pks(self):
        """The pks of every match the queryset's filters allow, unscored, in index order."""
        compiler = self.query_compiler
        if getattr(compiler, "match_pks", None) is None:
            self._search(limit=0)
        return compiler.match_pks

    def _fetch(self, pks, scores):
        """The objects for ``pks``, in that order, with the score attached if asked for."""
        queryset = self._queryset.order_by()
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        objects = queryset.in_bulk(pks) if pks else {}
        results = []
        for pk in pks:
            obj = objects.get(pk)
            if obj is None:  # deleted since it was indexed
                continue
            if self._score_field:
                setattr(obj, self._score_field, scores.get(pk, 0.0))
            results.append(obj)
        return results

    def _do_search(self):
        if self.stop is not None and self.stop <= self.start:
            return []
        if self.query_compiler.order_by_relevance:
            page = self._search(limit=self.stop)[self.start : self.stop]
            return self._fetch([pk for pk, _score in page], dict(page))

        pks = self._match_pks()
        scores = {}
        if self._score_field:
            scores = dict(self._search(limit=None))
        queryset = self._queryset
        if not queryset.query.order_by:
            # A stable order across pages (wagtail/wagtail#3729).
            queryset = queryset.order_by("-pk")
        narrowed = self._of_pks(queryset, pks)
        if narrowed is not None:
            ordered = narrowed.values_list("pk", flat=True)
            page_pks = list(dict.fromkeys(ordered[self.start : self.stop]))
        else:
            wanted = set(pks)
            ordered = (pk for pk in queryset.values_list("pk", flat=True) if pk in wanted)
            page_pks = list(dict.fromkeys(ordered))[self.start : self.stop]
        return self._fetch(page_pks, scores)

    def _do_count(self):
        total = len(self._match_pks())
        if self.stop is not None:
            total = min(total, self.stop)
        return max(0, total - self.start)

    def facet(self, field_name):
        field = self.query_compiler._get_filterable_field(field_name)
        if field is None:
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}". Please add '
                f'index.FilterField("{field_name}") to '
                f"{self._queryset.model.__name__}.search_fields.",
                field_name=field_name,
            )
        compiler = self.query_compiler
        pks = self._match_pks()
        rows = getattr(compiler, "match_rows", None)
        if rows is None:  # no filters: Whoosh's matches were not sent to the database yet
            compiler.match_rows = rows = self._rows(pks)
        columns = self._facet_columns()
        try:
            column = self._queryset.model._meta.get_field(field_name).attname
        except Exception:
            column = None
        if column in columns:
            position = columns.index(column)
            counts = Counter(values[position] for values in rows.values())
        else:  # a related field (section__page): one query over the matches
            queryset = self._queryset.order_by()
            narrowed = self._of_pks(queryset, list(rows))
            counts = Counter()
            if narrowed is not None:
                counts.update(value for value in narrowed.values_list(field_name, flat=True))
            else:
                wanted = set(rows)
                counts.update(
                    value for pk, value in queryset.values_list("pk", field_name) if pk in wanted
                )
        return OrderedDict(counts.most_common())


class WhooshSearchBackend(BaseSearchBackend):
    query_compiler_class = WhooshSearchQueryCompiler
    autocomplete_query_compiler_class = WhooshAutocompleteQueryCompiler
    results_class = WhooshSearchResults
    rebuilder_class = WhooshRebuilder
    index_class = WhooshIndex
    # An index that can't be written never fails a save: the update is kept pending (see
    # pending.py) and anything else is logged by modelsearch.
    catch_indexing_errors = True

    def __init__(self, params):
        super().__init__(params)
        default_path = Path(getattr(settings, "BASE_DIR", Path.cwd())) / "var" / "search_index"
        self.path = Path(params.get("PATH") or default_path)
        self.write_lock_timeout = float(
            params.get("WRITE_LOCK_TIMEOUT", DEFAULT_WRITE_LOCK_TIMEOUT)
        )
        self.rebuild_task_backend = params.get("REBUILD_TASK_BACKEND")
        # Index updates written by the worker on REBUILD_TASK_BACKEND, not in the request
        # (write_behind.py); without a task backend, always in the request.
        self.write_behind = bool(params.get("WRITE_BEHIND")) and bool(self.rebuild_task_backend)

    def get_index_for_model(self, model):
        return self.index_class(self, get_model_root(model))

    def suggest(self, query_string, *models):
        """``query_string`` with each word that no indexed document of ``models`` contains
        replaced by the closest word that one does ("did you mean"), or None when there is
        nothing to correct. A word that any of the models' documents contains is kept: it is
        no misspelling. Raises SearchIndexUnavailableError like a search."""
        words = [token.text for token in SPELLING_ANALYZER(query_string)]
        corrections = [self.get_index_for_model(model).corrections(words) for model in models]
        corrected = {}
        for word in words:
            if all(word in found for found in corrections):  # unknown everywhere
                corrected[word] = next((found[word] for found in corrections if found[word]), None)
        if not any(corrected.values()):
            return None
        # Keep the query as typed, replacing only the misspelt words.
        tokens = SPELLING_ANALYZER(query_string, chars=True, removestops=False)
        parts, position = [], 0
        for token in tokens:
            replacement = corrected.get(token.text)
            if replacement:
                parts.append(query_string[position : token.startchar] + replacement)
                position = token.endchar
        parts.append(query_string[position:])
        return "".join(parts)


SearchBackend = WhooshSearchBackend
