"""Translation of modelsearch queries (PlainText, Phrase, Fuzzy, And, Or, Not, Boost, MATCH_ALL)
into Whoosh queries over the fields this backend writes (see ``schema.py``)."""

from __future__ import annotations

from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from whoosh import query as wq

from .schema import AUTOCOMPLETE_ANALYZER, NGRAM_MAX, TEXT_ANALYZER, field_name


def subclasses_of(model):
    """The indexed models that share ``model``'s table: itself and its concrete subclasses.

    A search on a parent model returns its children too, so the children's own fields (a
    novel's setting, for a book search) are searched as well.
    """
    from modelsearch.index import get_indexed_models

    return [m for m in get_indexed_models() if issubclass(m, model)] or [model]


def collect_fields(search_fields, kind, prefix=""):
    """(path, boost) for each ``kind`` entry (SearchField or AutocompleteField), descending
    into RelatedFields; the path joins relation names with ``__``."""
    for field in search_fields:
        if isinstance(field, RelatedFields):
            yield from collect_fields(field.fields, kind, prefix + field.field_name + "__")
        elif type(field) is kind:
            boost = getattr(field, "boost", None) or 1.0
            yield prefix + field.field_name, float(boost)


def weighted_fields(model, kind, only=None):
    """The Whoosh fields to query for ``model`` with their boosts.

    ``only`` is the ``fields=`` argument of ``search()``: top-level field names of ``model``.
    """
    if only is not None:
        wanted = set(only)
        paths = {
            path: boost
            for path, boost in collect_fields(model.get_search_fields(), kind)
            if path in wanted
        }
    else:
        paths = {}
        for sub_model in subclasses_of(model):
            for path, boost in collect_fields(sub_model.get_search_fields(), kind):
                paths[path] = max(boost, paths.get(path, 0.0))
    prefix = "text" if kind is SearchField else "ac"
    return [(field_name(prefix, path), boost) for path, boost in sorted(paths.items())]


class WhooshQueryBuilder:
    """Builds the Whoosh query for a search (stemmed text fields) or, with
    ``autocomplete=True``, for an autocomplete (edge n-gram fields, no stemming)."""

    def __init__(self, model, fields=None, autocomplete=False):
        self.autocomplete = autocomplete
        kind = AutocompleteField if autocomplete else SearchField
        self.fields = weighted_fields(model, kind, only=fields)

    def terms(self, text):
        if self.autocomplete:
            # The index holds word prefixes up to NGRAM_MAX letters long; a longer query word
            # is matched on its first NGRAM_MAX letters.
            return [t.text[:NGRAM_MAX] for t in AUTOCOMPLETE_ANALYZER(text)]
        return [t.text for t in TEXT_ANALYZER(text)]

    def term_in_any_field(self, term, boost=1.0, fuzzy=False):
        if fuzzy:
            subqueries = [
                wq.FuzzyTerm(name, term, boost=weight * boost, maxdist=1, prefixlength=1)
                for name, weight in self.fields
            ]
        else:
            subqueries = [wq.Term(name, term, boost=weight * boost) for name, weight in self.fields]
        return wq.Or(subqueries)

    def build(self, query, boost=1.0):
        """The Whoosh query for ``query``; ``wq.NullQuery`` matches nothing."""
        if not self.fields:
            return wq.NullQuery
        if isinstance(query, MatchAll):
            return wq.Every(boost=boost)
        if isinstance(query, PlainText | Fuzzy):
            terms = self.terms(query.query_string)
            if not terms:
                return wq.NullQuery
            boost *= getattr(query, "boost", 1.0) or 1.0
            per_term = [
                self.term_in_any_field(t, boost, fuzzy=isinstance(query, Fuzzy)) for t in terms
            ]
            if len(per_term) == 1:
                return per_term[0]
            return wq.And(per_term) if query.operator == "and" else wq.Or(per_term)
        if isinstance(query, Phrase):
            words = self.terms(query.query_string)
            if not words:
                return wq.NullQuery
            if len(words) == 1:
                return self.term_in_any_field(words[0], boost)
            return wq.Or(
                [wq.Phrase(name, words, boost=weight * boost) for name, weight in self.fields]
            )
        if isinstance(query, Boost):
            return self.build(query.subquery, boost * query.boost)
        if isinstance(query, And):
            return wq.And([self.build(q, boost) for q in query.subqueries])
        if isinstance(query, Or):
            return wq.Or([self.build(q, boost) for q in query.subqueries])
        if isinstance(query, Not):
            # Every() AND NOT x: Whoosh's bare Not inside an Or would not list the documents.
            return wq.AndNot(wq.Every(), self.build(query.subquery))
        raise NotImplementedError(
            f"`{query.__class__.__name__}` is not supported by the Whoosh search backend."
        )
