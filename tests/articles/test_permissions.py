"""Every role × every transition and every admin URL of an article, per the permission table."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, EditorNote, PreviewLink, Status
from tests.factories import make_ready_article

pytestmark = pytest.mark.django_db

ROLES = ["contributor", "contributor2", "editor", "managing", "bio"]

# Who may perform each transition on a piece written and submitted by `contributor`.
TRANSITION_TABLE = {
    "submit": {"contributor", "editor", "managing"},
    "request_changes": {"editor", "managing"},
    "approve": {"editor", "managing"},
    "publish": {"managing"},
    "unschedule": {"managing"},
    "withdraw": {"managing"},
    "redraft": {"managing"},
}


def article_ready_for(name, team):
    """An article by the contributor, in the state ``name`` starts from."""
    article = make_ready_article(created_by=team.contributor)
    if name == "submit":
        return article
    workflow.submit(article, by=team.contributor)
    if name in ("request_changes", "approve"):
        return article
    workflow.approve(article, by=team.editor2)
    if name == "publish":
        return article
    if name == "unschedule":
        at = timezone.now() + datetime.timedelta(days=1)
        return workflow.publish(article, by=team.managing, at=at)
    workflow.publish(article, by=team.managing)
    if name == "redraft":
        workflow.withdraw(article, by=team.managing, comment="x")
    return article


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(TRANSITION_TABLE))
def test_transition_permission_matrix(team, role, name):
    article = article_ready_for(name, team)
    user = getattr(team, role)
    before = Article.objects.get(pk=article.pk).status
    kwargs = {"comment": "Because."}
    if role in TRANSITION_TABLE[name]:
        workflow.perform(article, name, by=user, **kwargs)
        assert Article.objects.get(pk=article.pk).status == workflow.TRANSITIONS[name].target
    else:
        with pytest.raises((PermissionDenied, workflow.InvalidTransition)):
            workflow.perform(article, name, by=user, **kwargs)
        assert Article.objects.get(pk=article.pk).status == before


# --- admin URLs -------------------------------------------------------------------------

OK, REFUSED = "ok", "refused"


def outcome(response):
    if response.status_code == 200:
        return OK
    if response.status_code == 302:
        target = response.url
        if "/login/" in target or target.rstrip("/") == "/admin":
            return REFUSED  # the admin's "not found / not allowed" bounce
        if refused_with_a_message(response):
            return REFUSED  # sent back to the article with the reason
        return OK
    return REFUSED


def refused_with_a_message(response):
    from django.contrib import messages

    request = getattr(response, "wsgi_request", None)
    if request is None:
        return False
    return any(m.level == messages.ERROR for m in messages.get_messages(request))


def admin_urls(article, note, link, revision):
    a = article.pk
    return {
        "changelist": ("get", reverse("admin:articles_article_changelist"), {}),
        "change": ("get", reverse("admin:articles_article_change", args=[a]), {}),
        "revisions": ("get", reverse("admin:articles_article_revisions", args=[a]), {}),
        "compare": ("get", reverse("admin:articles_article_compare", args=[a]),
                    {"a": revision.pk}),
        "preview": ("get", reverse("admin:articles_article_preview", args=[a, revision.pk]), {}),
        "delete": ("get", reverse("admin:articles_article_delete", args=[a]), {}),
        "add_note": ("post", reverse("admin:articles_article_add_note", args=[a]),
                     {"comment": "A note"}),
        "resolve_note": ("post", reverse("admin:articles_article_resolve_note", args=[a, note.pk]),
                         {}),
        "restore": ("post", reverse("admin:articles_article_restore", args=[a, revision.pk]), {}),
        "preview_link": ("post", reverse("admin:articles_article_create_preview_link", args=[a]),
                         {"days": 3}),
        "revoke_link": ("post",
                        reverse("admin:articles_article_revoke_preview_link", args=[a, link.pk]),
                        {}),
        "submit": ("post", reverse("admin:articles_article_transition", args=[a, "submit"]), {}),
        "view_on_site": ("get", reverse("admin:view_on_site", args=[article_type().pk, a]), {}),
    }  # fmt: skip


def article_type():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Article)


# For a draft written by `contributor`, with an editor's note on it.
URL_TABLE = {
    "changelist": {"contributor", "contributor2", "editor", "managing"},
    "change": {"contributor", "editor", "managing"},
    "revisions": {"contributor", "editor", "managing"},
    "compare": {"contributor", "editor", "managing"},
    "preview": {"contributor", "editor", "managing"},
    "delete": {"managing"},
    "add_note": {"contributor", "editor", "managing"},
    "resolve_note": {"editor", "managing"},
    "restore": {"contributor", "editor", "managing"},
    "preview_link": {"editor", "managing"},
    "revoke_link": {"editor", "managing"},
    "submit": {"contributor", "editor", "managing"},
    "view_on_site": {"contributor", "editor", "managing"},
}


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
@pytest.mark.parametrize("url_name", sorted(URL_TABLE))
def test_admin_url_permission_matrix(client, team, role, url_name):
    article = make_ready_article("Matrix piece", created_by=team.contributor)
    workflow.record_edit(article, by=team.contributor)
    revision = article.revisions.first()
    note = EditorNote.objects.create(article=article, body="Fix it", author=team.editor)
    link = PreviewLink.objects.create(
        article=article, revision=revision, expires_at=timezone.now() + datetime.timedelta(days=1)
    )
    if role != "anonymous":
        client.force_login(getattr(team, role))
    method, url, data = admin_urls(article, note, link, revision)[url_name]
    before = (Article.objects.get(pk=article.pk).status, EditorNote.objects.count(),
              PreviewLink.objects.count(), article.revisions.count())  # fmt: skip
    response = getattr(client, method)(url, data)
    expected = OK if role in URL_TABLE[url_name] else REFUSED
    assert outcome(response) == expected, (response.status_code, getattr(response, "url", ""))
    if url_name == "changelist" and role == "contributor2":
        assert "Matrix piece" not in response.content.decode()
    if expected == REFUSED and method == "post":
        after = (Article.objects.get(pk=article.pk).status, EditorNote.objects.count(),
                 PreviewLink.objects.count(), article.revisions.count())  # fmt: skip
        assert after == before
        note.refresh_from_db()
        link.refresh_from_db()
        assert note.resolved_at is None and link.revoked_at is None


@pytest.mark.parametrize("role", ["contributor2", "bio"])
def test_other_people_cannot_change_or_delete_an_article_by_url(client, team, role):
    article = make_ready_article("Not yours", created_by=team.contributor)
    client.force_login(getattr(team, role))
    from .admin_helpers import form_data

    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        form_data(article, title="Hijacked"),
    )
    assert outcome(response) == REFUSED
    client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    assert Article.objects.get(pk=article.pk).title == "Not yours"


def test_contributor_cannot_edit_own_article_while_it_is_in_review(client, team):
    from .admin_helpers import form_data

    article = make_ready_article("Under review", created_by=team.contributor)
    workflow.submit(article, by=team.contributor)
    client.force_login(team.contributor)
    client.post(reverse("admin:articles_article_change", args=[article.pk]),
                form_data(article, title="Changed during review"))  # fmt: skip
    assert Article.objects.get(pk=article.pk).title == "Under review"


def test_nobody_edits_a_live_article_directly(client, team):
    from .admin_helpers import form_data

    article = article_ready_for("withdraw", team)  # live
    for user in (team.contributor, team.editor, team.managing):
        client.force_login(user)
        client.post(reverse("admin:articles_article_change", args=[article.pk]),
                    form_data(article, title="Silently changed"))  # fmt: skip
    assert Article.objects.get(pk=article.pk).title != "Silently changed"


def test_published_articles_cannot_be_deleted_even_by_managing_editors(client, team):
    article = article_ready_for("withdraw", team)
    client.force_login(team.managing)
    response = client.post(reverse("admin:articles_article_delete", args=[article.pk]),
                           {"post": "yes"})  # fmt: skip
    assert outcome(response) == REFUSED
    assert Article.objects.filter(pk=article.pk).exists()
    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED


# --- picture pages and note edits -------------------------------------------------------

# For a picture on the contributor's draft (`spare`) and one on a live article (`live`).
PICTURE_URL_TABLE = {
    "changelist": ROLES,
    "change": ROLES,  # read-only for whoever may only view
    "change_post": {"contributor", "contributor2", "editor", "managing", "bio"},
    "change_post_live": {"managing", "bio"},
    "delete": {"managing"},
    "delete_post": {"managing"},
    "delete_post_live": {"managing"},
}


def picture_urls(spare, live):
    change = "admin:images_imagecredit_change"
    delete = "admin:images_imagecredit_delete"
    data = {"title": "T", "alt_text": "Changed words"}
    live_confirmed = {"post": "yes", "live_pages": str(live.lead_of.get().pk)}
    return {
        "changelist": ("get", reverse("admin:images_imagecredit_changelist"), {}),
        "change": ("get", reverse(change, args=[spare.pk]), {}),
        "change_post": ("post", reverse(change, args=[spare.pk]), data),
        "change_post_live": ("post", reverse(change, args=[live.pk]), data),
        "delete": ("get", reverse(delete, args=[spare.pk]), {}),
        "delete_post": ("post", reverse(delete, args=[spare.pk]), {"post": "yes"}),
        "delete_post_live": ("post", reverse(delete, args=[live.pk]), live_confirmed),
    }


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
@pytest.mark.parametrize("url_name", sorted(PICTURE_URL_TABLE))
def test_picture_url_permission_matrix(client, team, role, url_name):
    from prospect.images.models import ImageCredit
    from tests.factories import make_article, make_picture

    spare = make_picture(alt_text="Original words")
    make_ready_article("Draft with picture", created_by=team.contributor, lead_image=spare)
    live = make_picture(alt_text="Original words")
    make_article("Live with picture", lead_image=live, status="published")
    if role != "anonymous":
        client.force_login(getattr(team, role))
    method, url, data = picture_urls(spare, live)[url_name]
    response = getattr(client, method)(url, data)
    expected = OK if role in PICTURE_URL_TABLE[url_name] else REFUSED
    assert outcome(response) == expected, (response.status_code, getattr(response, "url", ""))
    if expected == REFUSED and method == "post":
        for picture in (spare, live):
            assert ImageCredit.objects.filter(pk=picture.pk, alt_text="Original words").exists()


# An Editor's Note (public) on the contributor's draft: only editors rewrite it.
NOTE_EDIT_TABLE = {"editor", "managing"}


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_note_edit_permission_matrix(client, team, role):
    article = make_ready_article("Noted piece", created_by=team.contributor)
    note = EditorNote.objects.create(
        article=article, kind=EditorNote.Kind.EDITORS_NOTE, body="As written", author=team.editor
    )
    if role != "anonymous":
        client.force_login(getattr(team, role))
    url = reverse("admin:articles_editornote_change", args=[note.pk])
    response = client.post(url, {"body": "Rewritten"})
    expected = OK if role in NOTE_EDIT_TABLE else REFUSED
    assert outcome(response) == expected, (response.status_code, getattr(response, "url", ""))
    note.refresh_from_db()
    assert (note.body == "Rewritten") is (expected == OK)
