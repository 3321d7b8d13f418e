"""Autosave keeps a person's unsaved input in their own buffer: private, size-limited, only for
those who may edit, offered back when newer than their last save, cleared by a save."""

import datetime
import json
import re
import uuid

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import ArticleRevision, EditBuffer
from tests.factories import make_ready_article, make_submitted_article

from .admin_helpers import change_url, form_data

pytestmark = pytest.mark.django_db


def autosave_url(article=None):
    if article is None:
        return reverse("admin:articles_article_autosave_new")
    return reverse("admin:articles_article_autosave", args=[article.pk])


def keep(client, article, fields, **headers):
    body = json.dumps({"fields": fields})
    return client.post(autosave_url(article), body, content_type="application/json", **headers)


def typed(article, title):
    return [
        ["title", title, ""],
        ["edit_version", str(article.version), ""],
        ["series", str(article.series_id), article.series.name],
        ["csrfmiddlewaretoken", "never kept", ""],
    ]


def test_autosave_keeps_the_fields_in_the_persons_own_buffer(client, team):
    article = make_ready_article("Kept", created_by=team.contributor)
    client.force_login(team.contributor)
    response = keep(client, article, typed(article, "Half-typed title"))
    assert response.status_code == 200 and re.fullmatch(r"\d\d:\d\d", response.json()["saved_at"])
    buffer = EditBuffer.objects.get()
    assert (buffer.user, buffer.article, buffer.based_on_version) == (
        team.contributor,
        article,
        article.version,
    )
    assert ["title", "Half-typed title", ""] in buffer.fields
    assert not any(name == "csrfmiddlewaretoken" for name, *_ in buffer.fields)
    keep(client, article, typed(article, "Typed further"))
    assert EditBuffer.objects.get().fields[0] == ["title", "Typed further", ""]


def test_autosave_is_not_a_revision_and_changes_nothing_anyone_sees(client, team):
    article = make_ready_article("Untouched", created_by=team.contributor)
    version = article.version
    client.force_login(team.contributor)
    keep(client, article, typed(article, "Private draft words"))
    article.refresh_from_db()
    assert (article.title, article.version) == ("Untouched", version)
    assert not ArticleRevision.objects.exists()


@pytest.mark.parametrize("role", ["contributor2", "bio"])
def test_autosave_refuses_those_who_cannot_see_the_article(client, team, role):
    article = make_ready_article("Not theirs", created_by=team.contributor)
    client.force_login(getattr(team, role))
    assert keep(client, article, typed(article, "Hijack")).status_code in (403, 404)
    assert not EditBuffer.objects.exists()


def test_autosave_refuses_those_who_may_read_but_not_edit(client, team):
    article = make_submitted_article(team)  # in review: its contributor only reads it
    client.force_login(team.contributor)
    assert keep(client, article, typed(article, "Too late")).status_code == 403
    assert not EditBuffer.objects.exists()


def test_autosave_answers_strangers_with_the_login_page(client, team):
    article = make_ready_article("Anonymous")
    response = keep(client, article, typed(article, "x"))
    assert response.status_code == 302 and "/login/" in response.url


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[]",
        '{"fields": "title"}',
        '{"fields": [["title"]]}',
        '{"fields": [["title", 5]]}',
        '{"fields": [["' + "n" * 300 + '", "v"]]}',
        '{"fields": [["edit_version", "99999999999999999999"]]}',
        "\\ud800",
    ],
)
def test_malformed_autosave_is_refused_clearly_and_never_a_500(client, team, body):
    article = make_ready_article("Malformed", created_by=team.contributor)
    client.force_login(team.contributor)
    response = client.post(autosave_url(article), body, content_type="application/json")
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.json()["error"]
        assert not EditBuffer.objects.exists()
    else:  # a version too large to be one is kept as unknown, never stored as a number
        assert EditBuffer.objects.get().based_on_version is None


def test_an_oversized_autosave_is_refused_and_nothing_is_kept(client, team):
    article = make_ready_article("Huge", created_by=team.contributor)
    client.force_login(team.contributor)
    response = keep(client, article, [["body", "x" * (EditBuffer.MAX_BYTES + 1), ""]])
    assert response.status_code == 413 and "Too large" in response.json()["error"]
    assert not EditBuffer.objects.exists()


def test_autosave_needs_the_csrf_token_from_the_form(team):
    article = make_ready_article("Token", created_by=team.contributor)
    client = Client(enforce_csrf_checks=True)
    client.force_login(team.contributor)
    assert keep(client, article, typed(article, "No token")).status_code == 403
    page = client.get(change_url(article)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = keep(client, article, typed(article, "With token"), HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200


def test_the_restore_prompt_is_offered_only_to_the_buffers_owner(client, team):
    article = make_ready_article("Private", created_by=team.editor)
    client.force_login(team.editor)
    keep(client, article, typed(article, "Erin's unsaved words"))
    page = client.get(change_url(article)).content.decode()
    assert "Restore your unsaved changes from" in page and "Erin&#x27;s unsaved words" not in page
    assert "Erin\\u0027s unsaved words" in page or "Erin's unsaved words" in page  # the JSON
    client.force_login(team.editor2)
    page = client.get(change_url(article)).content.decode()
    assert "Restore your unsaved changes" not in page and "unsaved words" not in page


def test_a_buffer_older_than_ones_last_save_is_not_offered_and_goes(client, team):
    article = make_ready_article("Saved since", created_by=team.editor)
    client.force_login(team.editor)
    with time_machine.travel(timezone.now() - datetime.timedelta(minutes=5)):
        keep(client, article, typed(article, "Old input"))
    workflow.record_edit(article, by=team.editor)  # saved (say, in another tab) after that
    assert "Restore your unsaved" not in client.get(change_url(article)).content.decode()
    assert not EditBuffer.objects.exists()


def test_a_successful_save_clears_the_buffer_and_a_refused_one_keeps_it(client, team):
    article = make_ready_article("Cleared", created_by=team.editor)
    client.force_login(team.editor)
    keep(client, article, typed(article, "Typed"))
    refused = client.post(change_url(article), form_data(article, title="", edit_version=1))
    assert refused.status_code == 200 and EditBuffer.objects.exists()
    assert client.post(change_url(article), form_data(article, title="Typed")).status_code == 302
    assert not EditBuffer.objects.exists()


def test_a_new_articles_buffer_is_per_person_and_cleared_when_it_is_added(client, team):
    article = make_ready_article("Template")
    client.force_login(team.contributor)
    keep(client, None, [["title", "A new piece", ""]])
    client.force_login(team.contributor2)
    keep(client, None, [["title", "Someone else's new piece", ""]])
    assert EditBuffer.objects.filter(article__isnull=True).count() == 2
    page = client.get(reverse("admin:articles_article_add")).content.decode()
    assert "Someone else" in page and "A new piece" not in page
    client.force_login(team.contributor)
    data = form_data(article, title="A new piece", slug="", translation_key=str(uuid.uuid4()))
    del data["edit_version"]
    data.update({"bylines-TOTAL_FORMS": "0", "bylines-INITIAL_FORMS": "0"})
    assert client.post(reverse("admin:articles_article_add"), data).status_code == 302
    assert list(EditBuffer.objects.values_list("user__username", flat=True)) == ["conrad"]


def test_buffers_nobody_came_back_to_are_cleaned_up_on_write(client, team):
    article = make_ready_article("Expiring", created_by=team.contributor)
    client.force_login(team.contributor)
    with time_machine.travel(timezone.now() - EditBuffer.LIFETIME - datetime.timedelta(hours=1)):
        keep(client, article, typed(article, "Forgotten"))
    assert "Restore your unsaved" not in client.get(change_url(article)).content.decode()
    client.force_login(team.contributor2)
    keep(client, None, [["title", "Fresh", ""]])
    assert list(EditBuffer.objects.values_list("user__username", flat=True)) == ["conrad"]


def test_discarding_removes_only_ones_own_buffer(client, team):
    article = make_ready_article("Discard", created_by=team.editor)
    for user in (team.editor, team.editor2):
        client.force_login(user)
        keep(client, article, typed(article, f"{user.username}'s words"))
    client.force_login(team.editor)
    client.post(reverse("admin:articles_article_discard_buffer", args=[article.pk]))
    assert list(EditBuffer.objects.values_list("user__username", flat=True)) == ["eddie"]
