"""Without object storage the application serves public renditions, immutable, and nothing else."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import make_article, make_author, make_picture, make_user

pytestmark = pytest.mark.django_db


def rendition_url(picture):
    return "/media/" + picture.renditions["sizes"][0]["jpeg"]


def body(response):
    return b"".join(response.streaming_content)


def test_rendition_of_a_live_articles_picture_is_public_and_immutable(client):
    picture = make_picture()
    make_article(lead_image=picture, status="published")
    response = client.get(rendition_url(picture))
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["Content-Type"] == "image/jpeg"
    assert body(response)[:2] == b"\xff\xd8"


def test_an_original_upload_is_never_public(client):
    picture = make_picture()
    make_article(lead_image=picture, status="published")
    assert client.get("/media/" + picture.image.name).status_code == 404


@pytest.mark.parametrize("status", ["draft", "in_review", "scheduled", "withdrawn"])
def test_picture_used_only_by_unpublished_articles_is_not_public(client, status):
    picture = make_picture()
    make_article(lead_image=picture, status=status)
    assert client.get(rendition_url(picture)).status_code == 404


def test_picture_whose_rights_expired_is_not_public(client):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    picture = make_picture(rights_expire_on=yesterday)
    make_article(lead_image=picture, status="published")
    assert client.get(rendition_url(picture)).status_code == 404


def test_a_portrait_is_public_with_its_authors_page(client):
    picture = make_picture()
    make_author(portrait=picture)
    assert client.get(rendition_url(picture)).status_code == 200


def test_staff_fetch_originals_privately_for_the_admin(client):
    picture = make_picture()
    client.force_login(make_user(is_staff=True))
    response = client.get("/media/" + picture.image.name)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_shared_preview_grants_its_unpublished_picture_and_nothing_else(client):
    from articles import workflow
    from articles.models import PreviewLink

    picture = make_picture()
    article = make_article(lead_image=picture)
    workflow.record_edit(article, by=make_user(is_staff=True))
    link = PreviewLink.objects.create(
        article=article,
        revision=article.revisions.first(),
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    html = client.get(link.shared_path()).content.decode()
    src = html.split('<img src="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert "grant=" in src
    assert client.get(src).status_code == 200
    assert client.get(src.split("?")[0]).status_code == 404
    assert client.get(src[:-3] + "xyz").status_code == 404
