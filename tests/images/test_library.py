"""The image library through the admin: hostile uploads refused, clean pictures and renditions."""

import datetime
import io
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from prospect.images import renditions
from prospect.images.models import ImageCredit
from tests.factories import image_bytes, make_article, make_author, make_picture, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


def upload(client, data, name="picture.jpg", **fields):
    fields = {"title": "T", "alt_text": "A picture", "credit_source": "Agency", **fields}
    return client.post(reverse("admin:images_imagecredit_add"),
                       {**fields, "image": SimpleUploadedFile(name, data)})  # fmt: skip


def stored_files(media_root):
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def png_claiming(width, height):
    """A tiny PNG whose header claims a huge size: a decompression bomb's calling card."""

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))  # fmt: skip


def many_frame_gif(frames=2000, size=160):
    first, second = Image.new("RGB", (size, size), "red"), Image.new("RGB", (size, size), "blue")
    out = io.BytesIO()
    sequence = [second if i % 2 else first for i in range(1, frames)]
    first.save(out, "GIF", save_all=True, append_images=sequence, duration=10)
    return out.getvalue()


HOSTILE = {
    "decompression bomb header": (png_claiming(60000, 60000), "bomb.png"),
    "2,000-frame GIF": (many_frame_gif(), "animation.gif"),
    "TIFF renamed .jpg": (image_bytes("TIFF"), "photo.jpg"),
    "PSD renamed .jpg": (b"8BPS\x00\x01" + b"\x00" * 200, "layers.jpg"),
    "SVG named .png": (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "x.png"),
    "HTML named .png": (b"<!doctype html><script>alert(1)</script>", "page.png"),
    "polyglot JPEG with trailing script": (image_bytes() + b"<script>alert(1)</script>", "p.jpg"),
    "polyglot PNG with trailing script": (
        image_bytes("PNG") + b"<?php system($_GET[c]); ?>",
        "p.png",
    ),
    "0-byte file": (b"", "empty.jpg"),
    "truncated JPEG": (image_bytes(size=(400, 300))[:-200], "cut.jpg"),
    "truncated PNG": (image_bytes("PNG", size=(400, 300))[:80], "cut.png"),
    "300-character file name": (image_bytes(), "a" * 296 + ".jpg"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_upload_is_refused_with_a_form_error_and_nothing_stored(
    staff_client, media_root, case
):
    data, name = HOSTILE[case]
    response = upload(staff_client, data, name)
    assert response.status_code == 200, case
    errors = response.context["adminform"].form.errors
    assert "image" in errors, errors
    assert not ImageCredit.objects.exists()
    assert stored_files(media_root) == []


def test_path_traversal_in_the_name_cannot_place_a_file_outside_the_library(
    staff_client, media_root, tmp_path
):
    response = upload(staff_client, image_bytes(), "../../../../etc/evil.jpg")
    assert response.status_code == 302
    picture = ImageCredit.objects.get()
    assert picture.image.name.startswith("images/") and "evil" not in picture.image.name
    assert all(media_root in p.parents for p in stored_files(media_root))
    assert not (tmp_path / "etc").exists()


def phone_photo():
    image = Image.new("RGB", (60, 20), "white")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° to display upright
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (25.0, 2.0, 0.0), 3: "E", 4: (121.0, 33.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_phone_photo_comes_out_upright_without_location(staff_client):
    assert upload(staff_client, phone_photo(), "IMG_0001.JPG").status_code == 302
    picture = ImageCredit.objects.get()
    assert (picture.width, picture.height) == (20, 60)
    files = [picture.image.name] + [
        s[k] for s in picture.renditions["sizes"] for k in ("jpeg", "webp")
    ]
    for name in files:
        with default_storage.open(name) as handle, Image.open(handle) as served:
            assert not served.getexif(), name
            assert "exif" not in served.info and served.height > served.width


@pytest.mark.parametrize(("fmt", "mode", "name"), [("JPEG", "CMYK", "cmyk.jpg"),
                                                   ("PNG", "I;16", "deep.png"),
                                                   ("PNG", "P", "palette.png"),
                                                   ("PNG", "RGBA", "alpha.png")])  # fmt: skip
def test_unusual_pictures_produce_renditions(staff_client, fmt, mode, name):
    assert (
        upload(staff_client, image_bytes(fmt, mode=mode, size=(900, 600)), name).status_code == 302
    )
    made = ImageCredit.objects.get().renditions["sizes"]
    assert [s["width"] for s in made] == [480, 800, 900]
    for size in made:
        with default_storage.open(size["jpeg"]) as handle, Image.open(handle) as jpeg:
            assert jpeg.mode in ("RGB", "L") and jpeg.width == size["width"]


def test_renditions_are_named_by_content_and_replaced_with_the_picture(media_root):
    picture = make_picture()
    old = [s["jpeg"] for s in picture.renditions["sizes"]]
    assert all(picture.renditions["hash"] in name for name in old)
    renditions.ensure(picture)  # once only: nothing changes
    assert [s["jpeg"] for s in picture.renditions["sizes"]] == old
    from django.core.files.base import ContentFile

    picture.image = ContentFile(image_bytes(size=(50, 50)), name="replacement.jpg")
    picture.save()
    renditions.ensure(picture)
    assert picture.renditions["hash"] not in old[0]
    assert not any(default_storage.exists(name) for name in old)


def test_where_used_lists_articles_and_portraits(staff_client):
    picture = make_picture(title="Shared")
    make_article("Uses it", lead_image=picture)
    make_author("Pictured Person", portrait=picture)
    page = staff_client.get(reverse("admin:images_imagecredit_change", args=[picture.pk]))
    html = page.content.decode()
    assert "Article: Uses it" in html and "Portrait of Pictured Person" in html


def test_rights_expiring_and_expired_are_listed(staff_client):
    today = timezone.localdate()
    make_picture(title="Expired one", rights_expire_on=today - datetime.timedelta(days=1))
    make_picture(title="Expiring soon", rights_expire_on=today + datetime.timedelta(days=10))
    make_picture(title="Far future", rights_expire_on=today + datetime.timedelta(days=400))
    url = reverse("admin:images_imagecredit_changelist")
    expiring = staff_client.get(url, {"rights": "expiring"}).content.decode()
    assert "Expiring soon" in expiring and "Far future" not in expiring
    assert "Expired one" not in expiring
    expired = staff_client.get(url, {"rights": "expired"}).content.decode()
    assert "Expired one" in expired and "Expiring soon" not in expired


def test_expired_picture_is_not_shown_publicly_and_nor_is_its_credit(client):
    picture = make_picture(
        credit_source="Lapsed Agency",
        rights_expire_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    article = make_article("Old rights", lead_image=picture, status="published")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<figure" not in html and "Lapsed Agency" not in html


def test_a_picture_on_a_live_article_changes_only_through_people_allowed_to(client):
    from articles import roles

    groups = roles.ensure_roles()
    picture = make_picture(alt_text="Harbour at dawn", credit_source="Agency")
    make_article("Live with picture", lead_image=picture, status="published")
    spare = make_picture(alt_text="Unused")
    url = reverse("admin:images_imagecredit_change", args=[picture.pk])
    data = {"title": "T", "alt_text": "Changed quietly", "credit_source": "Someone else"}
    for role, allowed in [(roles.CONTRIBUTOR, False), (roles.EDITOR, False),
                          (roles.MANAGING_EDITOR, True), (roles.BIO_STAFF, True)]:  # fmt: skip
        client.force_login(make_user(groups=[groups[role]], is_staff=True))
        client.post(url, data)
        picture.refresh_from_db()
        assert (picture.alt_text == "Changed quietly") is allowed, role
        picture.alt_text = "Harbour at dawn"
        picture.save()
    client.force_login(make_user(groups=[groups[roles.CONTRIBUTOR]], is_staff=True))
    client.post(reverse("admin:images_imagecredit_change", args=[spare.pk]),
                {"title": "T", "alt_text": "Better words"})  # fmt: skip
    spare.refresh_from_db()
    assert spare.alt_text == "Better words"
