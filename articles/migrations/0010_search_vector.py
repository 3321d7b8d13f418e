"""A stored, weighted search document with a GIN index, replacing the two expression indexes.

``search_vector`` is a generated column: PostgreSQL computes it for every existing row when the
column is added (that is the fill of existing rows) and for every later write. SQLite stores NULL.
"""

import django.contrib.postgres.search
from django.db import migrations, models

import articles.search_document

DOCUMENT = (
    "(setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(summary, '')), 'B')) || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(body_text, '')), 'C')"
)
PAIRS = "to_tsvector('simple'::regconfig, COALESCE(search_bigrams, ''))"


def index_stored_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS article_search_document")
    schema_editor.execute("DROP INDEX IF EXISTS article_search_pairs")
    schema_editor.execute(
        "CREATE INDEX article_search_vector ON articles_article USING GIN (search_vector)"
    )
    schema_editor.execute("ANALYZE articles_article")


def index_expressions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS article_search_vector")
    schema_editor.execute(
        f"CREATE INDEX article_search_document ON articles_article USING GIN (({DOCUMENT}))"
    )
    schema_editor.execute(
        f"CREATE INDEX article_search_pairs ON articles_article USING GIN (({PAIRS}))"
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_merge_related")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=articles.search_document.SearchDocument(),
                help_text="Weighted full-text document, computed by the database (PostgreSQL).",
                output_field=django.contrib.postgres.search.SearchVectorField(null=True),
            ),
        ),
        migrations.RunPython(index_stored_document, index_expressions),
    ]
