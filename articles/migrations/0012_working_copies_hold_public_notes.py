"""Working copies now hold their article's Editor's Note and corrections from the start (they
are edited there, under review). Copies started before get them now, as scheduling used to
bring them: the article's notes that the copy does not have yet, with their dates."""

from django.db import migrations

PUBLIC = ("editors_note", "correction")


def bring_public_notes(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    EditorNote = apps.get_model("articles", "EditorNote")
    for copy in Article.objects.filter(working_copy_of__isnull=False):
        have = set(
            EditorNote.objects.filter(article=copy, kind__in=PUBLIC).values_list(
                "kind", "body", "created_at"
            )
        )
        has_note = any(kind == "editors_note" for kind, _, _ in have)
        EditorNote.objects.bulk_create(
            EditorNote(article=copy, kind=n.kind, body=n.body, author_id=n.author_id,
                       created_at=n.created_at)
            for n in EditorNote.objects.filter(article_id=copy.working_copy_of_id, kind__in=PUBLIC)
            if (n.kind, n.body, n.created_at) not in have
            and not (n.kind == "editors_note" and has_note)
        )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_search_index_without_pending_list")]

    operations = [migrations.RunPython(bring_public_notes, migrations.RunPython.noop)]
