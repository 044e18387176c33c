"""A modelsearch (Wagtail 8 search) backend on Whoosh, a pure-Python full-text index on local disk.

Configuration::

    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search_index.backend",
            "PATH": BASE_DIR / "var" / "search_index",  # the default; created on first use
            "WRITE_LOCK_TIMEOUT": 10,  # seconds a writer waits for another one to finish
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
- **One writer at a time**: Whoosh locks an index while writing. Writers wait at most
  WRITE_LOCK_TIMEOUT seconds and then raise ``SearchIndexLockedError``; no AsyncWriter, whose
  buffered changes die with the process.
- **Rebuilds** (``rebuild_modelsearch_index``) hold one writer per index for the whole run and
  commit once at the end, removing the documents of objects no longer indexed: searches see the
  old index until the new one is complete.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

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

from .query import WhooshQueryBuilder
from .schema import build_schema, field_name

DEFAULT_WRITE_LOCK_TIMEOUT = 10.0
# Above this many matches, filters are applied by reading the queryset's pks rather than
# sending the matches to the database as a `pk IN (...)` list.
MAX_PK_LIST = 10_000


class SearchIndexLockedError(Exception):
    """Another process (or thread) kept the index's write lock longer than the timeout."""


def _prepare_value(value):
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return "\n".join(_prepare_value(item) for item in value)
    if isinstance(value, dict):
        return "\n".join(_prepare_value(item) for item in value.values())
    return force_str(value)


def _field_texts(obj, search_fields, prefix=""):
    """(Whoosh field name, text) for each SearchField and AutocompleteField of ``obj``,
    following RelatedFields."""
    for field in search_fields:
        if isinstance(field, RelatedFields):
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
    document["pk"] = force_str(obj.pk)
    document["content_type"] = _content_types(obj._meta.model)
    return document


class WhooshIndex(BaseIndex):
    """The Whoosh index of one model root (and of all its subclasses)."""

    def __init__(self, backend, root_model):
        super().__init__(backend)
        self.root_model = root_model
        self.name = root_model._meta.label_lower.replace(".", "_")
        self._rebuild_writer = None
        self._rebuild_seen = None

    def __repr__(self):
        return f"<WhooshIndex {self.name} in {self.backend.path}>"

    def get_key(self):
        return self.name

    # Storage

    def open(self):
        """The Whoosh index, created (with its folder) when missing."""
        path = self.backend.path
        if whoosh_index.exists_in(path, indexname=self.name):
            return whoosh_index.open_dir(path, indexname=self.name)
        path.mkdir(parents=True, exist_ok=True)
        return whoosh_index.create_in(path, build_schema(), indexname=self.name)

    def writer(self):
        """A writer on this index, waiting at most WRITE_LOCK_TIMEOUT seconds for the lock."""
        timeout = self.backend.write_lock_timeout
        try:
            return self.open().writer(timeout=timeout, delay=min(0.1, timeout or 0.1))
        except LockError as error:
            raise SearchIndexLockedError(
                f"The search index {self.name!r} in {self.backend.path} is being written by "
                f"another process; gave up after waiting {timeout:g} s for its write lock."
            ) from error

    def _write(self, change):
        if self._rebuild_writer is not None:
            change(self._rebuild_writer)
            return
        writer = self.writer()
        try:
            change(writer)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    # BaseIndex API

    def add_model(self, model):
        self.open()

    def refresh(self):
        # A commit is visible to the next searcher: nothing to do.
        pass

    def reset(self):
        if self._rebuild_writer is not None:
            self._rebuild_writer.mergetype = writing.CLEAR
            return
        writer = self.writer()
        writer.commit(mergetype=writing.CLEAR)

    def add_items(self, model, items):
        if not model.get_search_fields():
            return
        documents = [build_document(item) for item in items]
        if not documents:
            return

        def update(writer):
            for document in documents:
                writer.update_document(**document)
                if self._rebuild_seen is not None:
                    self._rebuild_seen.add(document["pk"])

        self._write(update)

    def delete_item(self, item):
        self._write(lambda writer: writer.delete_by_term("pk", force_str(item.pk)))

    # Rebuilds

    def start_rebuild(self):
        self._rebuild_writer = self.writer()
        self._rebuild_seen = set()

    def finish_rebuild(self):
        writer, seen = self._rebuild_writer, self._rebuild_seen
        self._rebuild_writer = self._rebuild_seen = None
        try:
            # field_terms() decodes the stored terms, so they compare with the pks seen.
            stale = [pk for pk in writer.reader().field_terms("pk") if pk not in seen]
            for pk in stale:
                writer.delete_by_term("pk", pk)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def cancel_rebuild(self):
        if self._rebuild_writer is not None:
            self._rebuild_writer.cancel()
            self._rebuild_writer = self._rebuild_seen = None

    # Searching

    def search(self, whoosh_query, model, limit=None):
        """Matching (pk text, score) pairs for ``model``, best first, and the number of matches."""
        if whoosh_query is wq.NullQuery:
            return [], 0
        ix = self.open()
        with ix.searcher() as searcher:
            results = searcher.search(
                whoosh_query,
                filter=wq.Term("content_type", model._meta.label_lower),
                limit=limit,
            )
            hits = [(hit["pk"], float(hit.score or 0.0)) for hit in results]
            return hits, len(results)


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
        """All matches that pass the queryset's filters, best first."""
        hits, _total = self._whoosh_hits()
        if hits and self._filters_needed():
            allowed = self._allowed_pks([pk for pk, _score in hits])
            hits = [hit for hit in hits if hit[0] in allowed]
        return hits

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

    def __init__(self, params):
        super().__init__(params)
        default_path = Path(getattr(settings, "BASE_DIR", Path.cwd())) / "var" / "search_index"
        self.path = Path(params.get("PATH") or default_path)
        self.write_lock_timeout = float(
            params.get("WRITE_LOCK_TIMEOUT", DEFAULT_WRITE_LOCK_TIMEOUT)
        )

    def get_index_for_model(self, model):
        return self.index_class(self, get_model_root(model))


SearchBackend = WhooshSearchBackend
