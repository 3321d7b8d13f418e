"""The editorial roles exist on every database from its first migration, not only after `demo`."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate); the roles need them
    # now, so create those of every app the roles refer to first.
    for label in ("articles", "authors", "images", "taggit"):
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    from articles import roles

    roles.ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_search_indexes"),
        ("authors", "0004_affiliation_updated_at"),
        ("images", "0002_renditions"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
