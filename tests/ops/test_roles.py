"""The editorial roles exist from the migrations on, without the demo."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from articles import roles
from articles.models import Article


def codes(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


@pytest.mark.django_db
def test_migrations_alone_create_every_role_with_its_permissions():
    for name, expected in roles.ROLES.items():
        assert codes(Group.objects.get(name=name)) == set(expected)


@pytest.mark.django_db
def test_setup_roles_restores_the_table_and_is_idempotent():
    editor = Group.objects.get(name=roles.EDITOR)
    editor.permissions.clear()
    Group.objects.filter(name=roles.BIO_STAFF).delete()
    call_command("setup_roles", stdout=io.StringIO())
    call_command("setup_roles", stdout=io.StringIO())
    assert Group.objects.filter(name__in=roles.ROLES).count() == len(roles.ROLES)
    assert codes(Group.objects.get(name=roles.EDITOR)) == set(roles.ROLES[roles.EDITOR])


@pytest.mark.django_db
def test_demo_adds_content_only_and_leaves_roles_alone(settings):
    settings.DEBUG = False
    managing = Group.objects.get(name=roles.MANAGING_EDITOR)
    managing.permissions.clear()
    call_command("demo", stdout=io.StringIO())
    assert managing.permissions.count() == 0
    assert Article.objects.live().exists()
