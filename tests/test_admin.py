"""Every admin page of every model opens for a superuser, with real content on it."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import make_article, make_author, make_picture, make_user

pytestmark = pytest.mark.django_db

MODELS = [
    "articles/article", "articles/series", "articles/editornote", "articles/articlerevision",
    "authors/author", "authors/organization", "authors/affiliation", "images/imagecredit",
]  # fmt: skip


@pytest.fixture
def admin_client(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def content():
    author = make_author("Hideshi Tokuchi", title="President")
    picture = make_picture(credit_source="日本台灣交流協會")
    return make_article("Admin Visible", authors=[author], lead_image=picture, status="published")


@pytest.mark.parametrize("model", MODELS)
def test_changelist_and_add_pages_open(admin_client, content, model):
    app, name = model.split("/")
    listing = admin_client.get(reverse(f"admin:{app}_{name}_changelist"))
    assert listing.status_code == 200
    assert "0 " not in listing.context["cl"].result_count.__str__()[:2]
    if name not in ("articlerevision", "editornote"):  # both are written by the workflow
        assert admin_client.get(reverse(f"admin:{app}_{name}_add")).status_code == 200


def test_article_change_form_has_byline_and_note_inlines_and_rich_editor(admin_client):
    draft = make_article("Draft", authors=[make_author()])
    response = admin_client.get(reverse("admin:articles_article_change", args=[draft.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "bylines-TOTAL_FORMS" in html and "notes-TOTAL_FORMS" in html
    assert "data-django-prose-editor" in html
    assert 'name="status"' not in html  # status belongs to the workflow


def test_live_article_is_read_only_and_offers_a_working_copy(admin_client, content):
    response = admin_client.get(reverse("admin:articles_article_change", args=[content.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-django-prose-editor" not in html
    assert "Edit a working copy" in html


def test_saving_in_admin_sanitizes_body_and_records_a_revision(admin_client):
    article = make_article("Edit Me")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = {
        "series": article.series_id, "title": "Edited", "subtitle": "", "slug": article.slug,
        "summary": "S", "body": '<p onclick="x()">Safe <script>bad()</script>text</p>',
        "lead_image": "", "tags": "Japan", "language": "en",
        "translation_key": str(article.translation_key), "edit_version": article.version,
        "bylines-TOTAL_FORMS": "0", "bylines-INITIAL_FORMS": "0",
        "notes-TOTAL_FORMS": "0", "notes-INITIAL_FORMS": "0",
        "legacy_addresses-TOTAL_FORMS": "0", "legacy_addresses-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.body == "<p>Safe text</p>"
    assert article.revisions.get().data["tags"] == ["Japan"]


def test_forged_status_field_is_ignored(admin_client):
    article = make_article("Draft")
    url = reverse("admin:articles_article_change", args=[article.pk])
    admin_client.post(url, {"status": "published", "title": "Draft"})
    assert Article.objects.get(pk=article.pk).status == "draft"


def test_picture_without_alt_text_is_refused_unless_decorative(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import image_bytes

    url = reverse("admin:images_imagecredit_add")
    base = {"title": "T", "credit_source": "Agency"}
    response = admin_client.post(url, {**base, "image": SimpleUploadedFile("a.jpg", image_bytes())})
    assert "Describe the picture, or mark it as decorative." in response.content.decode()
    response = admin_client.post(
        url, {**base, "decorative": "on", "image": SimpleUploadedFile("a.jpg", image_bytes())}
    )
    assert response.status_code == 302


def test_fake_picture_upload_gets_a_form_error_and_stores_nothing(admin_client, media_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from prospect.images.models import ImageCredit

    url = reverse("admin:images_imagecredit_add")
    fake = SimpleUploadedFile("evil.png", b"<svg onload=alert(1)></svg>")
    response = admin_client.post(url, {"alt_text": "x", "image": fake})
    assert response.status_code == 200
    assert "not a JPEG, PNG, GIF or WebP picture" in response.content.decode() or "image" in (
        response.context["adminform"].form.errors
    )
    assert not ImageCredit.objects.exists()


def test_change_form_carries_the_version_it_was_opened_at(admin_client):
    article = make_article("Versioned")
    html = admin_client.get(reverse("admin:articles_article_change", args=[article.pk])).content
    assert f'name="edit_version" value="{article.version}"'.encode() in html


def test_repeated_wrong_passwords_lock_the_account_from_that_address(client):
    make_user("victim", is_staff=True)
    make_user("bystander", is_staff=True)
    login = reverse("admin:login")
    for _ in range(5):
        client.post(login, {"username": "victim", "password": "wrong-guess"})
    locked = client.post(login, {"username": "victim", "password": "x-secret-pass"})
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    other = client.post(login, {"username": "bystander", "password": "x-secret-pass"})
    assert other.status_code == 302  # only that account is paused
