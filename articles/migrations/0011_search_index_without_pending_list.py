"""The search index is written at once rather than through GIN's pending list.

With the pending list (the default), every new article's document waits in an unsorted list that
each search scans until a vacuum merges it: after a bulk import the planner priced the index above
a sequential scan and searches took several times longer. Inserts pay a little more instead.
"""

from django.db import migrations


def without_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER INDEX article_search_vector SET (fastupdate = off)")


def with_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER INDEX article_search_vector RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_search_vector")]

    operations = [migrations.RunPython(without_pending_list, with_pending_list)]
