"""Four eyes, embargoes and approvals that cover exactly what readers will see."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, EditorNote, Status
from authors.models import Affiliation
from tests.factories import (
    make_approved_article,
    make_author,
    make_picture,
    make_ready_article,
    make_submitted_article,
)

pytestmark = pytest.mark.django_db


def edit(article, by, **changes):
    for name, value in changes.items():
        setattr(article, name, value)
    article.updated_by = by
    article.save()
    return workflow.record_edit(article, by=by)


# --- item 2: restore is the restorer's edit ------------------------------------------------------


def test_restoring_ones_own_revision_counts_as_ones_own_edit(team):
    article = make_submitted_article(team)
    edit(article, team.editor, body="<p>The editor's paragraph.</p>")
    mine = article.revisions.first()
    edit(article, team.editor2, body="<p>A colleague removed it.</p>")
    workflow.restore(article, mine, by=team.editor)
    article.refresh_from_db()
    assert article.updated_by == team.editor
    assert article.revisions.first().created_by == team.editor
    with pytest.raises(PermissionDenied, match="Someone else must approve"):
        workflow.approve(article, by=team.editor)
    workflow.approve(article, by=team.editor2)  # a second pair of eyes still can


def test_restoring_into_a_working_copy_counts_as_the_restorers_edit(team):
    article = make_approved_article(team)
    old = article.revisions.last()
    workflow.publish(article, by=team.managing)
    copy = workflow.restore(article, old, by=team.editor)
    assert copy.updated_by == team.editor
    workflow.submit(copy, by=team.editor)
    with pytest.raises(PermissionDenied):
        workflow.approve(copy, by=team.editor)


# --- item 3: approval covers the picture's content and the public notes -------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"alt_text": "Something else entirely"},
        {"caption": "A new caption"},
        {"credit_source": "Another agency"},
        {"credit_url": "https://example.org/other"},
    ],
)
def test_approval_fingerprint_covers_the_pictures_content(team, change):
    article = make_approved_article(team)
    picture = article.lead_image
    for name, value in change.items():
        setattr(picture, name, value)
    picture.save()
    article.refresh_from_db()
    with pytest.raises(workflow.InvalidTransition, match="needs a new approval"):
        workflow.publish(article, by=team.managing)


def test_approval_fingerprint_covers_a_replaced_picture_file(team):
    from django.core.files.base import ContentFile

    from tests.factories import image_bytes

    article = make_approved_article(team)
    picture = article.lead_image
    old_hash = picture.file_sha256
    picture.image = ContentFile(image_bytes(size=(50, 50)), name="replacement.jpg")
    picture.save()
    assert picture.file_sha256 and picture.file_sha256 != old_hash
    with pytest.raises(workflow.InvalidTransition, match="needs a new approval"):
        workflow.publish(Article.objects.get(pk=article.pk), by=team.managing)


def test_a_public_note_added_after_approval_voids_it(team):
    article = make_approved_article(team)
    EditorNote.objects.create(article=article, kind=EditorNote.Kind.EDITORS_NOTE, body="Unread")
    edit(article, team.editor2)
    assert article.status == Status.IN_REVIEW
    with pytest.raises(workflow.InvalidTransition):
        workflow.publish(article, by=team.managing)


def test_an_internal_comment_after_approval_does_not_void_it(team):
    article = make_approved_article(team)
    EditorNote.objects.create(article=article, body="Looks good", author=team.editor2)
    workflow.publish(article, by=team.managing)
    assert article.is_live()


def _change_picture(client, user, picture, **changes):
    data = {"title": picture.title, "alt_text": picture.alt_text,
            "credit_source": picture.credit_source, **changes}  # fmt: skip
    client.force_login(user)
    return client.post(reverse("admin:images_imagecredit_change", args=[picture.pk]), data)


@pytest.mark.parametrize("state", ["approved", "scheduled"])
def test_a_shared_picture_of_an_approved_or_scheduled_article_is_refused_to_others(
    client, team, state
):
    article = make_approved_article(team)
    if state == "scheduled":
        workflow.publish(article, by=team.managing, at=timezone.now() + datetime.timedelta(days=1))
    picture = article.lead_image
    for person in (team.contributor, team.editor, team.bio):
        _change_picture(client, person, picture, alt_text="Quietly swapped")
        picture.refresh_from_db()
        assert picture.alt_text != "Quietly swapped", person
    article.refresh_from_db()
    assert article.status == (Status.APPROVED if state == "approved" else Status.PUBLISHED)


@pytest.mark.parametrize("state", ["approved", "scheduled"])
def test_a_managing_editor_changing_a_shared_picture_voids_the_approval_and_is_told(
    client, team, state
):
    article = make_approved_article(team)
    if state == "scheduled":
        workflow.publish(article, by=team.managing, at=timezone.now() + datetime.timedelta(days=1))
    picture = article.lead_image
    response = _change_picture(client, team.managing, picture, alt_text="A better description")
    picture.refresh_from_db()
    assert picture.alt_text == "A better description"
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW and article.publish_at is None
    assert not Article.objects.live().filter(pk=article.pk).exists()
    assert article.events.filter(action="approval_voided", actor=team.managing).exists()
    told = [str(m) for m in response.wsgi_request._messages]
    assert any("voided the approval" in m and article.title in m for m in told)


def test_a_library_only_change_to_a_picture_voids_nothing(client, team):
    article = make_approved_article(team)
    _change_picture(client, team.managing, article.lead_image, title="Renamed in the library")
    article.refresh_from_db()
    assert article.status == Status.APPROVED


def test_a_listed_authors_portrait_changes_only_through_bio_staff_and_managing_editors(
    client, team
):
    portrait = make_picture(alt_text="Portrait")
    make_author("Listed Person", portrait=portrait, listed=True)
    for person, allowed in [(team.contributor, False), (team.editor, False),
                            (team.bio, True), (team.managing, True)]:  # fmt: skip
        _change_picture(client, person, portrait, alt_text=f"By {person.username}")
        portrait.refresh_from_db()
        assert (portrait.alt_text == f"By {person.username}") is allowed, person


# --- item 5: freezing at scheduling is not an edit -----------------------------------------------


def test_cancelling_a_schedule_keeps_the_approval_and_publish_now(team):
    article = make_approved_article(team)
    assert article.bylines.get().bio_line == ""  # approved before any line was frozen
    at = timezone.now() + datetime.timedelta(days=1)
    workflow.publish(article, by=team.managing, at=at)
    assert article.bylines.get().bio_line  # frozen at scheduling
    workflow.unschedule(article, by=team.managing)
    assert article.status == Status.APPROVED
    assert "publish" in [t.name for t in workflow.available(article, team.managing)]
    workflow.publish(article, by=team.managing)
    assert article.is_live()


def test_scheduling_says_scheduled_and_not_public(client, team):
    from tests.articles.admin_helpers import transition_url

    article = make_approved_article(team)
    client.force_login(team.managing)
    at = timezone.localtime(timezone.now() + datetime.timedelta(days=2))
    response = client.post(
        transition_url(article, "publish"), {"publish_at": f"{at:%Y-%m-%dT%H:%M}"}, follow=True
    )
    html = response.content.decode()
    assert f"Scheduled for {at:%Y-%m-%d %H:%M}" in html
    assert "Publish: done." not in html
    assert "This article is public" not in html and "not public" in html


# --- item 6: restore never rewrites a frozen bio line --------------------------------------------


def test_restore_never_rewrites_a_live_articles_frozen_bio_line(team):
    author = make_author(title="Research Fellow")
    article = make_ready_article(created_by=team.contributor, authors=[author])
    before_publication = article.revisions.first() or workflow.record_edit(
        article, by=team.contributor
    )
    assert before_publication.data["bylines"][0]["bio_line"] == ""
    workflow.submit(article, by=team.contributor)
    workflow.approve(article, by=team.editor)
    workflow.publish(article, by=team.managing)
    frozen = article.bylines.get().bio_line
    assert "Research Fellow" in frozen
    Affiliation.objects.filter(author=author).update(title="Minister of Everything")
    copy = workflow.restore(article, before_publication, by=team.editor)
    assert copy.bylines.get().bio_line == frozen
    workflow.submit(copy, by=team.editor)
    workflow.approve(copy, by=team.editor2)
    live = workflow.publish(copy, by=team.managing)
    assert live.bylines.get().bio_line == frozen


# --- item 4: a scheduled update is an embargo like a first publication ---------------------------


def scheduled_update(team, at, **changes):
    article = make_approved_article(team, title="The old title")
    workflow.publish(article, by=team.managing)
    copy = workflow.start_working_copy(article, by=team.editor)
    EditorNote.objects.create(article=copy, kind="correction", body="The figures were corrected.")
    edit(copy, team.editor, **changes)
    workflow.submit(copy, by=team.editor)
    workflow.approve(copy, by=team.editor2)
    workflow.publish(copy, by=team.managing, at=at)
    return article, copy


def test_a_scheduled_update_keeps_the_old_text_public_until_its_time(client, team):
    at = timezone.now() + datetime.timedelta(hours=2)
    article, copy = scheduled_update(team, at, title="The new title")
    url = article.get_absolute_url()
    assert Article.objects.live().get().title == "The old title"
    html = client.get(url).content.decode()
    assert "The old title" in html and "The new title" not in html
    assert "The figures were corrected." not in html
    with time_machine.travel(at + datetime.timedelta(minutes=1)):
        # No job has run: the update is public by query time, at the same address.
        live = Article.objects.live().get()
        assert live.title == "The new title" and live.get_absolute_url() == url
        html = client.get(url).content.decode()
        assert "The new title" in html and "The figures were corrected." in html
        workflow.announce_due()
    live = Article.objects.live().get()
    assert live.pk == article.pk and live.title == "The new title"
    assert not Article.objects.filter(pk=copy.pk).exists()
    assert live.events.filter(action="publish_changes").count() == 1


def test_cancelling_a_scheduled_update_keeps_the_live_article_as_it_is(client, team):
    at = timezone.now() + datetime.timedelta(hours=2)
    _, copy = scheduled_update(team, at, title="The new title")
    workflow.unschedule(copy, by=team.managing)
    copy.refresh_from_db()
    assert copy.status == Status.APPROVED and copy.publish_at is None
    with time_machine.travel(at + datetime.timedelta(minutes=1)):
        assert Article.objects.live().get().title == "The old title"
        assert workflow.announce_due() == []
    workflow.publish(copy, by=team.managing)  # the approval still holds
    assert Article.objects.live().get().title == "The new title"


def test_a_scheduled_update_due_is_folded_before_any_further_step(team):
    at = timezone.now() + datetime.timedelta(minutes=30)
    article, _ = scheduled_update(team, at, title="The new title")
    with time_machine.travel(at + datetime.timedelta(minutes=1)):
        workflow.withdraw(article, by=team.managing, comment="Legal request")
    article.refresh_from_db()
    assert article.status == Status.WITHDRAWN and article.title == "The new title"
    assert not Article.objects.live().exists()


# --- item 7: old revisions follow an author merge ------------------------------------------------


def test_old_revisions_follow_an_author_merge_in_restore_and_preview(client, team):
    from authors.merge import merge

    keep, duplicate = (
        make_author("Hideshi Tokuchi", title="President"),
        make_author("TOKUCHI Hideshi", title="President"),
    )
    article = make_ready_article(created_by=team.contributor, authors=[duplicate])
    old = workflow.record_edit(article, by=team.contributor)
    merge(keep, duplicate)
    client.force_login(team.editor)
    preview = client.get(
        reverse("admin:articles_article_preview", args=[article.pk, old.pk])
    ).content.decode()
    assert "Hideshi Tokuchi" in preview
    response = client.post(reverse("admin:articles_article_restore", args=[article.pk, old.pk]))
    assert response.status_code == 302
    assert [b.author for b in Article.objects.get(pk=article.pk).ordered_bylines()] == [keep]


def test_a_revision_bylining_both_merged_records_keeps_one_byline(team):
    from authors.merge import merge

    keep, duplicate = make_author("A One", title="Fellow"), make_author("One A", title="Fellow")
    article = make_ready_article(created_by=team.contributor, authors=[keep, duplicate])
    old = workflow.record_edit(article, by=team.contributor)
    merge(keep, duplicate)
    workflow.restore(article, old, by=team.contributor)
    assert [b.author for b in article.ordered_bylines()] == [keep]


# --- item 11: preview links end with the article's public track ----------------------------------


def test_preview_links_stop_working_once_withdrawn_or_returned_to_draft(client, team):
    from articles.models import PreviewLink

    article = make_approved_article(team, title="Embargoed analysis")
    link = PreviewLink.objects.create(
        article=article, revision=article.revisions.first(),
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )  # fmt: skip
    assert client.get(link.shared_path()).status_code == 200
    workflow.publish(article, by=team.managing)
    assert client.get(link.shared_path()).status_code == 200
    workflow.withdraw(article, by=team.managing, comment="Legal request")
    assert client.get(link.shared_path()).status_code == 404
    while_withdrawn = PreviewLink.objects.create(
        article=article, revision=article.revisions.first(),
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )  # fmt: skip
    workflow.redraft(article, by=team.managing)
    assert client.get(while_withdrawn.shared_path()).status_code == 404


# --- review comments are a record ----------------------------------------------------------------


@pytest.mark.parametrize("who", ["editor2", "managing", "contributor"])
def test_review_comments_are_immutable_once_posted(client, team, who):
    article = make_submitted_article(team)
    comment = EditorNote.objects.create(
        article=article, body="Check the figures.", author=team.editor
    )
    client.force_login(getattr(team, who))
    url = reverse("admin:articles_editornote_change", args=[comment.pk])
    client.post(url, {"body": "Looks perfect, approve it."})
    client.post(reverse("admin:articles_editornote_delete", args=[comment.pk]), {"post": "yes"})
    comment.refresh_from_db()
    assert comment.body == "Check the figures."


def test_editing_a_public_note_in_the_admin_voids_the_approval(client, team):
    article = make_submitted_article(team)
    note = EditorNote.objects.create(
        article=article, kind=EditorNote.Kind.EDITORS_NOTE, body="As approved."
    )
    workflow.approve(article, by=team.editor)
    client.force_login(team.editor2)
    client.post(
        reverse("admin:articles_editornote_change", args=[note.pk]),
        {"body": "Rewritten after approval."},
    )
    note.refresh_from_db()
    article.refresh_from_db()
    assert note.body == "Rewritten after approval."
    assert article.status == Status.IN_REVIEW


# --- the second attempt after a stale save ----------------------------------------------------


def test_saving_again_after_a_stale_refusal_applies_only_ones_own_changes(client, team):
    from tests.articles.admin_helpers import change_url, form_data

    article = make_ready_article("Shared piece", created_by=team.editor, summary="Old summary.")
    workflow.record_edit(article, by=team.editor)
    stale = form_data(article, title="Editor two's title")  # opened by editor2, who retitles …
    client.force_login(team.editor)  # … while editor one rewrites the summary and saves first
    client.post(change_url(article), form_data(article, summary="Editor one's summary."))
    client.force_login(team.editor2)
    refused = client.post(change_url(article), stale)
    assert refused.status_code == 200
    again = refused.context["adminform"].form.data
    assert again["summary"] == "Editor one's summary."  # theirs, untouched by me
    assert client.post(change_url(article), again).status_code == 302
    saved = Article.objects.get(pk=article.pk)
    assert (saved.title, saved.summary) == ("Editor two's title", "Editor one's summary.")


@pytest.mark.parametrize("keep_theirs", [False, True])
def test_a_field_both_people_changed_shows_both_values_and_the_person_chooses(
    client, team, keep_theirs
):
    from tests.articles.admin_helpers import change_url, form_data

    article = make_ready_article("Shared piece", created_by=team.editor)
    workflow.record_edit(article, by=team.editor)
    stale = form_data(article, title="Editor two's title")
    client.force_login(team.editor)
    client.post(change_url(article), form_data(article, title="Editor one's title"))
    client.force_login(team.editor2)
    refused = client.post(change_url(article), stale)
    html = refused.content.decode()
    assert "Changed by both of you" in html
    assert "Editor one&#x27;s title" in html and "Editor two&#x27;s title" in html
    again = refused.context["adminform"].form.data.copy()
    if keep_theirs:
        again["keep_theirs"] = "title"
    assert client.post(change_url(article), again).status_code == 302
    expected = "Editor one's title" if keep_theirs else "Editor two's title"
    assert Article.objects.get(pk=article.pk).title == expected


def test_withdrawing_an_article_cancels_its_scheduled_update(team):
    at = timezone.now() + datetime.timedelta(hours=2)
    article, copy = scheduled_update(team, at, title="The new title")
    workflow.withdraw(article, by=team.managing, comment="Legal request")
    with time_machine.travel(at + datetime.timedelta(minutes=1)):
        assert not Article.objects.live().exists()
        workflow.announce_due()
    copy.refresh_from_db()
    assert copy.status == Status.APPROVED and copy.publish_at is None
    assert Article.objects.get(pk=article.pk).status == Status.WITHDRAWN


def test_the_live_articles_panel_says_its_update_is_scheduled(client, team):
    at = timezone.now() + datetime.timedelta(hours=2)
    article, _ = scheduled_update(team, at, title="The new title")
    client.force_login(team.managing)
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert f"scheduled for {timezone.localtime(at):%Y-%m-%d %H:%M}" in html


def test_a_scheduled_update_has_a_working_change_page(client, team):
    at = timezone.now() + datetime.timedelta(hours=2)
    _, copy = scheduled_update(team, at, title="The new title")
    client.force_login(team.managing)
    response = client.get(reverse("admin:articles_article_change", args=[copy.pk]))
    assert response.status_code == 200
    assert "Cancel the schedule" in response.content.decode()


def test_an_old_revision_whose_series_and_picture_were_deleted_still_previews_and_restores(
    client, team
):
    from tests.factories import make_series

    old_series = make_series("Retired series")
    article = make_ready_article(created_by=team.contributor, series=old_series)
    old = workflow.record_edit(article, by=team.contributor)
    picture = article.lead_image
    article.series = make_series("Current series")
    article.lead_image = make_picture(credit_source="Agency")
    article.save()
    workflow.record_edit(article, by=team.contributor)
    old_series.delete()
    picture.delete()
    client.force_login(team.editor)
    preview = client.get(reverse("admin:articles_article_preview", args=[article.pk, old.pk]))
    assert preview.status_code == 200
    restored = client.post(reverse("admin:articles_article_restore", args=[article.pk, old.pk]))
    assert restored.status_code == 302
    assert Article.objects.get(pk=article.pk).series.name == "Current series"


def test_a_taken_address_is_refused_with_a_clear_message(client, team):
    from tests.articles.admin_helpers import change_url, form_data

    make_ready_article("Taken", slug="taken-address")
    article = make_ready_article("Mine", created_by=team.editor)
    client.force_login(team.editor)
    response = client.post(change_url(article), form_data(article, slug="taken-address"))
    assert response.status_code == 200
    assert "Another article already has this address (slug)." in response.content.decode()


def test_a_picture_change_on_an_update_just_gone_live_folds_it_without_error(client, team):
    at = timezone.now() + datetime.timedelta(minutes=30)
    article, _ = scheduled_update(team, at, title="The new title")
    with time_machine.travel(at + datetime.timedelta(minutes=1)):
        response = _change_picture(client, team.managing, article.lead_image, alt_text="Newer")
        assert response.status_code == 302
        live = Article.objects.live().get()
    assert live.pk == article.pk and live.title == "The new title"


def test_a_voided_schedule_tells_the_submitter_and_the_editors(
    client, team, django_capture_on_commit_callbacks
):
    from django.core import mail

    article = make_approved_article(team)
    workflow.publish(article, by=team.managing, at=timezone.now() + datetime.timedelta(days=1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _change_picture(client, team.managing, article.lead_image, alt_text="Another view")
    sent = {m.to[0]: m for m in mail.outbox}
    assert {team.contributor.email, team.editor.email} <= set(sent)
    assert team.managing.email not in sent  # the one who did it knows
    body = sent[team.contributor.email].body
    assert "schedule is cancelled" in body and "needs a new approval" in body


# --- one place for corrections: the working copy's own notes, under review ------------------------


def test_a_working_copy_shows_the_articles_editors_note_and_corrections(team):
    article = make_approved_article(team)
    workflow.publish(article, by=team.managing)
    EditorNote.objects.create(article=article, kind="editors_note", body="Views are the author's.")
    EditorNote.objects.create(article=article, kind="correction", body="An earlier fix.")
    printed = {(n.kind, n.body, n.created_at) for n in article.notes.public()}
    copy = workflow.start_working_copy(article, by=team.editor)
    assert {(n.kind, n.body, n.created_at) for n in copy.notes.public()} == printed


def test_a_correction_added_after_approval_is_reviewed_and_dated_when_it_goes_out(team):
    article = make_approved_article(team)
    workflow.publish(article, by=team.managing)
    copy = workflow.start_working_copy(article, by=team.editor)
    edit(copy, team.editor, title="Clarified")
    workflow.submit(copy, by=team.editor)
    workflow.approve(copy, by=team.editor2)
    EditorNote.objects.create(article=copy, kind="correction", body="Slipped in late.")
    workflow.record_edit(copy, by=team.editor)
    copy.refresh_from_db()
    assert copy.status == Status.IN_REVIEW  # the approval did not cover the correction
    workflow.approve(copy, by=team.editor2)
    at = timezone.now() + datetime.timedelta(hours=3)
    workflow.publish(copy, by=team.managing, at=at)
    with time_machine.travel(at + datetime.timedelta(minutes=1)):
        workflow.announce_due()
    live = Article.objects.live().get()
    assert [(c.body, c.created_at) for c in live.corrections()] == [("Slipped in late.", at)]


def test_removing_a_correction_goes_through_review_like_any_edit(team):
    article = make_approved_article(team)
    workflow.publish(article, by=team.managing)
    EditorNote.objects.create(article=article, kind="correction", body="Mistaken correction.")
    copy = workflow.start_working_copy(article, by=team.editor)
    copy.notes.filter(kind="correction").delete()
    edit(copy, team.editor)
    assert Article.objects.live().get().corrections()  # still printed until the update is out
    workflow.submit(copy, by=team.editor)
    workflow.approve(copy, by=team.editor2)
    workflow.publish(copy, by=team.managing)
    assert list(Article.objects.live().get().corrections()) == []
