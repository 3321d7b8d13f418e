"""The audit log in words: each workflow step read as a sentence, statuses as the admin names
them, a schedule never logged as a publication; and the history and compare pages never print
a raw choice code."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Byline, EditorNote, WorkflowEvent
from tests.factories import make_approved_article, make_author, make_submitted_article

pytestmark = pytest.mark.django_db


def sentences(article):
    """(sentence, status change) of the article's events, oldest first."""
    events = article.events.select_related("actor", "revision").order_by("at", "pk")
    return [(e.describe(), e.status_change()) for e in events]


def at_local(moment):
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def test_a_review_reads_as_sentences_with_the_admins_status_names(team):
    team.editor.first_name, team.editor.last_name = "Erin", "Editor"
    team.editor.save()
    article = make_submitted_article(team)
    workflow.request_changes(article, by=team.editor, comment="Cite the source.")
    workflow.submit(article, by=team.contributor)
    workflow.approve(article, by=team.editor)
    approval = article.events.get(action="approve")
    assert sentences(article) == [
        ("Submitted for review by carla", "Draft → In review"),
        ("Changes requested by Erin Editor", "In review → Changes requested"),
        ("Submitted for review by carla", "Changes requested → In review"),
        (f"Approved by Erin Editor (revision {approval.revision_id})", "In review → Approved"),
    ]
    assert article.events.get(action="request_changes").remark == "Cite the source."


def test_scheduling_is_logged_as_a_schedule_not_a_publication(team):
    article = make_approved_article(team)
    later = timezone.now() + datetime.timedelta(days=3)
    workflow.publish(article, by=team.managing, at=later)
    workflow.unschedule(article, by=team.managing)
    workflow.publish(article, by=team.managing)
    assert sentences(article)[-3:] == [
        (f"Scheduled for {at_local(later)} by maya", "Approved → Scheduled"),
        ("Schedule cancelled by maya", "Scheduled → Approved"),
        ("Published by maya", "Approved → Published"),
    ]


def test_a_scheduled_publication_going_live_reads_as_such(team):
    article = make_approved_article(team)
    later = timezone.now() + datetime.timedelta(hours=2)
    workflow.publish(article, by=team.managing, at=later)
    workflow.announce_due(now=later + datetime.timedelta(minutes=1))
    event = article.events.get(action="announce")
    assert event.describe() == "Went live as scheduled"
    assert event.status_change() == ""


def test_a_voided_approval_says_why_and_that_the_schedule_is_cancelled(team):
    article = make_approved_article(team)
    workflow.publish(article, by=team.managing, at=timezone.now() + datetime.timedelta(days=1))
    article.refresh_from_db()
    article.title = "A changed title"
    article.save()
    workflow.record_edit(article, by=team.managing)
    voided = article.events.get(action="approval_voided")
    assert voided.describe() == (
        "Approval voided by maya: the content changed after approval; the schedule is cancelled"
    )
    assert voided.status_change() == "Scheduled → In review"
    assert voided.remark == ""  # said in the sentence already


def test_withdrawing_and_sending_back_to_draft(team):
    article = make_approved_article(team)
    workflow.publish(article, by=team.managing)
    workflow.withdraw(article, by=team.managing, comment="Superseded.")
    workflow.redraft(article, by=team.managing)
    assert sentences(article)[-2:] == [
        ("Withdrawn by maya", "Published → Withdrawn"),
        ("Sent back to draft by maya", "Withdrawn → Draft"),
    ]


def test_a_working_copys_steps_read_as_an_update(team):
    article = make_approved_article(team)
    workflow.publish(article, by=team.managing)
    copy = workflow.start_working_copy(article, by=team.editor)
    copy.title = "An updated title"
    copy.save()
    workflow.record_edit(copy, by=team.editor)
    workflow.submit(copy, by=team.editor)
    workflow.approve(copy, by=team.editor2)
    later = timezone.now() + datetime.timedelta(hours=5)
    workflow.publish(copy, by=team.managing, at=later)
    scheduled = copy.events.get(action="publish")
    assert scheduled.describe() == f"Update scheduled for {at_local(later)} by maya"
    workflow.announce_due(now=later + datetime.timedelta(minutes=1))
    said = [s for s, _ in sentences(article)]
    assert "Working copy started by erin" in said
    assert said[-1] == "The scheduled changes went live"


def test_an_event_whose_actor_account_is_gone_still_reads(team):
    article = make_submitted_article(team)
    team.contributor.delete()
    assert article.events.get().describe() == "Submitted for review"


# --- the pages: no raw choice codes ---------------------------------------------------------

RAW_CODES = [
    "co_author", "in_review", "changes_requested", "editors_note", "request_changes",
    "approval_voided", "working_copy_started", "publish_changes", "zh-hant",
]  # fmt: skip


def visible_text(html):
    """The page without the attribute values and scripts a browser does not show."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]*>", " ", html)


def test_history_and_compare_pages_never_show_a_raw_choice_code(client, team):
    article = make_submitted_article(team, body="<p>First version of the text.</p>")
    workflow.request_changes(article, by=team.editor, comment="More detail.")
    guest = make_author("Ana Ruiz", title="Fellow")
    Byline.objects.create(article=article, author=guest, position=1, role="co_author")
    EditorNote.objects.create(article=article, kind="editors_note", body="Views are the authors.")
    EditorNote.objects.create(article=article, kind="correction", body="A date was fixed.")
    article.language = "zh-hant"
    article.body = "<p>Second version of the text.</p>"
    article.save()
    workflow.record_edit(article, by=team.contributor)
    workflow.submit(article, by=team.contributor)
    workflow.approve(article, by=team.editor)
    workflow.publish(article, by=team.managing, at=timezone.now() + datetime.timedelta(days=2))
    workflow.unschedule(article, by=team.managing)
    article.refresh_from_db()
    article.title = "Retitled"
    article.save()
    workflow.record_edit(article, by=team.managing)
    assert set(article.events.values_list("action", flat=True)) >= {
        "submit", "request_changes", "approve", "publish", "unschedule", "approval_voided",
    }  # fmt: skip

    client.force_login(team.managing)
    first = article.revisions.order_by("created_at", "pk").first()
    pages = {
        "history": reverse("admin:articles_article_revisions", args=[article.pk]),
        "compare": reverse("admin:articles_article_compare", args=[article.pk]) + f"?a={first.pk}",
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        for code in RAW_CODES:
            assert code not in html, (name, code)
        text = visible_text(html)
        assert not re.search(r"\b(draft|published|approved|withdrawn)\s*→", text), name
    compare = visible_text(client.get(pages["compare"]).content.decode())
    assert "Added Ana Ruiz as co-author (position 2)" in compare
    assert "English → Traditional Chinese" in compare
    assert "Editor's Note added" in compare and "Correction added" in compare
    history = visible_text(client.get(pages["history"]).content.decode())
    assert "In review → Changes requested" in history
    assert "Scheduled for" in history and "Schedule cancelled by maya" in history


def test_every_event_action_has_words():
    for action in WorkflowEvent.Action:
        event = WorkflowEvent(action=action, from_status="draft", to_status="draft")
        sentence = event.describe()
        assert sentence and "_" not in sentence, action
