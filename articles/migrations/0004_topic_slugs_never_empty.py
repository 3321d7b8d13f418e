"""Topics whose names gave taggit nothing to slugify ("🔥", "!!!") get a usable slug."""

import re

from django.db import migrations

from prospect.slugs import unique_slug


def fix_slugs(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    for tag in Tag.objects.all():
        if re.fullmatch(r"(_\d+)?", tag.slug or ""):
            tag.slug = unique_slug(tag, tag.name, fallback="topic")
            tag.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_search_indexes"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(fix_slugs, migrations.RunPython.noop)]
