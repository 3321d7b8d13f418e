"""Role × the paths around the transitions: restore, picture change, public-note edit, review
comment edit — each in the states where approval or the public page is at stake."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, EditorNote, Status
from tests.factories import make_ready_article

pytestmark = pytest.mark.django_db

ROLES = ["contributor", "contributor2", "editor", "editor2", "managing", "bio"]


def article_in(state, team):
    """An article by ``contributor``, reviewed by ``editor2``, in ``state``."""
    article = make_ready_article(created_by=team.contributor)
    workflow.record_edit(article, by=team.contributor)
    if state == "draft":
        return article
    workflow.submit(article, by=team.contributor)
    if state == "in_review":
        return article
    workflow.approve(article, by=team.editor2)
    if state == "approved":
        return article
    at = timezone.now() + datetime.timedelta(days=1) if state == "scheduled" else None
    workflow.publish(article, by=team.managing, at=at)
    return article


def allowed(response):
    """200, or a redirect that is not the login page (nor the admin's not-found bounce)."""
    if response.status_code == 302:
        return "/login/" not in response.url and response.url.rstrip("/") != "/admin"
    return response.status_code == 200


# Who may restore the article's first revision, by state. Live: into a working copy.
RESTORE = {
    "draft": {"contributor", "editor", "editor2", "managing"},
    "in_review": {"editor", "editor2", "managing"},
    "approved": {"editor", "editor2", "managing"},
    "scheduled": set(),  # cancel the schedule first
    "live": {"contributor", "editor", "editor2", "managing"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", sorted(RESTORE))
def test_restore_matrix(client, team, role, state):
    article = article_in(state, team)
    first = article.revisions.order_by("pk").first()
    client.force_login(getattr(team, role))
    url = reverse("admin:articles_article_restore", args=[article.pk, first.pk])
    before = Article.objects.count(), article.revisions.count()
    response = client.post(url)
    done = (Article.objects.count(), article.revisions.count()) != before
    assert done is (role in RESTORE[state]), response.status_code
    if done and state == "approved":
        assert Article.objects.get(pk=article.pk).status in (Status.APPROVED, Status.IN_REVIEW)


# Who may change the lead picture's alt text, by the state of the article showing it.
PICTURE_CHANGE = {
    "draft": {"contributor", "contributor2", "editor", "editor2", "managing", "bio"},
    "approved": {"managing"},
    "scheduled": {"managing"},
    "live": {"managing", "bio"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", sorted(PICTURE_CHANGE))
def test_picture_change_matrix(client, team, role, state):
    article = article_in(state, team)
    picture = article.lead_image
    client.force_login(getattr(team, role))
    client.post(
        reverse("admin:images_imagecredit_change", args=[picture.pk]),
        {"alt_text": "Changed", "credit_source": picture.credit_source},
    )
    picture.refresh_from_db()
    changed = picture.alt_text == "Changed"
    assert changed is (role in PICTURE_CHANGE[state])
    article.refresh_from_db()
    if changed and state in ("approved", "scheduled"):
        assert article.status == Status.IN_REVIEW and not article.is_live()


# Who may edit a public note / a review comment through the admin, by state.
NOTE_EDIT = {
    ("editors_note", "in_review"): {"editor", "editor2", "managing"},
    ("editors_note", "approved"): {"editor", "editor2", "managing"},
    ("editors_note", "live"): set(),  # live content changes through a working copy
    ("internal", "in_review"): set(),  # a review comment is a record
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind, state", sorted(NOTE_EDIT))
def test_note_edit_matrix(client, team, role, kind, state):
    article = article_in(state, team)
    note = EditorNote.objects.filter(article=article, kind=kind).first()
    if note is None:
        note = EditorNote.objects.create(
            article=article, kind=kind, body="Original", author=team.editor
        )
        if state == "approved":  # the approval covers the note
            workflow.record_edit(article, by=team.editor)
            workflow.approve(article, by=team.editor2)
    client.force_login(getattr(team, role))
    url = reverse("admin:articles_editornote_change", args=[note.pk])
    response = client.post(url, {"body": "Rewritten"})
    note.refresh_from_db()
    changed = note.body == "Rewritten"
    assert changed is (role in NOTE_EDIT[(kind, state)])
    assert allowed(response) or not changed
    if changed and state == "approved":
        assert Article.objects.get(pk=article.pk).status == Status.IN_REVIEW
