"""Full-text search indexes, on PostgreSQL only (SQLite searches by substring).

The indexed expressions are exactly those articles/search.py builds, so the planner uses them.
"""

from django.db import migrations

DOCUMENT = (
    "(setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(summary, '')), 'B')) || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(body_text, '')), 'C')"
)
PAIRS = "to_tsvector('simple'::regconfig, COALESCE(search_bigrams, ''))"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX article_search_document ON articles_article USING GIN (({DOCUMENT}))"
    )
    schema_editor.execute(
        f"CREATE INDEX article_search_pairs ON articles_article USING GIN (({PAIRS}))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS article_search_document")
    schema_editor.execute("DROP INDEX IF EXISTS article_search_pairs")


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_public_site")]

    operations = [migrations.RunPython(create, drop)]
