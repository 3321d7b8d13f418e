"""The stored search document: one weighted ``tsvector`` per article, computed by PostgreSQL.

Title (weight A), summary (B) and body (C) in the English configuration, plus the Chinese
character pairs (``search_bigrams``, weight D) in the simple configuration, which does not stem
them. ``Article.search_vector`` is a generated column of this expression, so every way of writing
an article (save, bulk_create, update) keeps it current, and search filters and ranks on the
stored value instead of recomputing ``to_tsvector`` for every match.

SQLite has no full-text types: there the column is always NULL and articles/search.py matches by
substring instead.
"""

from django.db.models import Expression


class SearchDocument(Expression):
    """The weighted document of the row itself (usable as a generated column's expression)."""

    def __init__(self, output_field=None):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=output_field or SearchVectorField())

    def deconstruct(self):
        return ("articles.search_document.SearchDocument", (), {})

    def __eq__(self, other):
        return isinstance(other, SearchDocument)

    def __hash__(self):
        return hash(SearchDocument)

    def resolve_expression(self, query=None, *args, **kwargs):
        resolved = super().resolve_expression(query, *args, **kwargs)
        resolved.document = document().resolve_expression(query, *args, **kwargs)
        return resolved

    def as_sql(self, compiler, connection):
        return compiler.compile(self.document)

    def as_sqlite(self, compiler, connection):
        return "NULL", []


def document():
    from django.contrib.postgres.search import SearchVector

    return (
        SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("body_text", weight="C", config="english")
        + SearchVector("search_bigrams", weight="D", config="simple")
    )
