"""A modelsearch (Wagtail 8 search) backend on Whoosh, a pure-Python full-text index on local disk.

Configuration::

    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search_index.backend",
            "PATH": BASE_DIR / "var" / "search_index",  # the default; created on first use
            "WRITE_LOCK_TIMEOUT": 2,  # seconds a writer waits for another one to finish
            "REBUILD_TASK_BACKEND": "background",  # TASKS backend of rebuilds and compactions
        }
    }

Design
------
- **One Whoosh index per model root** (``wagtailcore.Page``, ``wagtailimages.Image``...), all in
  the PATH folder, named after the root model. A document carries the object's pk and the
  content types of its model and indexed ancestors, so a search on ``Page`` finds every page
  type and a search on ``PolicyPage`` only policy pages (``schema.py``).
- **Whoosh finds and ranks, Django filters and orders.** Whoosh returns the matching pks with
  their BM25F scores; the queryset's own filters (FilterFields, related fields, dates, subqueries,
  tree filters) run in the database on those pks, so every lookup the ORM knows works and
  ``check()`` still refuses fields that aren't FilterFields. Ordering by relevance keeps Whoosh's
  order; ``order_by_relevance=False`` orders in the database (``-pk`` when the queryset has no
  ordering), expressions included. Facets are counted in the database over the matching pks.
- **One writer at a time, no lost update**: Whoosh locks an index while writing. Writers wait
  at most WRITE_LOCK_TIMEOUT seconds; an update that could not be written then (or while the
  index is missing or damaged) is kept in a pending list on disk that the next writer or
  rebuild applies (``pending.py``). No AsyncWriter, whose buffered changes die with the
  process. Saving an object never fails because of the index.
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

import logging
from collections import OrderedDict
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.db.models import Count, Manager
from django.utils.encoding import force_str
from modelsearch.backends.base import (
    BaseIndex,
    BaseSearchBackend,
    BaseSearchQueryCompiler,
    BaseSearchResults,
    FilterFieldError,
    get_model_root,
)
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh import writing
from whoosh.index import LockError

from .pending import PendingUpdates
from .query import WhooshQueryBuilder
from .rebuild import request_rebuild
from .schema import SPELLING_ANALYZER, build_schema, field_name

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

    def add_items(self, model, items):
        if not model.get_search_fields():
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
        self._write(lambda writer: writer.delete_by_term("pk", pk), [(item._meta.label_lower, pk)])

    def compact(self):
        """Apply the pending updates and merge every segment into one, so that the words of
        replaced and deleted documents leave the index's files (Whoosh keeps them there until
        their segment is merged). Raises SearchIndexLockedError when another writer keeps the
        lock, SearchIndexUnavailableError when the index is missing or damaged (a rebuild,
        which replaces every segment, is then due anyway)."""
        writer = self.writer()
        pending = self.pending.take()
        try:
            self._apply_pending(writer, pending)
            writer.commit(optimize=True)
        except BaseException:
            writer.cancel()
            self.pending.add(pending)
            raise

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

    def _read(self, read):
        """``read(searcher)``. A read that fails is tried once more on a new searcher: a commit
        (a comment saved) may delete the segments that a searcher found an instant before.
        Failing twice, the index is missing, damaged or being rebuilt: SearchIndexUnavailableError,
        and a rebuild is asked for (``rebuild.py``)."""
        try:
            try:
                with self._open_searcher() as searcher:
                    return read(searcher)
            except Exception:
                if self.building_flag.exists():
                    raise
                with self._open_searcher() as searcher:
                    return read(searcher)
        except Exception as error:
            request_rebuild(self.backend, reason=f"{error.__class__.__name__}: {error}")
            if isinstance(error, SearchIndexUnavailableError):
                raise
            raise SearchIndexUnavailableError(
                f"The search index {self.name!r} cannot be read: "
                f"{error.__class__.__name__}: {error}"
            ) from error

    def search(self, whoosh_query, model, limit=None):
        """Matching (pk text, score) pairs for ``model``, best first, and the number of matches."""
        if whoosh_query is wq.NullQuery:
            return [], 0
        label = model._meta.label_lower

        def read(searcher):
            reader = searcher.reader()
            # Filtering on the model costs a pass over every document of the index: skip it
            # when they are all of that model (the usual case).
            only_model = reader.doc_frequency("content_type", label) >= reader.doc_count_all()
            results = searcher.search(
                whoosh_query,
                filter=None if only_model else wq.Term("content_type", label),
                limit=limit,
            )
            if reader.has_column("pk"):  # much faster than each hit's stored fields
                pks = reader.column_reader("pk")
                hits = [(pks[docnum], float(score or 0.0)) for score, docnum in results.top_n]
            else:  # an index written before the pk column existed
                hits = [(hit["pk"], float(hit.score or 0.0)) for hit in results]
            return hits, len(results)

        return self._read(read)

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
    supports_facet = True

    @property
    def _queryset(self):
        return self.query_compiler.queryset

    def _max_pk_list(self):
        limit = connections[self._queryset.db].features.max_query_params or MAX_PK_LIST
        return max(1, min(limit, MAX_PK_LIST) - 100)

    def _to_python(self, pk_text):
        return self._queryset.model._meta.pk.to_python(pk_text)

    def _whoosh_hits(self, limit=None):
        """Whoosh's matches as (pk, score), best first, before the queryset's filters."""
        compiler = self.query_compiler
        index = self.backend.get_index_for_model(self._queryset.model)
        hits, total = index.search(compiler.whoosh_query(), self._queryset.model, limit=limit)
        return [(self._to_python(pk), score) for pk, score in hits], total

    def _filters_needed(self):
        return bool(self._queryset.query.where)

    def _allowed_pks(self, pks):
        """The pks among ``pks`` that the queryset's filters keep."""
        queryset = self._queryset.order_by()
        if len(pks) <= self._max_pk_list():
            queryset = queryset.filter(pk__in=pks)
        return set(queryset.values_list("pk", flat=True))

    def _matching_hits(self):
        """All matches that pass the queryset's filters, best first. Kept on the query
        compiler, which the slices of these results share: a page, its count and its facets
        search once."""
        compiler = self.query_compiler
        if getattr(compiler, "matching_hits", None) is None:
            hits, _total = self._whoosh_hits()
            if hits and self._filters_needed():
                allowed = self._allowed_pks([pk for pk, _score in hits])
                hits = [hit for hit in hits if hit[0] in allowed]
            compiler.matching_hits = hits
        return compiler.matching_hits

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
            if self._filters_needed():
                hits = self._matching_hits()
            else:
                hits, _total = self._whoosh_hits(limit=self.stop)
            page = hits[self.start : self.stop]
            return self._fetch([pk for pk, _score in page], dict(page))

        hits, _total = self._whoosh_hits()
        scores = dict(hits)
        queryset = self._queryset
        if not queryset.query.order_by:
            # A stable order across pages (wagtail/wagtail#3729).
            queryset = queryset.order_by("-pk")
        if len(scores) <= self._max_pk_list():
            ordered = queryset.filter(pk__in=list(scores)).values_list("pk", flat=True)
            page_pks = list(dict.fromkeys(ordered[self.start : self.stop]))
        else:
            ordered = (pk for pk in queryset.values_list("pk", flat=True) if pk in scores)
            page_pks = list(dict.fromkeys(ordered))[self.start : self.stop]
        return self._fetch(page_pks, scores)

    def _do_count(self):
        if self._filters_needed():
            total = len(self._matching_hits())
        else:
            _hits, total = self._whoosh_hits(limit=1)
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
        pks = [pk for pk, _score in self._matching_hits()]
        queryset = self._queryset.order_by()
        if len(pks) <= self._max_pk_list():
            rows = (
                queryset.filter(pk__in=pks)
                .values(field_name)
                .annotate(count=Count("pk"))
                .order_by("-count")
            )
            return OrderedDict((row[field_name], row["count"]) for row in rows)
        wanted = set(pks)
        counts = {}
        for pk, value in queryset.values_list("pk", field_name):
            if pk in wanted:
                counts[value] = counts.get(value, 0) + 1
        return OrderedDict(sorted(counts.items(), key=lambda item: -item[1]))


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
