"""The editorial roles as Django groups with explicit permissions, created idempotently.

A data migration creates them on every new database; ``manage.py setup_roles`` (run after each
upgrade) brings each group back to exactly this table, adding permissions that new models bring.
"""

from django.apps import apps as global_apps

CONTRIBUTOR = "Contributor"
EDITOR = "Editor"
MANAGING_EDITOR = "Managing editor"
BIO_STAFF = "Bio staff"

_contributor = [
    "articles.view_article", "articles.add_article", "articles.change_article",
    "articles.submit_article",
    "articles.view_byline", "articles.add_byline", "articles.change_byline",
    "articles.delete_byline",
    "articles.view_editornote", "articles.add_editornote",
    "articles.view_articlerevision", "articles.view_series",
    "authors.view_author", "authors.view_organization",
    "images.view_imagecredit", "images.add_imagecredit", "images.change_imagecredit",
    "taggit.view_tag", "taggit.add_tag",
]  # fmt: skip
_editor = [
    *_contributor,
    "articles.review_article", "articles.approve_article", "articles.change_editornote",
]  # fmt: skip
_managing_editor = [
    *_editor,
    "articles.publish_article", "articles.withdraw_article", "articles.delete_article",
    "articles.add_series", "articles.change_series", "articles.delete_editornote",
    "taggit.change_tag", "images.delete_imagecredit",
    "api.view_webhookendpoint", "api.add_webhookendpoint", "api.change_webhookendpoint",
    "api.delete_webhookendpoint", "api.view_webhookdelivery",
]  # fmt: skip
_bio_staff = [
    "authors.view_author", "authors.add_author", "authors.change_author", "authors.delete_author",
    "authors.view_organization", "authors.add_organization", "authors.change_organization",
    "authors.view_affiliation", "authors.add_affiliation", "authors.change_affiliation",
    "authors.delete_affiliation",
    "authors.view_authorlink", "authors.add_authorlink", "authors.change_authorlink",
    "authors.delete_authorlink",
    "images.view_imagecredit", "images.add_imagecredit", "images.change_imagecredit",
    "taggit.view_tag", "taggit.add_tag",
]  # fmt: skip

ROLES = {
    CONTRIBUTOR: _contributor,
    EDITOR: _editor,
    MANAGING_EDITOR: _managing_editor,
    BIO_STAFF: _bio_staff,
}


def permissions(codes, apps=global_apps):
    Permission = apps.get_model("auth", "Permission")
    found = []
    for code in codes:
        app_label, codename = code.split(".")
        if not _model_exists(apps, app_label, codename):
            continue  # an early migration: a later one adds it with its model
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def _model_exists(apps, app_label, codename):
    """Whether the model a permission belongs to exists in ``apps`` (a migration's historical
    registry may predate it). Custom permissions (``articles.publish_article``) name it last."""
    try:
        apps.get_model(app_label, codename.rsplit("_", 1)[-1])
    except LookupError:
        return False
    return True


def ensure_roles(apps=global_apps):
    """Create or reset every role group; returns {name: group}.

    ``apps`` is the app registry to use: the real one, or a migration's historical one.
    """
    Group = apps.get_model("auth", "Group")
    groups = {}
    for name, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions(codes, apps))
        groups[name] = group
    return groups


def existing_roles():
    """{name: group} of the role groups, created only if a database lost them (a flushed one)."""
    Group = global_apps.get_model("auth", "Group")
    groups = {g.name: g for g in Group.objects.filter(name__in=ROLES)}
    return groups if len(groups) == len(ROLES) else ensure_roles()
