"""Small rules of the editorial desk: presence, resolving notes, mail, sign-in, withdrawn pages
and citation downloads."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from articles import presence, workflow
from articles.models import EditorNote
from tests.factories import make_article, make_ready_article, make_user

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


# --- presence ---------------------------------------------------------------------------


def test_presence_heartbeat_works_with_the_token_from_the_form_when_the_cookie_is_httponly(
    team,
):
    assert settings.CSRF_COOKIE_HTTPONLY
    article = make_ready_article("Being edited", created_by=team.contributor)
    client = Client(enforce_csrf_checks=True)
    client.force_login(team.editor)
    form = client.get(change_url(article)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    url = reverse("admin:articles_article_presence", args=[article.pk])
    response = client.post(url, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200 and response.json() == {"others": []}


def test_presence_script_takes_the_token_from_the_form_not_the_httponly_cookie():
    script = (settings.BASE_DIR / "static" / "admin" / "js" / "presence.js").read_text()
    assert "csrfmiddlewaretoken" in script
    assert "document.cookie" not in script


def test_only_people_who_may_save_count_as_editing(client, team):
    article = make_ready_article("In review", created_by=team.contributor)
    workflow.submit(article, by=team.contributor)
    client.force_login(team.contributor)  # may read the form, may not save while in review
    assert client.get(change_url(article)).status_code == 200
    client.post(reverse("admin:articles_article_presence", args=[article.pk]))
    assert presence.others(article, team.editor) == []
    client.force_login(team.editor2)
    client.get(change_url(article))
    assert presence.others(article, team.editor) == [team.editor2.get_username()]


# --- resolving review notes ---------------------------------------------------------------


def test_mark_resolved_is_offered_only_to_those_who_may_resolve(client, team):
    article = make_ready_article("With a note", created_by=team.contributor)
    EditorNote.objects.create(article=article, body="Tighten the intro", author=team.editor)
    client.force_login(team.contributor)
    assert "Mark resolved" not in client.get(change_url(article)).content.decode()
    client.force_login(team.editor2)
    assert "Mark resolved" in client.get(change_url(article)).content.decode()


def test_a_refused_resolve_is_a_message_on_the_article_not_a_bare_403(client, team):
    article = make_ready_article("With a note", created_by=team.contributor)
    note = EditorNote.objects.create(article=article, body="Tighten it", author=team.editor)
    client.force_login(team.contributor)
    url = reverse("admin:articles_article_resolve_note", args=[article.pk, note.pk])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "can mark it resolved" in response.content.decode()
    note.refresh_from_db()
    assert note.resolved_at is None


# --- mail ---------------------------------------------------------------------------------


def test_plain_text_mail_is_not_html_escaped(team, django_capture_on_commit_callbacks):
    article = make_ready_article('Trade & Security: "Allies" <Now>', created_by=team.contributor)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(article, by=team.contributor, comment="Tom & Jerry's edit")
    assert mail.outbox
    message = mail.outbox[0]
    for text in (message.subject, message.body):
        assert "&amp;" not in text and "&quot;" not in text and "&lt;" not in text
    assert 'Trade & Security: "Allies" <Now>' in message.body
    assert "Tom & Jerry's edit" in message.body


# --- sign-in ----------------------------------------------------------------------------


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", ""])
def test_a_refused_next_after_sign_in_leads_to_the_admin_index(client, next_url):
    make_user("signer", is_staff=True)
    response = client.post(
        reverse("admin:login") + (f"?next={next_url}" if next_url else ""),
        {"username": "signer", "password": "x-secret-pass", "next": next_url},
    )
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    assert client.get(response.url).status_code == 200


# --- public pages -----------------------------------------------------------------------


def test_withdrawn_page_has_exactly_one_robots_meta_tag(client):
    article = make_article("Gone", status="withdrawn")
    html = client.get(article.get_absolute_url()).content.decode()
    assert len(re.findall(r'<meta name="robots"', html)) == 1


@pytest.mark.parametrize("fmt", ["bib", "ris", "json"])
def test_citation_downloads_are_named_by_slug_not_by_sequential_id(client, fmt):
    article = make_article("Named download", status="published")
    response = client.get(reverse("articles:cite", args=[article.slug, fmt]))
    disposition = response["Content-Disposition"]
    assert f"{article.slug}.{fmt}" in disposition
    assert str(article.pk) not in disposition.replace(article.slug, "")


def test_unicode_citation_file_names_are_encoded_for_the_header(client):
    article = make_article("日本與台灣", status="published")
    response = client.get(reverse("articles:cite", args=[article.slug, "bib"]))
    assert "filename*=utf-8''" in response["Content-Disposition"]
