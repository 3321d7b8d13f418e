"""After a stale save, the second attempt applies only what this person changed since the version
they loaded — bylines and public notes row by row, as the main fields; where both changed the
same thing, both are shown and the person chooses."""

import pytest

from articles import workflow
from articles.models import Article, Byline, EditorNote
from tests.factories import make_author, make_ready_article

from .admin_helpers import change_url, form_data, note_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(team):
    """A draft both editors have open; Tokuchi is its author."""
    tokuchi = make_author("Hideshi Tokuchi", title="President")
    article = make_ready_article("Shared piece", created_by=team.editor, authors=[tokuchi])
    workflow.record_edit(article, by=team.editor)
    return article


def rows(article):
    return [
        {
            "id": b.pk,
            "author": b.author_id,
            "position": b.position,
            "role": b.role,
            "bio_line": b.bio_line,
        }
        for b in article.bylines.order_by("position", "pk")
    ]


def refused_then_again(client, team, article, stale, *, choose=()):
    """Post ``stale`` as editor2 (refused), then post the form it comes back with."""
    client.force_login(team.editor2)
    refused = client.post(change_url(article), stale)
    assert refused.status_code == 200, "the stale save should be refused"
    again = refused.context["adminform"].form.data.copy()  # what the page holds now
    again.setlist("keep_theirs", list(choose))
    response = client.post(change_url(article), again)
    assert response.status_code == 302, response.content.decode()[:3000]
    return refused


def save_as_editor(client, team, article, **kwargs):
    client.force_login(team.editor)
    response = client.post(change_url(article), form_data(article, **kwargs))
    assert response.status_code == 302
    article.refresh_from_db()


def test_stale_second_save_keeps_a_colleagues_new_byline(client, team, shared):
    stale = form_data(shared, title="Eddie's title")
    roe = make_author("Jane Roe", title="Fellow")
    new = {"author": roe.pk, "position": 1, "role": "co_author", "bio_line": ""}
    save_as_editor(client, team, shared, bylines=[*rows(shared), new])
    refused_then_again(client, team, shared, stale)
    shared.refresh_from_db()
    assert shared.title == "Eddie's title"
    assert [(b.author.display_name, b.role) for b in shared.ordered_bylines()] == [
        ("Hideshi Tokuchi", "author"),
        ("Jane Roe", "co_author"),
    ]


def test_stale_second_save_keeps_my_new_byline_and_theirs(client, team, shared):
    roe, ruiz = make_author("Jane Roe"), make_author("Ana Ruiz")
    mine = {"author": ruiz.pk, "position": 2, "role": "translator", "bio_line": ""}
    stale = form_data(shared, bylines=[*rows(shared), mine])
    theirs = {"author": roe.pk, "position": 1, "role": "co_author", "bio_line": ""}
    save_as_editor(client, team, shared, bylines=[*rows(shared), theirs])
    refused_then_again(client, team, shared, stale)
    assert sorted(shared.bylines.values_list("author__display_name", flat=True)) == [
        "Ana Ruiz",
        "Hideshi Tokuchi",
        "Jane Roe",
    ]


def test_stale_second_save_merges_my_bio_line_with_their_role_on_the_same_byline(
    client, team, shared
):
    [row] = rows(shared)
    stale = form_data(shared, bylines=[{**row, "bio_line": "Eddie's bio line."}])
    save_as_editor(client, team, shared, bylines=[{**row, "role": "editor"}])
    refused = refused_then_again(client, team, shared, stale)
    assert refused.context["adminform"].form.conflicts == []
    byline = shared.bylines.get()
    assert (byline.role, byline.bio_line) == ("editor", "Eddie's bio line.")


@pytest.mark.parametrize("keep_theirs", [False, True])
def test_a_byline_both_changed_differently_is_shown_and_the_person_chooses(
    client, team, shared, keep_theirs
):
    [row] = rows(shared)
    stale = form_data(shared, bylines=[{**row, "bio_line": "Eddie's version."}])
    save_as_editor(client, team, shared, bylines=[{**row, "bio_line": "Erin's version."}])
    client.force_login(team.editor2)
    html = client.post(change_url(shared), stale).content.decode()
    assert "Byline: Hideshi Tokuchi — bio line" in html
    assert "Eddie&#x27;s version." in html and "Erin&#x27;s version." in html
    choice = [f"bylines|{row['author']}|bio_line"] if keep_theirs else []
    refused_then_again(client, team, shared, stale, choose=choice)
    expected = "Erin's version." if keep_theirs else "Eddie's version."
    assert shared.bylines.get().bio_line == expected


def test_a_byline_i_removed_stays_removed_when_they_did_not_touch_it(client, team, shared):
    roe = make_author("Jane Roe")
    Byline.objects.create(article=shared, author=roe, position=1)
    workflow.record_edit(shared, by=team.editor)
    shared.refresh_from_db()
    stale = form_data(shared, bylines=[rows(shared)[0], {**rows(shared)[1], "DELETE": "on"}])
    save_as_editor(client, team, shared, summary="Erin's summary.")
    refused_then_again(client, team, shared, stale)
    shared.refresh_from_db()
    assert list(shared.bylines.values_list("author", flat=True)) == [rows(shared)[0]["author"]]
    assert shared.summary == "Erin's summary."


def test_a_byline_they_removed_and_i_left_alone_stays_removed(client, team, shared):
    roe = make_author("Jane Roe")
    Byline.objects.create(article=shared, author=roe, position=1)
    workflow.record_edit(shared, by=team.editor)
    shared.refresh_from_db()
    stale = form_data(shared, title="Eddie's title")
    first, second = rows(shared)
    save_as_editor(client, team, shared, bylines=[first, {**second, "DELETE": "on"}])
    refused_then_again(client, team, shared, stale)
    assert not shared.bylines.filter(author=roe).exists()
    assert Article.objects.get(pk=shared.pk).title == "Eddie's title"


@pytest.mark.parametrize("keep_theirs", [False, True])
def test_a_byline_they_removed_and_i_changed_is_a_conflict(client, team, shared, keep_theirs):
    roe = make_author("Jane Roe")
    Byline.objects.create(article=shared, author=roe, position=1)
    workflow.record_edit(shared, by=team.editor)
    shared.refresh_from_db()
    first, second = rows(shared)
    stale = form_data(shared, bylines=[first, {**second, "bio_line": "Roe is a Fellow."}])
    save_as_editor(client, team, shared, bylines=[first, {**second, "DELETE": "on"}])
    client.force_login(team.editor2)
    html = client.post(change_url(shared), stale).content.decode()
    assert "Byline: Jane Roe" in html and "(removed)" in html
    refused_then_again(
        client, team, shared, stale, choose=[f"bylines|{roe.pk}"] if keep_theirs else []
    )
    assert shared.bylines.filter(author=roe).exists() is not keep_theirs


def test_replacing_the_author_on_a_byline_row_survives_a_stale_save(client, team, shared):
    roe = make_author("Jane Roe")
    [row] = rows(shared)
    stale = form_data(shared, bylines=[{**row, "author": roe.pk}])
    save_as_editor(client, team, shared, summary="Erin's summary.")
    refused_then_again(client, team, shared, stale)
    assert list(shared.bylines.values_list("author", flat=True)) == [roe.pk]


# --- public notes: the Editor's Note and corrections -------------------------------------------


def test_stale_second_save_keeps_a_colleagues_correction(client, team, shared):
    stale = form_data(shared, title="Eddie's title", notes=note_rows(shared))
    save_as_editor(
        client, team, shared, notes=[{"kind": "correction", "body": "The date was 12 May."}]
    )
    refused_then_again(client, team, shared, stale)
    assert list(shared.notes.public().values_list("body", flat=True)) == ["The date was 12 May."]
    assert Article.objects.get(pk=shared.pk).title == "Eddie's title"


def test_a_correction_they_deleted_and_i_left_alone_stays_deleted(client, team, shared):
    EditorNote.objects.create(article=shared, kind="correction", body="An early correction.")
    workflow.record_edit(shared, by=team.editor)
    shared.refresh_from_db()
    stale = form_data(shared, title="Eddie's title", notes=note_rows(shared))
    [note] = note_rows(shared)
    save_as_editor(client, team, shared, notes=[{**note, "DELETE": "on"}])
    refused_then_again(client, team, shared, stale)
    assert not shared.notes.public().exists()
    assert Article.objects.get(pk=shared.pk).title == "Eddie's title"


def test_a_colleagues_edit_of_the_editors_note_survives_my_stale_save(client, team, shared):
    EditorNote.objects.create(article=shared, kind="editors_note", body="Views are the authors'.")
    workflow.record_edit(shared, by=team.editor)
    shared.refresh_from_db()
    stale = form_data(shared, title="Eddie's title", notes=note_rows(shared))
    [note] = note_rows(shared)
    save_as_editor(client, team, shared, notes=[{**note, "body": "Views are the authors' own."}])
    refused_then_again(client, team, shared, stale)
    assert shared.notes.public().get().body == "Views are the authors' own."


@pytest.mark.parametrize("keep_theirs", [False, True])
def test_an_editors_note_both_wrote_is_shown_and_the_person_chooses(
    client, team, shared, keep_theirs
):
    stale = form_data(shared, notes=[{"kind": "editors_note", "body": "Eddie's note."}])
    save_as_editor(client, team, shared, notes=[{"kind": "editors_note", "body": "Erin's note."}])
    client.force_login(team.editor2)
    html = client.post(change_url(shared), stale).content.decode()
    assert "Editor&#x27;s Note — body" in html
    refused_then_again(
        client, team, shared, stale, choose=["notes|editors_note|body"] if keep_theirs else []
    )
    expected = "Erin's note." if keep_theirs else "Eddie's note."
    assert shared.notes.public().get().body == expected


def test_a_contributors_stale_save_keeps_an_editors_note_they_cannot_edit(client, team):
    article = make_ready_article("Contributor's draft", created_by=team.contributor)
    workflow.record_edit(article, by=team.contributor)
    stale = form_data(article, title="Carla's new title")
    client.force_login(team.editor)
    client.post(
        change_url(article),
        form_data(article, notes=[{"kind": "editors_note", "body": "Added by Erin."}]),
    )
    client.force_login(team.contributor)
    refused = client.post(change_url(article), stale)
    assert refused.status_code == 200
    again = refused.context["adminform"].form.data.copy()
    assert client.post(change_url(article), again).status_code == 302
    article.refresh_from_db()
    assert article.title == "Carla's new title"
    assert article.notes.public().get().body == "Added by Erin."
