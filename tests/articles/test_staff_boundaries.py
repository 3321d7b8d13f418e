"""What staff see beyond their role: the admin's "View on site" shortcut, picture usage, topics,
the account linked to an author, and who uploaded a picture."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles import workflow
from articles.models import PreviewLink
from authors.models import Author
from prospect.images.models import ImageCredit
from tests.factories import (
    image_bytes,
    make_article,
    make_author,
    make_picture,
    make_ready_article,
    make_user,
)

pytestmark = pytest.mark.django_db


def shortcut(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:view_on_site", args=[content_type.pk, obj.pk])


def live_preview_link(article):
    workflow.record_edit(article, by=None)
    return PreviewLink.objects.create(
        article=article,
        revision=article.revisions.first(),
        expires_at=timezone.now() + datetime.timedelta(days=3),
    )


@pytest.mark.parametrize("role", ["contributor", "contributor2", "editor", "managing", "bio"])
def test_view_on_site_shortcut_never_hands_out_a_preview_token(client, team, role):
    link = live_preview_link(make_ready_article("Embargoed draft", created_by=team.contributor))
    client.force_login(getattr(team, role))
    response = client.get(shortcut(link))
    assert response.status_code == 404
    assert link.token not in response.get("Location", "") + response.content.decode()


def test_a_preview_link_has_no_public_address_for_generic_code():
    assert not hasattr(PreviewLink, "get_absolute_url")


@pytest.mark.parametrize("role", ["contributor2", "bio"])
def test_view_on_site_shortcut_never_turns_a_hidden_article_id_into_its_slug(client, team, role):
    article = make_ready_article("Someone else's secret plan", created_by=team.contributor)
    client.force_login(getattr(team, role))
    response = client.get(shortcut(article))
    assert response.status_code == 404
    assert article.slug not in response.get("Location", "")


def test_view_on_site_shortcut_answers_for_objects_the_user_may_open(client, team):
    article = make_article("Open to all", status="published")
    client.force_login(team.contributor2)  # contributors open only their own pieces
    assert client.get(shortcut(article)).status_code == 404
    client.force_login(team.editor)
    response = client.get(shortcut(article))
    assert response.status_code == 302 and response.url == article.get_absolute_url()


@pytest.mark.parametrize("garbage", [("999999", "1"), ("abc", "1"), ("1", "x' OR 1=1")])
def test_view_on_site_shortcut_treats_bad_ids_as_missing(client, team, garbage):
    client.force_login(team.managing)
    response = client.get(f"/admin/r/{garbage[0]}/{garbage[1]}/")
    assert response.status_code == 404


def test_view_on_site_shortcut_sends_strangers_to_the_login_page(client):
    article = make_article("Anything", status="published")
    response = client.get(shortcut(article))
    assert response.status_code == 302 and "/login/" in response.url


# --- pictures ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["contributor2", "bio"])
def test_picture_used_by_lists_only_articles_the_viewer_may_open(client, team, role):
    picture = make_picture(title="Shared harbour")
    make_ready_article("Unannounced merger", created_by=team.contributor, lead_image=picture)
    client.force_login(getattr(team, role))
    html = client.get(reverse("admin:images_imagecredit_change", args=[picture.pk])).content
    html = html.decode()
    assert "Unannounced merger" not in html
    assert "Also used on 1 page you cannot open" in html


def test_picture_used_by_lists_articles_to_those_who_may_open_them(client, team):
    picture = make_picture(title="Shared harbour")
    make_ready_article("Unannounced merger", created_by=team.contributor, lead_image=picture)
    for user in (team.contributor, team.editor):
        client.force_login(user)
        page = client.get(reverse("admin:images_imagecredit_change", args=[picture.pk]))
        assert "Article: Unannounced merger" in page.content.decode()


def test_uploaded_by_is_set_by_the_server_and_cannot_be_forged(client, team):
    client.force_login(team.contributor)
    client.post(
        reverse("admin:images_imagecredit_add"),
        {"title": "Mine", "alt_text": "A picture", "credit_source": "Agency",
         "uploaded_by": team.managing.pk, "image": SimpleUploadedFile("p.jpg", image_bytes())},
    )  # fmt: skip
    picture = ImageCredit.objects.get(title="Mine")
    assert picture.uploaded_by == team.contributor
    client.post(
        reverse("admin:images_imagecredit_change", args=[picture.pk]),
        {"title": "Mine", "alt_text": "A picture", "uploaded_by": team.managing.pk},
    )
    picture.refresh_from_db()
    assert picture.uploaded_by == team.contributor


# --- topics ---------------------------------------------------------------------------------


def test_tag_list_shows_contributors_only_topics_they_may_see(client, team):
    make_ready_article("Private piece", created_by=team.contributor, tags=["Secret merger"])
    make_ready_article("Own piece", created_by=team.contributor2, tags=["My own topic"])
    make_article("Public piece", status="published", tags=["Harbours"])
    url = reverse("admin:taggit_tag_changelist")
    client.force_login(team.contributor2)
    html = client.get(url).content.decode()
    assert "Harbours" in html and "My own topic" in html
    assert "Secret merger" not in html
    secret = Tag.objects.get(name="Secret merger")
    response = client.get(reverse("admin:taggit_tag_change", args=[secret.pk]))
    assert response.status_code == 302 and response.url.rstrip("/").endswith("/admin")
    client.force_login(team.editor)
    assert "Secret merger" in client.get(url).content.decode()


def test_nobody_merges_topics_through_the_unchecked_tag_merge_page(client, team):
    client.force_login(team.contributor)
    response = client.post("/admin/taggit/tag/merge-tags/", {"new_tag_name": "Hijack"})
    assert response.status_code in (302, 404)
    assert not Tag.objects.filter(name="Hijack").exists()


# --- the account behind an author --------------------------------------------------------


def author_form(author, **changes):
    data = {
        "display_name": author.display_name, "sort_name": author.sort_name,
        "slug": author.slug, "listed": "on", "user": "",
        "affiliations-TOTAL_FORMS": "0", "affiliations-INITIAL_FORMS": "0",
        "links-TOTAL_FORMS": "0", "links-INITIAL_FORMS": "0",
    }  # fmt: skip
    return {**data, **changes}


def test_bio_staff_cannot_attach_a_superuser_or_non_staff_account_to_an_author(client, team):
    boss = make_user("rootboss", is_staff=True, is_superuser=True)
    reader = make_user("just_a_reader")
    author = make_author("Linked Person")
    client.force_login(team.bio)
    url = reverse("admin:authors_author_change", args=[author.pk])
    for account in (boss, reader):
        response = client.post(url, author_form(author, user=account.pk))
        assert response.status_code == 200  # the form again, with an error
        assert Author.objects.get(pk=author.pk).user is None
        assert account.username not in response.content.decode()
    client.post(url, author_form(author, user=team.editor.pk))
    assert Author.objects.get(pk=author.pk).user == team.editor


def test_bio_staff_are_offered_only_accounts_they_may_link(client, team):
    make_user("rootboss", is_staff=True, is_superuser=True)
    make_user("just_a_reader")
    client.force_login(team.bio)
    html = client.get(reverse("admin:authors_author_add")).content.decode()
    assert "rootboss" not in html and "just_a_reader" not in html
    assert "erin" in html  # a staff colleague


def test_bio_staff_cannot_read_usernames_by_id_through_the_account_search(client, team):
    make_user("rootboss", is_staff=True, is_superuser=True)
    client.force_login(team.bio)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "authors", "model_name": "author", "field_name": "user", "term": "root"},
    )
    assert response.status_code == 403
