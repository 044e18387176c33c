"""The documents a Whoosh query matches, as a set of document numbers, found without scoring.

Whoosh's own way (``searcher.docs_for_query``) steps through every posting with a few Python
calls per document and per sub-query, which is most of the time of a search for a common word.
For the queries this backend builds for words (a term in each text field, combined with
and/or/and-not), reading each term's postings a block at a time and combining sets of document
numbers gives the same documents many times faster. Any other query (a phrase, which needs
word positions; fuzzy terms) goes Whoosh's way.
"""

from __future__ import annotations

from whoosh import query as wq
from whoosh import scoring
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound


def matching_docnums(searcher, query) -> set[int]:
    """The document numbers (of ``searcher``'s reader) of the live documents ``query`` matches."""
    if searcher.subsearchers:
        found = set()
        for subsearcher, offset in searcher.subsearchers:
            docnums = _docnums(subsearcher, query)
            found.update(docnums if not offset else (docnum + offset for docnum in docnums))
        return found
    return _docnums(searcher, query)


def _docnums(searcher, query) -> set[int]:
    kind = type(query)
    if kind is wq.Term:
        try:
            return _posting_ids(searcher.reader().postings(query.fieldname, query.text))
        except TermNotFound:
            return set()
    if kind is wq.Or and not query.minmatch:
        found = set()
        for subquery in query.subqueries:
            found |= _docnums(searcher, subquery)
        return found
    if kind is wq.And:
        found = None
        for subquery in query.subqueries:
            docnums = _docnums(searcher, subquery)
            found = docnums if found is None else found & docnums
            if not found:
                return set()
        return found or set()
    if kind is wq.AndNot:
        return _docnums(searcher, query.a) - _docnums(searcher, query.b)
    if kind is wq.Every and not query.fieldname:
        return set(searcher.reader().all_doc_ids())
    return set(query.docs(searcher))


def _posting_ids(matcher) -> set[int]:
    """The ids of a term's postings, minus the deleted documents."""
    deleted = frozenset()
    if isinstance(matcher, FilterMatcher) and matcher._exclude:  # the reader's deletions
        deleted, matcher = matcher._ids, matcher.child
    if type(matcher) is not W3LeafMatcher:
        return set(matcher.all_ids()) - deleted
    ids = set()
    # Whole blocks of postings at once (whoosh-reloaded 2.7.5's on-disk matcher; its
    # all_ids() makes three calls per posting).
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        ids.update(matcher._ids[matcher._i :])
        matcher._i = matcher._blocklength - 1
        matcher.next()
    return ids - deleted


class _Unsupported(Exception):
    pass


def scored_matches(searcher, query) -> dict[int, float] | None:
    """Document number -> score of every live document ``query`` matches, the scores Whoosh's
    BM25F gives them, computed a block of postings at a time (Whoosh's collector makes a
    dozen Python calls per match, most of a search's time for a common word); None for a
    query of another shape (phrases, fuzzy terms...), which Whoosh then scores itself."""
    if type(searcher.weighting) is not scoring.BM25F:
        return None
    try:
        return _scores(searcher, query)
    except _Unsupported:
        return None


def _scores(searcher, query) -> dict[int, float]:
    kind = type(query)
    if kind is wq.Term:
        return _term_scores(searcher, query)
    if kind in (wq.Or, wq.And) and len(query.subqueries) == 1:
        return _scores(searcher, query.subqueries[0])  # Whoosh ignores the boost here too
    if kind is wq.Or and not query.minmatch and not query.scale:
        found: dict[int, float] = {}
        for subquery in query.subqueries:
            for docnum, score in _scores(searcher, subquery).items():
                found[docnum] = found.get(docnum, 0.0) + score
        return _boosted(found, query.boost)
    if kind is wq.And:
        parts = [_scores(searcher, subquery) for subquery in query.subqueries]
        common = set(parts[0]).intersection(*parts[1:])
        found = {docnum: sum(part[docnum] for part in parts) for docnum in common}
        return _boosted(found, query.boost)
    if kind is wq.AndNot and query.boost == 1.0:
        excluded = matching_docnums(searcher, query.b)
        return {d: s for d, s in _scores(searcher, query.a).items() if d not in excluded}
    raise _Unsupported(kind.__name__)


def _boosted(scores: dict[int, float], boost: float) -> dict[int, float]:
    if boost == 1.0:
        return scores
    return {docnum: score * boost for docnum, score in scores.items()}


def _term_scores(searcher, term) -> dict[int, float]:
    fieldname, text = term.fieldname, term.text
    if fieldname not in searcher.schema or (fieldname, text) not in searcher.reader():
        return {}
    scorer = searcher.weighting.scorer(searcher, fieldname, text)
    if type(scorer) is not scoring.BM25FScorer:
        raise _Unsupported(type(scorer).__name__)
    idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
    lengths = _field_lengths(searcher, fieldname)
    found = {}
    for leaf, offset in searcher.reader().leaf_readers():
        try:
            matcher = leaf.postings(fieldname, text)
        except TermNotFound:
            continue
        deleted = frozenset()
        if isinstance(matcher, FilterMatcher) and matcher._exclude:
            deleted, matcher = matcher._ids, matcher.child
        if type(matcher) is not W3LeafMatcher:
            raise _Unsupported(type(matcher).__name__)
        while matcher.is_active():
            if matcher._ids is None:
                matcher._read_ids()
            if matcher._weights is None:
                matcher._read_weights()
            start = matcher._i
            for docnum, weight in zip(matcher._ids[start:], matcher._weights[start:], strict=True):
                if docnum not in deleted:
                    length = lengths[offset + docnum]
                    # whoosh.scoring.bm25, term by term
                    found[offset + docnum] = idf * (
                        (weight * (k1 + 1)) / (weight + k1 * ((1 - b) + b * length / avgfl))
                    )
            matcher._i = matcher._blocklength - 1
            matcher.next()
    if term.boost != 1.0:
        return _boosted(found, term.boost)
    return found


def _field_lengths(searcher, fieldname) -> list[int]:
    """The length of ``fieldname`` in each document, as Whoosh's scorer reads it (stored as
    one byte, with 1 for a document without the field), read once per searcher."""
    cache = searcher.__dict__.setdefault("_field_lengths", {})
    if fieldname not in cache:
        lengths = []
        for leaf, _offset in searcher.reader().leaf_readers():
            lengths.extend(
                leaf.doc_field_length(docnum, fieldname, 1)
                for docnum in range(leaf.doc_count_all())
            )
        cache[fieldname] = lengths
    return cache[fieldname]
