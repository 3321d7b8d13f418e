"""Forged requests, stale forms and tampered links: each refused clearly, nothing changed."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles import presence, workflow
from articles.models import Article, PreviewLink, Status
from tests.factories import make_ready_article

from .admin_helpers import change_url, form_data, transition_url

pytestmark = pytest.mark.django_db


def test_forged_workflow_fields_in_the_change_form_are_ignored(client, team):
    article = make_ready_article("Forged", created_by=team.contributor)
    client.force_login(team.contributor)
    forged = form_data(
        article, status="published", publish_at="2020-01-01 00:00", number="99",
        approved_by=team.editor.pk, approved_revision="1", submitted_by=team.editor.pk,
        first_published_at="2020-01-01 00:00", version="999", working_copy_of="1",
    )  # fmt: skip
    assert client.post(change_url(article), forged).status_code == 302
    fresh = Article.objects.get(pk=article.pk)
    assert (fresh.status, fresh.publish_at, fresh.number, fresh.approved_by) == (
        Status.DRAFT, None, None, None,
    )  # fmt: skip
    assert not Article.objects.live().exists()


def test_list_editable_and_bulk_actions_cannot_move_status(client, team):
    mine = make_ready_article("Mine", created_by=team.contributor)
    theirs = make_ready_article("Theirs", created_by=team.contributor2)
    client.force_login(team.contributor)
    changelist = reverse("admin:articles_article_changelist")
    response = client.post(changelist, {
        "action": "submit_selected", "_selected_action": [mine.pk, theirs.pk],
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": theirs.pk,
        "form-0-status": "published",
    })  # fmt: skip
    assert response.status_code == 302
    assert Article.objects.get(pk=mine.pk).status == Status.IN_REVIEW
    assert Article.objects.get(pk=theirs.pk).status == Status.DRAFT  # not theirs to touch


def test_bulk_delete_skips_anything_that_went_public(client, team):
    draft = make_ready_article("Draft to delete")
    live = make_ready_article("Live")
    workflow.publish(live)
    client.force_login(team.managing)
    response = client.post(reverse("admin:articles_article_changelist"), {
        "action": "delete_selected_drafts", "_selected_action": [draft.pk, live.pk],
    }, follow=True)  # fmt: skip
    assert not Article.objects.filter(pk=draft.pk).exists()
    assert Article.objects.filter(pk=live.pk).exists()
    assert "Not deleted" in response.content.decode()
    response = client.post(reverse("admin:articles_article_changelist"), {
        "action": "delete_selected", "_selected_action": [live.pk], "post": "yes",
    })  # fmt: skip
    assert Article.objects.filter(pk=live.pk).exists()


def test_stale_save_is_refused_naming_who_and_keeping_the_input(client, team):
    article = make_ready_article("Shared piece", created_by=team.editor)
    workflow.record_edit(article, by=team.editor)
    stale = form_data(article, title="Editor two's title")  # opened by editor2 …
    client.force_login(team.editor)  # … while editor one saves first
    client.post(change_url(article), form_data(article, title="Editor one's title"))
    client.force_login(team.editor2)
    response = client.post(change_url(article), stale)
    page = response.content.decode()
    assert response.status_code == 200
    assert "erin changed this article at" in page and "have not been saved" in page
    assert "Editor two&#x27;s title" in page  # the input is still in the form
    assert Article.objects.get(pk=article.pk).title == "Editor one's title"
    # Saving again, knowingly, replaces the other version.
    again = {**stale, "edit_version": response.context["adminform"].form.data["edit_version"]}
    assert client.post(change_url(article), again).status_code == 302
    assert Article.objects.get(pk=article.pk).title == "Editor two's title"


def test_a_save_without_the_version_is_treated_as_stale(client, team):
    article = make_ready_article("No version", created_by=team.editor)
    client.force_login(team.editor)
    data = form_data(article, title="Blind overwrite")
    del data["edit_version"]
    assert client.post(change_url(article), data).status_code == 200
    assert Article.objects.get(pk=article.pk).title == "No version"


def test_being_edited_by_is_shown_to_the_second_editor(client, team):
    article = make_ready_article("Busy", created_by=team.editor)
    presence.touch(article, team.editor2)
    client.force_login(team.editor)
    assert "Being edited by eddie" in client.get(change_url(article)).content.decode()
    assert presence.others(article, team.editor2) == ["erin"]


def test_approving_own_work_through_the_admin_is_refused(client, team):
    article = make_ready_article("Self-approved", created_by=team.editor)
    workflow.submit(article, by=team.editor)
    client.force_login(team.editor)
    response = client.post(transition_url(article, "approve"), follow=True)
    assert "Someone else must approve this" in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Status.IN_REVIEW


def test_schedule_in_the_past_through_the_admin_is_refused(client, team):
    article = make_ready_article("Late", created_by=team.contributor)
    workflow.submit(article, by=team.contributor)
    workflow.approve(article, by=team.editor)
    client.force_login(team.managing)
    past = (timezone.localtime() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(transition_url(article, "publish"), {"publish_at": past}, follow=True)
    assert "The scheduled time is in the past." in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Status.APPROVED


def test_the_same_transition_twice_happens_once(client, team):
    article = make_ready_article("Twice", created_by=team.contributor)
    client.force_login(team.contributor)
    client.post(transition_url(article, "submit"))
    response = client.post(transition_url(article, "submit"), follow=True)
    assert "Cannot submit for review: the article is in review." in response.content.decode()
    assert article.events.filter(action="submit").count() == 1


def test_get_requests_change_nothing(client, team):
    article = make_ready_article("GET", created_by=team.contributor)
    client.force_login(team.contributor)
    assert client.get(transition_url(article, "submit")).status_code == 405
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_unknown_transition_is_a_404(client, team):
    article = make_ready_article(created_by=team.contributor)
    client.force_login(team.managing)
    assert client.post(transition_url(article, "teleport")).status_code == 404


# --- previews ---------------------------------------------------------------------------


def cache_directives(response):
    return {part.strip().split("=")[0] for part in response["Cache-Control"].split(",")}


def make_link(article, **fields):
    workflow.record_edit(article, by=None)
    fields.setdefault("expires_at", timezone.now() + datetime.timedelta(days=7))
    return PreviewLink.objects.create(article=article, revision=article.revisions.first(), **fields)


def test_preview_link_shows_the_pinned_revision_without_login(client):
    article = make_ready_article("Proof for the author", body="<p>Version one.</p>")
    link = make_link(article)
    article.body = "<p>Version two.</p>"
    article.save()
    response = client.get(link.shared_path())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Version one." in page and "Version two." not in page
    assert {"private", "no-store"} <= cache_directives(response)
    assert "noindex" in response["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex, nofollow">' in page


@pytest.mark.parametrize("how", ["tampered", "garbage", "revoked", "expired", "deleted"])
def test_bad_preview_links_look_like_missing_pages(client, how):
    article = make_ready_article("Secret draft")
    link = make_link(article)
    token = link.token
    if how == "tampered":
        token = token[:-2] + ("aa" if not token.endswith("aa") else "bb")
    elif how == "garbage":
        token = "not-a-token"
    elif how == "revoked":
        link.revoked_at = timezone.now()
        link.save()
    elif how == "deleted":
        link.delete()
    if how == "expired":
        with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
            response = client.get(reverse("preview", args=[token]))
    else:
        response = client.get(reverse("preview", args=[token]))
    missing = client.get("/articles/no-such-page/")
    assert response.status_code == 404
    assert "Secret draft" not in response.content.decode()
    assert response.content == missing.content


def test_staff_preview_of_any_revision_is_never_cached(client, team):
    article = make_ready_article("Staff preview", created_by=team.contributor)
    workflow.record_edit(article, by=team.contributor)
    client.force_login(team.editor)
    url = reverse("admin:articles_article_preview", args=[article.pk, article.revisions.first().pk])
    response = client.get(url)
    assert response.status_code == 200 and "Staff preview" in response.content.decode()
    assert {"private", "no-store"} <= cache_directives(response)
