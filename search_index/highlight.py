"""Snippets of a result's text around the words of a query, with those words marked.

Whoosh's highlighter, run on the text the caller passes (the index stores no text), with the
same stemming as the index: a search for "remittances" marks "remittance" and "Remittances".
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from whoosh import highlight as whoosh_highlight

from .schema import TEXT_ANALYZER


def highlight(text: str, query_string: str, *, max_chars: int = 240, fragments: int = 2):
    """Up to ``fragments`` passages of ``text`` (about ``max_chars`` characters each) that
    contain the query's words, those words in ``<mark>``, as safe HTML. Without a match, the
    start of the text."""
    terms = frozenset(token.text for token in TEXT_ANALYZER(query_string))
    marked = ""
    if terms and text:
        marked = whoosh_highlight.highlight(
            text,
            terms,
            TEXT_ANALYZER,
            whoosh_highlight.ContextFragmenter(maxchars=max_chars, surround=max_chars // 3),
            whoosh_highlight.HtmlFormatter(tagname="mark", between=" … ", classname="match"),
            top=fragments,
        )
    if marked:
        return mark_safe(marked)  # noqa: S308 (Whoosh's formatter escapes the text)
    return SafeString(escape(Truncator(text).chars(max_chars)))
