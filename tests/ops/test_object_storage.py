"""Media on S3-compatible object storage: upload, render, serve and delete through the bucket."""

import urllib.error
import urllib.request

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prospect.images import renditions
from prospect.images.models import ImageCredit
from tests.factories import image_bytes, make_ready_article, make_user

pytestmark = pytest.mark.django_db


def keys(env):
    s3 = boto3.client(
        "s3",
        endpoint_url=env["STORAGE_ENDPOINT_URL"],
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    listing = s3.list_objects_v2(Bucket=env["STORAGE_BUCKET"])
    return {item["Key"] for item in listing.get("Contents", [])}


def test_upload_render_serve_and_replace_through_the_bucket(client, object_storage):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    data = image_bytes(size=(900, 600))
    fields = {"title": "On S3", "alt_text": "A picture", "credit_source": "Agency"}
    response = client.post(
        reverse("admin:images_imagecredit_add"),
        {**fields, "image": SimpleUploadedFile("photo.jpg", data)},
    )
    assert response.status_code == 302
    picture = ImageCredit.objects.get(title="On S3")
    stored = keys(object_storage)
    assert picture.image.name in stored
    made = [s[key] for s in picture.renditions["sizes"] for key in ("jpeg", "webp")]
    assert set(made) <= stored

    article = make_ready_article(lead_image=picture, status="published")
    client.logout()
    html = client.get(article.get_absolute_url()).content.decode()
    url = default_storage.url(picture.renditions["sizes"][0]["jpeg"])
    assert url.startswith(object_storage["STORAGE_ENDPOINT_URL"]) and url in html
    with urllib.request.urlopen(url, timeout=10) as fetched:
        assert fetched.status == 200
        assert fetched.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert fetched.read()[:2] == b"\xff\xd8"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(default_storage.url(picture.image.name), timeout=10)
    assert refused.value.code == 403, "the original upload is not public on the bucket either"

    picture.image = SimpleUploadedFile("again.jpg", image_bytes(size=(700, 500)))
    picture.save()
    renditions.ensure(picture)
    left = keys(object_storage)
    assert not set(made) & left, "the replaced picture's renditions are deleted from the bucket"
