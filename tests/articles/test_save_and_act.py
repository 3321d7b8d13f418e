"""Every workflow button on an editable article saves the change form first, then acts; a refused
save does nothing else and loses nothing; one comment field serves notes and reasons."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, EditorNote, Status
from tests.factories import make_approved_article, make_ready_article, make_submitted_article

from .admin_helpers import change_url, form_data, transition_url

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_submit_saves_the_typed_title_first_then_submits(client, team):
    article = make_ready_article("Draft title", created_by=team.contributor)
    client.force_login(team.contributor)
    response = client.post(
        change_url(article),
        form_data(article, title="Typed, not yet saved", _workflow="submit"),
        follow=True,
    )
    article.refresh_from_db()
    assert (article.title, article.status) == ("Typed, not yet saved", Status.IN_REVIEW)
    assert any(
        "Your changes were saved" in m and "Submit for review: done" in m
        for m in messages_of(response)
    )
    assert article.revisions.filter(message="Edited", created_by=team.contributor).exists()


def test_request_changes_without_a_reason_saves_nothing_and_keeps_the_input(client, team):
    article = make_submitted_article(team)
    client.force_login(team.editor)
    response = client.post(
        change_url(article),
        form_data(article, title="A better title", _workflow="request_changes", comment="  "),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "needs a reason" in page and "Nothing was saved or done" in page
    assert 'value="A better title"' in page
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW and article.title != "A better title"
    assert not article.notes.internal().exists()


def test_a_stale_save_does_nothing_else_and_keeps_the_title_and_the_comment(client, team):
    article = make_submitted_article(team)
    stale = form_data(
        article,
        title="Eddie's title",
        _workflow="request_changes",
        comment="Please cite the 2024 white paper.",
    )
    client.force_login(team.editor)
    client.post(change_url(article), form_data(article, summary="Erin's summary."))
    client.force_login(team.editor2)
    response = client.post(change_url(article), stale)
    assert response.status_code == 200
    page = response.content.decode()
    assert "erin changed this article" in page and "nothing else was done" in page
    assert "Please cite the 2024 white paper." in page  # the comment box still holds it
    assert 'value="Eddie&#x27;s title"' in page
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    assert not article.notes.internal().filter(body__contains="white paper").exists()


def test_an_action_refused_after_the_save_says_so_the_save_stands_and_the_comment_waits(
    client, team
):
    article = make_ready_article("Not submitted yet", created_by=team.contributor)
    client.force_login(team.editor)
    response = client.post(
        change_url(article),
        form_data(
            article, title="Edited by the editor", _workflow="approve", comment="Looks good to me."
        ),
        follow=True,
    )
    article.refresh_from_db()
    assert (article.title, article.status) == ("Edited by the editor", Status.DRAFT)
    text = " ".join(messages_of(response))
    assert "Your changes were saved" in text and "Cannot approve" in text
    assert "Your comment is still in the comment field" in text
    # The redirected page gives the comment back, once.
    assert "Looks good to me." in response.content.decode()
    assert "Looks good to me." not in client.get(change_url(article)).content.decode()


# --- four eyes: a combined save + approve never approves the approver's own change ---------


def test_an_approver_who_changes_content_cannot_approve_it_in_the_same_step(client, team):
    article = make_submitted_article(team)
    workflow.record_edit(article, by=team.contributor)
    client.force_login(team.editor)
    response = client.post(
        change_url(article),
        form_data(
            article,
            summary="The reviewer's own wording.",
            _workflow="approve",
            revision=article.revisions.first().pk,
        ),
        follow=True,
    )
    article.refresh_from_db()
    assert article.summary == "The reviewer's own wording."
    assert (article.status, article.approved_by) == (Status.IN_REVIEW, None)
    assert "Someone else must approve this" in " ".join(messages_of(response))
    # A second person reads the changed version and approves it.
    client.force_login(team.editor2)
    client.post(
        change_url(article),
        form_data(article, _workflow="approve", revision=article.revisions.first().pk),
    )
    article.refresh_from_db()
    assert (article.status, article.approved_by) == (Status.APPROVED, team.editor2)


def test_a_reviewer_who_only_reads_approves_and_does_not_become_the_latest_editor(client, team):
    article = make_submitted_article(team)
    workflow.record_edit(article, by=team.contributor)
    before = (article.version, article.updated_by_id, article.revisions.count())
    client.force_login(team.editor)
    client.post(
        change_url(article),
        form_data(article, _workflow="approve", revision=article.revisions.first().pk),
    )
    article.refresh_from_db()
    assert (article.status, article.approved_by) == (Status.APPROVED, team.editor)
    assert article.updated_by_id == before[1]
    assert not article.revisions.filter(message="Edited", created_by=team.editor).exists()


def test_save_and_approve_refuses_when_the_content_changed_after_the_revision_read(client, team):
    article = make_submitted_article(team)
    read = workflow.record_edit(article, by=team.contributor)
    client.force_login(team.editor2)  # a colleague edits after the reviewer read `read`
    client.post(change_url(article), form_data(article, summary="Changed after reading."))
    article.refresh_from_db()
    client.force_login(team.editor)  # the form is current, the revision read is not
    response = client.post(
        change_url(article), form_data(article, _workflow="approve", revision=read.pk), follow=True
    )
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW and article.approved_by is None
    assert "changed after the revision you read" in " ".join(messages_of(response))


# --- one comment field ---------------------------------------------------------------------


def test_add_note_saves_the_form_then_posts_the_comment_as_a_review_note(client, team):
    article = make_ready_article("Noted", created_by=team.contributor)
    client.force_login(team.contributor)
    client.post(
        change_url(article),
        form_data(article, subtitle="New subtitle", _workflow="note", comment="Figures checked."),
    )
    article.refresh_from_db()
    assert article.subtitle == "New subtitle"
    note = article.notes.internal().get()
    assert (note.body, note.author) == ("Figures checked.", team.contributor)
    assert article.status == Status.DRAFT


def test_add_note_without_text_saves_nothing(client, team):
    article = make_ready_article("Empty note", created_by=team.contributor)
    client.force_login(team.contributor)
    response = client.post(
        change_url(article), form_data(article, subtitle="Unsaved", _workflow="note", comment="")
    )
    assert "Write a comment first." in response.content.decode()
    assert Article.objects.get(pk=article.pk).subtitle == ""
    assert not EditorNote.objects.exists()


def test_a_refused_note_on_a_read_only_form_keeps_its_text(client, team):
    article = make_submitted_article(team)  # in review: read-only for its contributor
    client.force_login(team.contributor)
    url = reverse("admin:articles_article_add_note", args=[article.pk])
    client.post(url, {"comment": "x" * 5001})  # over the limit: refused, kept
    assert ("x" * 5000) in client.get(change_url(article)).content.decode()
    client.post(url, {"comment": "Answered in the second section."})
    assert article.notes.internal().get().body == "Answered in the second section."


def test_mark_resolved_on_an_editable_form_saves_first(client, team):
    article = make_ready_article("Resolving", created_by=team.contributor)
    note = EditorNote.objects.create(article=article, body="Tighten it", author=team.editor)
    client.force_login(team.editor)
    client.post(
        change_url(article),
        form_data(article, subtitle="Tightened", _workflow=f"resolve-{note.pk}"),
    )
    note.refresh_from_db()
    assert note.resolved_by == team.editor
    assert Article.objects.get(pk=article.pk).subtitle == "Tightened"


def test_publish_at_from_the_panel_schedules_after_saving(client, team):
    article = make_approved_article(team)
    at = timezone.localtime() + datetime.timedelta(days=2)
    client.force_login(team.managing)
    client.post(
        change_url(article),
        form_data(article, _workflow="publish", publish_at=at.strftime("%Y-%m-%dT%H:%M")),
    )
    article.refresh_from_db()
    assert article.is_scheduled and not article.is_live()


def test_a_managing_editor_who_edits_an_approved_article_and_publishes_sends_it_back(client, team):
    article = make_approved_article(team)
    client.force_login(team.managing)
    response = client.post(
        change_url(article),
        form_data(article, title="Retitled at the last minute", _workflow="publish"),
        follow=True,
    )
    article.refresh_from_db()
    assert (article.title, article.status) == ("Retitled at the last minute", Status.IN_REVIEW)
    assert not article.is_live()
    assert "Cannot publish" in " ".join(messages_of(response))


# --- new articles ---------------------------------------------------------------------------


def test_save_and_submit_creates_a_new_article_and_submits_it(client, team):
    article = make_ready_article("Template")  # its series, picture and author, reused
    data = form_data(
        article, title="Brand new", slug="", _workflow="submit", translation_key=str(uuid.uuid4())
    )
    del data["edit_version"]
    data["bylines-0-id"] = ""
    data.pop("bylines-0-article")
    data["bylines-INITIAL_FORMS"] = "0"
    client.force_login(team.contributor)
    response = client.post(reverse("admin:articles_article_add"), data, follow=True)
    created = Article.objects.get(title="Brand new")
    assert created.status == Status.IN_REVIEW
    assert created.created_by == team.contributor and created.submitted_by == team.contributor
    assert "Saved as a new draft" in " ".join(messages_of(response))


def test_the_new_article_form_offers_save_and_submit(client, team):
    client.force_login(team.contributor)
    page = client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'name="_workflow" value="submit"' in page


# --- the page itself ------------------------------------------------------------------------


def test_enter_in_a_field_is_a_plain_save_not_a_workflow_action(client, team):
    article = make_ready_article("Enter key", created_by=team.contributor)
    client.force_login(team.contributor)
    page = client.get(change_url(article)).content.decode()
    plain_save = page.index('form="article_form" name="_save"')
    assert plain_save < page.index('name="_workflow"')  # the form's first button: a plain save
    assert plain_save < page.index('id="article_form"')


def test_panel_controls_belong_to_the_change_form_only_when_it_is_editable(client, team):
    article = make_submitted_article(team)
    client.force_login(team.contributor)  # in review: read-only for its contributor
    page = client.get(change_url(article)).content.decode()
    assert 'form="article_form"' not in page
    assert reverse("admin:articles_article_add_note", args=[article.pk]) in page
    client.force_login(team.editor)
    page = client.get(change_url(article)).content.decode()
    assert 'form="article_form" name="_workflow" value="request_changes"' in page
    assert page.count('id="wf-comment"') == 1 and 'id="note-body"' not in page


def test_the_transition_endpoint_still_serves_read_only_forms(client, team):
    article = make_ready_article("Live one", created_by=team.contributor, status="published")
    client.force_login(team.managing)
    response = client.post(transition_url(article, "withdraw"), {"comment": ""}, follow=True)
    assert "needs a reason" in response.content.decode()
    client.post(transition_url(article, "withdraw"), {"comment": "Legal request"})
    assert Article.objects.get(pk=article.pk).status == Status.WITHDRAWN
