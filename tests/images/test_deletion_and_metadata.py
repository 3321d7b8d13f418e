"""Deleting pictures (warned, confirmed, files gone) and metadata that never reaches storage."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from prospect.images import renditions
from prospect.images.models import ImageCredit
from tests.factories import make_article, make_picture

pytestmark = pytest.mark.django_db

SECRET = b"SECRET-PAYLOAD-<script>"


def picture_files(picture):
    return [picture.image.name, *renditions.files(picture)]


def delete_url(picture):
    return reverse("admin:images_imagecredit_delete", args=[picture.pk])


def test_deleting_a_picture_on_a_live_article_is_refused_for_non_managing_roles(client, team):
    picture = make_picture(title="On the front page")
    make_article("Live piece", lead_image=picture, status="published")
    for user in (team.contributor, team.editor, team.bio):
        client.force_login(user)
        client.post(delete_url(picture), {"post": "yes"})
        assert ImageCredit.objects.filter(pk=picture.pk).exists()


def test_deleting_a_picture_on_a_live_article_needs_a_confirmation_naming_the_pages(
    client, team, django_capture_on_commit_callbacks
):
    picture = make_picture(title="On the front page")
    make_article("Live piece", lead_image=picture, status="published")
    client.force_login(team.managing)
    page = client.get(delete_url(picture)).content.decode()
    assert "live page" in page and "Live piece" in page
    client.post(delete_url(picture), {"post": "yes"})  # no confirmation of the live pages
    assert ImageCredit.objects.filter(pk=picture.pk).exists()
    token = str(picture.lead_of.get().pk)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(delete_url(picture), {"post": "yes", "live_pages": token})
    assert not ImageCredit.objects.filter(pk=picture.pk).exists()


def test_a_deleted_pictures_original_and_renditions_leave_storage_and_are_not_served(
    client, team, settings, django_capture_on_commit_callbacks
):
    picture = make_picture(title="Unused")
    files = picture_files(picture)
    assert len(files) > 1 and all(default_storage.exists(name) for name in files)
    # Signed-in staff may fetch any stored file (prospect/images/serving.py) — until it is gone.
    client.force_login(team.managing)
    assert client.get(default_storage.url(files[0])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(delete_url(picture), {"post": "yes"})
    assert not any(default_storage.exists(name) for name in files)
    for name in files:
        assert client.get(default_storage.url(name)).status_code == 404


def test_a_rolled_back_delete_keeps_the_files(django_capture_on_commit_callbacks):
    picture = make_picture(title="Kept")
    files = picture_files(picture)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ImageCredit.objects.filter(pk=picture.pk).delete()
    assert callbacks  # removal waits for the commit
    assert all(default_storage.exists(name) for name in files)


def jpeg_with_comment():
    out = io.BytesIO()
    Image.new("RGB", (60, 40), "gray").save(out, "JPEG", comment=SECRET)
    return out.getvalue()


def gif_with_comment():
    out = io.BytesIO()
    Image.new("P", (60, 40), 0).save(out, "GIF", comment=SECRET)
    return out.getvalue()


@pytest.mark.parametrize("name,data", [("c.jpg", jpeg_with_comment()),
                                       ("c.gif", gif_with_comment())])  # fmt: skip
def test_comment_segments_never_survive_into_stored_files_or_renditions(client, team, name, data):
    assert SECRET in data
    client.force_login(team.managing)
    client.post(reverse("admin:images_imagecredit_add"),
                {"title": "Commented", "alt_text": "A picture", "credit_source": "Agency",
                 "image": SimpleUploadedFile(name, data)})  # fmt: skip
    picture = ImageCredit.objects.get(title="Commented")
    for stored in picture_files(picture):
        with default_storage.open(stored) as f:
            assert SECRET not in f.read(), stored


def test_renditions_of_an_older_stored_file_drop_its_comment(media_root):
    from django.core.files.base import ContentFile

    picture = ImageCredit(alt_text="Stored before cleaning existed")
    picture.image = ContentFile(jpeg_with_comment(), name="old.jpg")  # bypasses the upload check
    picture.save()
    renditions.ensure(picture)
    for stored in renditions.files(picture):
        with default_storage.open(stored) as f:
            assert SECRET not in f.read(), stored


def test_a_replaced_pictures_old_original_leaves_storage(
    client, team, django_capture_on_commit_callbacks
):
    picture = make_picture(title="Replace me", credit_source="Agency")
    old = picture.image.name
    client.force_login(team.managing)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:images_imagecredit_change", args=[picture.pk]),
            {"title": "Replace me", "alt_text": "New", "credit_source": "Agency",
             "image": SimpleUploadedFile("new.jpg", jpeg_with_comment())},
        )  # fmt: skip
    picture.refresh_from_db()
    assert picture.image.name != old
    assert default_storage.exists(picture.image.name)
    assert not default_storage.exists(old)
