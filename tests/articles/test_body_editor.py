"""The body editor's contract with the server: it offers exactly what the sanitizer keeps, loads
its own browser modules, and whoever may only read an article sees the body rendered."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django_prose_editor.config import allowlist_from_extensions, expand_extensions

from articles import workflow
from articles.admin.body_editor import BODY_EDITOR_EXTENSIONS
from articles.admin.forms import ArticleAdminForm
from articles.models import Article
from prospect.sanitizer import ALLOWED_ATTRIBUTE_VALUES, ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from tests.factories import make_article, make_ready_article

from .admin_helpers import change_url

# Attributes the editor writes that the sanitizer replaces: its own rel="noopener" on links,
# and the list style an ordered list also states in its type attribute.
REWRITTEN_BY_THE_SANITIZER = {("a", "rel"), ("ol", "data-type")}


def editor_allowlist():
    return allowlist_from_extensions(BODY_EDITOR_EXTENSIONS)


def sanitizer_attributes():
    kept = {(tag, name) for tag, names in ALLOWED_ATTRIBUTES.items() for name in names}
    return kept | {(tag, name) for tag, names in ALLOWED_ATTRIBUTE_VALUES.items() for name in names}


def test_editor_offers_exactly_the_elements_the_sanitizer_keeps():
    assert editor_allowlist()["tags"] == ALLOWED_TAGS


def test_editor_keeps_every_attribute_the_sanitizer_keeps_and_offers_no_other():
    allowlist = editor_allowlist()
    offered = {(tag, name) for tag, names in allowlist["attributes"].items() for name in names}
    assert sanitizer_attributes() <= offered  # nothing saved is lost on the next edit
    assert offered - REWRITTEN_BY_THE_SANITIZER <= sanitizer_attributes()
    assert allowlist["url_schemes"] == {"http", "https", "mailto"}


def test_editor_checks_spelling_and_uses_its_own_link_and_paste_handling():
    extensions = expand_extensions(BODY_EDITOR_EXTENSIONS)
    assert "NoSpellCheck" not in extensions  # the library's default turns spell checking off
    assert "Link" not in extensions and "ArticleLink" in extensions
    assert {"ArticleBody", "ArticlePaste"} <= extensions.keys()


def test_body_widget_loads_the_editor_modules_which_exist():
    widget = ArticleAdminForm.base_fields["body"].widget
    config = json.loads(widget.get_context("body", "", {})["widget"]["attrs"][
        "data-django-prose-editor-configurable"
    ])  # fmt: skip
    modules = config["js_modules"]
    assert [Path(m).name for m in modules] == [
        "body-editor.js", "body-editor-link.js", "body-editor-paste.js",
    ]  # fmt: skip
    for module in modules:
        assert finders.find(module.removeprefix("/static/")), module


def test_every_extension_the_editor_uses_is_defined_by_a_loaded_module():
    sources = "\n".join(
        Path(finders.find(f"admin/js/{name}")).read_text()
        for name in ("body-editor.js", "body-editor-link.js", "body-editor-paste.js")
    )
    for name in ("ArticleBody", "ArticleLink", "ArticlePaste"):
        assert re.search(rf"export const {name}\b", sources), name


# --- the read-only view -------------------------------------------------------------------------

SECTIONED = "<h2>Section</h2><p>Some <strong>bold</strong> words.</p>"


@pytest.fixture
def in_review(team):
    article = make_ready_article("Under review", body=SECTIONED, created_by=team.contributor)
    workflow.submit(article, by=team.contributor)
    return article


def test_contributor_reading_their_article_in_review_sees_the_body_rendered(
    client, team, in_review
):
    client.force_login(team.contributor)
    html = client.get(change_url(in_review)).content.decode()
    assert f'<div class="body-text" lang="en">{SECTIONED}</div>' in html
    assert "&lt;h2&gt;" not in html
    assert "data-django-prose-editor" not in html


def test_an_editor_who_may_change_it_gets_the_editor_not_the_rendering(client, team, in_review):
    client.force_login(team.editor)
    html = client.get(change_url(in_review)).content.decode()
    assert "data-django-prose-editor" in html
    assert 'class="body-text"' not in html


def test_live_article_body_is_rendered_in_its_language(client, team):
    article = make_article("Live", body=SECTIONED, status="published", language="zh-hant")
    client.force_login(team.managing)
    html = client.get(change_url(article)).content.decode()
    assert f'<div class="body-text" lang="zh-hant">{SECTIONED}</div>' in html


def test_read_only_body_is_sanitized_before_it_is_marked_safe(client, team, in_review):
    # A row written around Article.save() (an old import, a database restore) is still cleaned.
    hostile = '<p onclick="steal()">Hi<script>alert(1)</script></p><img src=x onerror=alert(2)>'
    Article.objects.filter(pk=in_review.pk).update(body=hostile)
    client.force_login(team.contributor)
    html = client.get(change_url(in_review)).content.decode()
    assert '<div class="body-text" lang="en"><p>Hi</p></div>' in html
    assert "steal()" not in html and "alert(" not in html
