"""The editorial roles exist from the migrations on, without the demo."""

import importlib
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from articles import roles
from articles.models import Article


def codes(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


@pytest.mark.django_db
def test_the_migration_creates_every_role_with_its_permissions_on_a_fresh_database():
    """Run the data migration as `migrate` does on a new database: no groups yet, and the roles'
    custom permissions not created yet either (post_migrate has not run)."""
    Group.objects.filter(name__in=roles.ROLES).delete()
    Permission.objects.filter(codename__in=["submit_article", "publish_article"]).delete()
    migration = importlib.import_module("articles.migrations.0004_editorial_roles")
    state = MigrationLoader(connection).project_state(("articles", "0004_editorial_roles"))
    migration.create_roles(state.apps, schema_editor=None)
    # Models added after 0004 bring their permissions with their own migration.
    Permission.objects.filter(content_type__app_label="api").delete()
    later = importlib.import_module("prospect.api.migrations.0003_webhook_roles")
    state = MigrationLoader(connection).project_state(("api", "0003_webhook_roles"))
    later.grant(state.apps, schema_editor=None)
    for name, expected in roles.ROLES.items():
        assert codes(Group.objects.get(name=name)) == set(expected)


@pytest.mark.django_db
def test_setup_roles_restores_the_table_and_is_idempotent():
    editor = roles.existing_roles()[roles.EDITOR]
    editor.permissions.clear()
    Group.objects.filter(name=roles.BIO_STAFF).delete()
    call_command("setup_roles", stdout=io.StringIO())
    call_command("setup_roles", stdout=io.StringIO())
    assert Group.objects.filter(name__in=roles.ROLES).count() == len(roles.ROLES)
    assert codes(Group.objects.get(name=roles.EDITOR)) == set(roles.ROLES[roles.EDITOR])


@pytest.mark.django_db
def test_demo_adds_content_only_and_leaves_roles_alone(settings):
    settings.DEBUG = False
    managing = roles.existing_roles()[roles.MANAGING_EDITOR]
    managing.permissions.clear()
    call_command("demo", stdout=io.StringIO())
    assert managing.permissions.count() == 0
    assert Article.objects.live().exists()
