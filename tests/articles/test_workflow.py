"""The workflow's rules, one transition at a time (articles/workflow/)."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from articles import workflow
from articles.models import Article, EditorNote, Status, WorkflowEvent
from tests.factories import (
    make_approved_article,
    make_article,
    make_author,
    make_ready_article,
    make_submitted_article,
    make_user,
)

pytestmark = pytest.mark.django_db


def test_submit_records_event_and_revision_and_mails_editors(
    team, django_capture_on_commit_callbacks
):
    article = make_ready_article(created_by=team.contributor)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(article, by=team.contributor, comment="Ready for a look")
    assert article.status == Status.IN_REVIEW and article.submitted_by == team.contributor
    event = WorkflowEvent.objects.get(article=article)
    assert (event.from_status, event.to_status, event.actor) == (
        "draft",
        "in_review",
        team.contributor,
    )
    assert event.revision == article.revisions.first()
    recipients = {m.to[0] for m in mail.outbox}
    assert recipients == {"erin@example.org", "eddie@example.org", "maya@example.org"}
    assert "Ready for a look" in mail.outbox[0].body
    assert f"/admin/articles/article/{article.pk}/change/" in mail.outbox[0].body


def test_request_changes_needs_a_comment_and_tells_the_submitter(
    team, django_capture_on_commit_callbacks
):
    article = make_submitted_article(team)
    with pytest.raises(workflow.InvalidTransition, match="comment is required"):
        workflow.request_changes(article, by=team.editor, comment="  ")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.request_changes(article, by=team.editor, comment="Tighten the second section.")
    assert article.status == Status.CHANGES_REQUESTED
    note = article.notes.internal().get()
    assert (note.body, note.author) == ("Tighten the second section.", team.editor)
    [message] = mail.outbox
    assert message.to == ["carla@example.org"]
    assert "Tighten the second section." in message.body


def test_nobody_approves_their_own_work(team):
    article = make_ready_article(created_by=team.editor)
    workflow.submit(article, by=team.editor)
    with pytest.raises(PermissionDenied, match="Someone else must approve"):
        workflow.approve(article, by=team.editor)


def test_the_last_editor_cannot_approve_either(team):
    article = make_submitted_article(team)
    Article.objects.filter(pk=article.pk).update(updated_by=team.editor)
    article.refresh_from_db()
    with pytest.raises(PermissionDenied):
        workflow.approve(article, by=team.editor)
    workflow.approve(article, by=team.editor2)
    assert article.status == Status.APPROVED


def test_approval_lists_what_is_missing_by_name(team):
    article = make_article(created_by=team.contributor)  # no summary, byline, picture or topic
    workflow.submit(article, by=team.contributor)
    with pytest.raises(workflow.NotReady) as caught:
        workflow.approve(article, by=team.editor)
    assert caught.value.problems == [
        "summary", "at least one author in the byline", "a lead picture", "at least one topic",
    ]  # fmt: skip


def test_approval_covers_the_revision_that_was_read(team):
    article = make_submitted_article(team)
    read = article.revisions.first()
    article.title = "Changed after the reviewer opened it"
    article.save()
    workflow.record_edit(article, by=team.contributor)
    with pytest.raises(workflow.InvalidTransition, match="changed after the revision you read"):
        workflow.approve(article, by=team.editor, revision=read)


def test_an_edit_after_approval_needs_a_new_approval(team):
    article = make_approved_article(team)
    article.body = "<p>New text.</p>"
    article.save()
    workflow.record_edit(article, by=team.editor2)
    assert article.status == Status.IN_REVIEW
    assert article.events.filter(action="approval_voided").exists()
    with pytest.raises(workflow.InvalidTransition):
        workflow.publish(article, by=team.managing)


def test_approved_content_changed_behind_the_workflow_cannot_be_published(team):
    article = make_approved_article(team)
    Article.objects.filter(pk=article.pk).update(title="Sneaked in")
    article.refresh_from_db()
    with pytest.raises(workflow.InvalidTransition, match="needs a new approval"):
        workflow.publish(article, by=team.managing)


def test_publish_needs_the_publish_role(team):
    article = make_approved_article(team)
    with pytest.raises(PermissionDenied):
        workflow.publish(article, by=team.editor2)
    workflow.publish(article, by=team.managing)
    assert article.is_live() and article.number == 1


def test_publishing_without_approval_is_refused(team):
    article = make_submitted_article(team)
    with pytest.raises(workflow.InvalidTransition):
        workflow.publish(article, by=team.managing)


def test_schedule_in_the_past_is_refused(team):
    article = make_approved_article(team)
    with pytest.raises(workflow.InvalidTransition, match="in the past"):
        workflow.publish(article, by=team.managing, at=timezone.now() - datetime.timedelta(hours=1))
    assert Article.objects.get(pk=article.pk).status == Status.APPROVED


def test_scheduled_article_is_numbered_now_and_announced_when_due(
    team, django_capture_on_commit_callbacks
):
    article = make_approved_article(team)
    at = timezone.now() + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(article, by=team.managing, at=at)
    assert article.number == 1 and not article.is_live() and article.announced_at is None
    assert "Scheduled" in mail.outbox[-1].subject
    mail.outbox.clear()
    assert workflow.announce_due() == []  # not yet
    with time_machine.travel(at + datetime.timedelta(hours=5)):  # the job was down for hours
        assert Article.objects.live().filter(pk=article.pk).exists()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("publish_due", stdout=StringIO())
            call_command("publish_due", stdout=StringIO())
    article.refresh_from_db()
    assert article.announced_at is not None
    assert [m.subject for m in mail.outbox] == [f"[Prospect] Published: “{article.title}”"]
    assert article.events.filter(action="announce").count() == 1


def test_unschedule_takes_a_scheduled_article_back(team):
    article = make_approved_article(team)
    workflow.publish(article, by=team.managing, at=timezone.now() + datetime.timedelta(days=1))
    workflow.unschedule(article, by=team.managing)
    assert article.status == Status.APPROVED and article.publish_at is None


def test_withdraw_needs_a_live_article_and_a_reason_is_kept(team):
    article = make_approved_article(team)
    workflow.publish(article, by=team.managing)
    workflow.withdraw(article, by=team.managing, comment="Legal request")
    assert article.status == Status.WITHDRAWN
    assert article.notes.internal().get().body == "Legal request"
    workflow.redraft(article, by=team.managing)
    assert article.status == Status.DRAFT and article.number == 1


def test_failure_half_way_through_publishing_changes_nothing_and_sends_nothing(
    team, monkeypatch, django_capture_on_commit_callbacks
):
    article = make_approved_article(team)
    mail.outbox.clear()

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    # publish() calls it from the transitions module, so patch it there.
    monkeypatch.setattr(workflow.transitions, "freeze_public_text", explode)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        workflow.publish(article, by=team.managing)
    fresh = Article.objects.get(pk=article.pk)
    assert (fresh.status, fresh.number, fresh.publish_at) == (Status.APPROVED, None, None)
    assert not fresh.events.filter(action="publish").exists()
    assert mail.outbox == []


def test_working_copy_keeps_the_public_version_until_published(team):
    article = make_approved_article(team)
    workflow.publish(article, by=team.managing)
    copy = workflow.start_working_copy(article, by=team.contributor)
    assert workflow.start_working_copy(article, by=team.editor) == copy  # one per live article
    copy.title = "A better title"
    copy.save()
    EditorNote.objects.create(
        article=copy, kind="correction", body="The date of the summit was corrected."
    )
    workflow.record_edit(copy, by=team.contributor)
    assert Article.objects.live().get().title != "A better title"
    workflow.submit(copy, by=team.contributor)
    workflow.approve(copy, by=team.editor)
    workflow.publish(copy, by=team.managing)
    live = Article.objects.live().get()
    assert live.pk == article.pk and live.title == "A better title"
    assert live.number == 1 and live.slug == article.slug
    assert live.corrections()[0].body == "The date of the summit was corrected."
    assert not Article.objects.filter(working_copy_of=live).exists()
    assert live.revisions.filter(message="Working copy started").exists()  # history kept


def test_working_copy_of_withdrawn_article_cannot_go_live(team):
    article = make_approved_article(team)
    workflow.publish(article, by=team.managing)
    copy = workflow.start_working_copy(article, by=team.editor)
    workflow.withdraw(article, by=team.managing, comment="Retracted")
    workflow.submit(copy, by=team.editor)
    workflow.approve(copy, by=team.editor2)
    with pytest.raises(workflow.InvalidTransition, match="no longer published"):
        workflow.publish(copy, by=team.managing)


def test_restore_writes_an_old_revision_as_the_new_draft(team):
    article = make_ready_article("First title", created_by=team.contributor)
    workflow.record_edit(article, by=team.contributor)
    old = article.revisions.first()
    article.title = "Second title"
    article.save()
    workflow.record_edit(article, by=team.contributor)
    workflow.restore(article, old, by=team.contributor)
    article.refresh_from_db()
    assert article.title == "First title"
    assert article.revisions.count() == 3  # nothing lost


def test_restore_on_a_live_article_goes_to_its_working_copy(team):
    article = make_approved_article(team, title="Original")
    old = article.revisions.last()
    workflow.publish(article, by=team.managing)
    Article.objects.filter(pk=article.pk).update(title="Live now")
    copy = workflow.restore(article, old, by=team.editor)
    assert copy.working_copy_of_id == article.pk and copy.title == "Original"
    assert Article.objects.get(pk=article.pk).title == "Live now"


def test_system_may_publish_imports_directly_but_people_may_not():
    article = make_ready_article()
    person = make_user()
    with pytest.raises(workflow.InvalidTransition):
        workflow.publish(article, by=person)
    workflow.publish(article, by=None)
    assert article.is_live()


def test_published_notice_goes_to_submitter_and_bylined_staff_authors(
    team, django_capture_on_commit_callbacks
):
    # A staff account: accounts without staff status are never mailed (test_notifications.py).
    staff_author = make_author("Staff Writer", title="Fellow", user=make_user("sw", is_staff=True))
    article = make_approved_article(team, authors=[staff_author])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(article, by=team.managing)
    assert {m.to[0] for m in mail.outbox} == {"carla@example.org", "sw@example.org"}


def test_internal_notes_stay_internal_after_publication(team):
    article = make_submitted_article(team)
    workflow.request_changes(article, by=team.editor, comment="Private remark")
    workflow.submit(article, by=team.contributor)
    workflow.approve(article, by=team.editor)
    workflow.publish(article, by=team.managing)
    assert "Private remark" not in [n.body for n in article.public_notes()]
    assert EditorNote.objects.public().filter(body="Private remark").count() == 0


def test_transitions_the_panel_offers_match_the_rules(team):
    article = make_submitted_article(team)
    assert [t.name for t in workflow.available(article, team.contributor)] == []
    assert [t.name for t in workflow.available(article, team.editor)] == [
        "request_changes",
        "approve",
    ]
    workflow.approve(article, by=team.editor)
    assert [t.name for t in workflow.available(article, team.managing)] == [
        "request_changes", "publish",
    ]  # fmt: skip


def test_public_notes_written_on_a_working_copy_go_live_with_it(team):
    article = make_approved_article(team)
    workflow.publish(article, by=team.managing)
    copy = workflow.start_working_copy(article, by=team.editor)
    EditorNote.objects.create(article=copy, kind="correction", body="Figures updated.")
    EditorNote.objects.create(article=copy, kind="editors_note", body="A revised disclaimer.")
    workflow.record_edit(copy, by=team.editor)
    workflow.submit(copy, by=team.editor)
    workflow.approve(copy, by=team.editor2)
    workflow.publish(copy, by=team.managing)
    live = Article.objects.get(pk=article.pk)
    assert [n.body for n in live.corrections()] == ["Figures updated."]
    assert live.editors_note().body == "A revised disclaimer."
