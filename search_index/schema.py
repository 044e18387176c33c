"""The Whoosh schema shared by every index this backend writes.

Fields are dynamic (Whoosh "glob" fields), so a new SearchField on a model needs a reindex but
never a schema change:

- ``pk``: the object's primary key as text, unique in its index, also kept as a column so that
  a search reads thousands of matching pks without loading each document's stored fields;
- ``content_type``: the object's model and its indexed ancestors (``testapp.novel
  testapp.book``), so a search on ``Book`` also finds novels and one on ``Novel`` only novels;
- ``text__<path>``: each SearchField (``text__title``, ``text__authors__name`` for a
  RelatedFields entry), English stemming with stop words removed;
- ``ac__<path>``: each AutocompleteField, cut into word prefixes (edge n-grams), no stemming;
- ``spell``: the words of every SearchField as written (lower case, no stemming), the source
  of "did you mean" suggestions: a stemmed field would suggest stems such as "remitt".
"""

from whoosh import analysis, fields

NGRAM_MAX = 20

TEXT_ANALYZER = analysis.StemmingAnalyzer()
SPELLING_ANALYZER = analysis.StandardAnalyzer()
# Query side of autocomplete: whole words, lower case, no stemming and no stop words (a user
# typing "the" wants "theatre").
AUTOCOMPLETE_ANALYZER = analysis.RegexTokenizer() | analysis.LowercaseFilter()


def field_name(prefix, path):
    return f"{prefix}__{path}"


def build_schema():
    schema = fields.Schema(
        pk=fields.ID(stored=True, unique=True, sortable=True),  # sortable: a fast column
        content_type=fields.KEYWORD(lowercase=True),
        spell=fields.TEXT(analyzer=SPELLING_ANALYZER),
    )
    schema.add("text__*", fields.TEXT(analyzer=TEXT_ANALYZER, phrase=True), glob=True)
    schema.add(
        "ac__*",
        fields.NGRAMWORDS(minsize=1, maxsize=NGRAM_MAX, at="start"),
        glob=True,
    )
    return schema
