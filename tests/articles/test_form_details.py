"""Details of the article form: where "View on site" leads, preview-link addresses, and what
counts as an edit when a form is saved."""

import re

import pytest
from django.urls import reverse

from articles import workflow
from articles.models import EditorNote, Status
from tests.factories import make_ready_article, make_submitted_article

from .admin_helpers import change_url, form_data

pytestmark = pytest.mark.django_db


def object_tool(page):
    return re.search(r'<a href="([^"]+)" class="viewsitelink">([^<]+)</a>', page).groups()


def test_view_on_site_for_a_draft_opens_the_staff_preview_of_its_latest_revision(client, team):
    article = make_ready_article("Draft to look at", created_by=team.editor)
    revision = workflow.record_edit(article, by=team.editor)
    client.force_login(team.editor)
    page = client.get(change_url(article)).content.decode()
    preview = reverse("admin:articles_article_preview", args=[article.pk, revision.pk])
    assert object_tool(page) == (preview, "View on site (preview)")
    assert f'Not public. <a href="{preview}">Preview it</a>' in page
    assert client.get(preview).status_code == 200


def test_view_on_site_for_a_scheduled_article_is_its_preview_too(client, team):
    article = make_ready_article("Embargoed", created_by=team.editor, status="scheduled")
    client.force_login(team.managing)
    href, label = object_tool(client.get(change_url(article)).content.decode())
    assert "/preview/" in href and label == "View on site (preview)"
    assert article.get_absolute_url() not in href


def test_view_on_site_for_a_live_article_is_its_public_page(client, team):
    article = make_ready_article("Out there", status="published")
    client.force_login(team.editor)
    page = client.get(change_url(article)).content.decode()
    href, label = object_tool(page)
    assert label == "View on site"
    assert client.get(href).url == article.get_absolute_url()  # via the admin's shortcut
    assert f'<a href="{article.get_absolute_url()}">View on site</a>' in page


def test_preview_links_in_the_panel_are_built_from_site_url_not_the_request(client, team, settings):
    settings.SITE_URL = "https://commentary.example.org"
    article = make_ready_article("Proof", created_by=team.editor)
    client.force_login(team.editor)
    client.post(
        reverse("admin:articles_article_create_preview_link", args=[article.pk]), {"days": 3}
    )
    page = client.get(change_url(article)).content.decode()
    link = article.preview_links.get()
    address = f"https://commentary.example.org{link.shared_path()}"
    assert f'<a href="{address}">{address}</a>' in page
    assert f'data-copy="{address}"' in page and "Copy link" in page
    assert "//testserver/preview/" not in page  # never the request's own host


def test_a_preview_link_pins_the_article_as_it_is_when_shared(client, team):
    article = make_ready_article("Never saved in the form", created_by=team.editor)
    client.force_login(team.editor)
    client.post(
        reverse("admin:articles_article_create_preview_link", args=[article.pk]), {"days": 3}
    )
    link = article.preview_links.get()
    assert link.revision.data["title"] == "Never saved in the form"


# --- what counts as an edit ---------------------------------------------------------------


def test_a_save_that_changes_nothing_makes_no_version_no_revision_and_no_history(client, team):
    article = make_ready_article("Unchanged", created_by=team.editor)
    workflow.record_edit(article, by=team.editor)
    article.refresh_from_db()
    before = (article.version, article.revisions.count(), article.updated_by_id)
    client.force_login(team.editor2)
    assert client.post(change_url(article), form_data(article)).status_code == 302
    article.refresh_from_db()
    assert (article.version, article.revisions.count(), article.updated_by_id) == before
    from django.contrib.admin.models import LogEntry

    assert not LogEntry.objects.filter(object_id=str(article.pk)).exists()


def test_browser_line_ends_and_the_editors_spelling_of_the_body_are_not_changes(client, team):
    article = make_ready_article(
        "Spelling",
        created_by=team.editor,
        summary="First line.\nSecond line.",
        body="<p>One.</p>\n<p>Two <a href='https://example.org/'>link</a>.</p>",
    )
    workflow.record_edit(article, by=team.editor)
    article.refresh_from_db()
    version = article.version
    client.force_login(team.editor2)
    posted = form_data(
        article,
        summary="First line.\r\nSecond line.",
        body='<p>One.</p><p>Two <a href="https://example.org/">link</a>.</p>',
    )
    assert client.post(change_url(article), posted).status_code == 302
    article.refresh_from_db()
    assert article.version == version and article.updated_by != team.editor2


def test_a_change_of_words_in_the_body_is_a_change(client, team):
    article = make_ready_article("Words", created_by=team.editor, body="<p>One two.</p>")
    client.force_login(team.editor2)
    client.post(change_url(article), form_data(article, body="<p>One <em>two</em>.</p>"))
    article.refresh_from_db()
    assert article.body == "<p>One <em>two</em>.</p>" and article.updated_by == team.editor2


def test_a_settings_only_save_stands_but_the_latest_editor_stays(client, team):
    article = make_submitted_article(team)
    workflow.record_edit(article, by=team.contributor)
    client.force_login(team.editor)
    client.post(
        change_url(article),
        form_data(
            article, featured="on", _workflow="approve", revision=article.revisions.first().pk
        ),
    )
    article.refresh_from_db()
    assert article.featured and article.updated_by != team.editor
    assert (article.status, article.approved_by) == (Status.APPROVED, team.editor)


def test_editing_a_public_note_makes_the_editor_the_articles_latest_editor(client, team):
    article = make_submitted_article(team)
    note = EditorNote.objects.create(article=article, kind="editors_note", body="As written.")
    workflow.record_edit(article, by=team.contributor)
    article.refresh_from_db()
    version = article.version
    client.force_login(team.editor)
    client.post(
        reverse("admin:articles_editornote_change", args=[note.pk]),
        {"body": "Rewritten by the reviewer."},
    )
    article.refresh_from_db()
    assert article.version > version and article.updated_by == team.editor
    # … so the same editor cannot approve the note they just rewrote.
    client.post(
        change_url(article),
        form_data(article, _workflow="approve", revision=article.revisions.first().pk),
    )
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("<p>a</p>\n<p>b</p>", "<p>a</p><p>b</p>", True),
        ("<p> a</p>", "<p>a</p>", True),
        ("<p>a <a href='x'>l</a>.</p>", '<p>a <a href="x">l</a>.</p>', True),
        ("<p>a<br>b</p>", "<p>a<br/>b</p>", True),
        ("<p>x &amp; y</p>", "<p>x &#38; y</p>", True),
        ("<p>one two</p>", "<p>one \n two</p>", True),
        ("<p>a</p>", "<p>b</p>", False),
        ("a <em>b</em>", "a<em>b</em>", False),
        ("<em>a</em> <strong>b</strong>", "<em>a</em><strong>b</strong>", False),
        ("<p>a</p>", "<h2>a</h2>", False),
        ('<a href="https://a.example/">l</a>', '<a href="https://b.example/">l</a>', False),
    ],
)
def test_the_same_body_in_other_spelling_is_the_same_document(a, b, same):
    from articles.admin.forms import same_html

    assert same_html(a, b) is same
