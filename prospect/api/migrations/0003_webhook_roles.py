"""Managing editors manage webhook endpoints and read the delivery log."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    config = apps.get_app_config("api")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    from articles import roles

    roles.ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("api", "0002_webhooks")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
