"""The focal point: every crop keeps it inside and at the same relative place, a new focal point
gives new rendition addresses, and it is part of what an approval covers."""

import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from articles import workflow
from articles.models import Article, Status, fingerprint, snapshot
from articles.models.content import picture_content
from prospect.images import renditions
from prospect.images.models import ImageCredit
from tests.factories import (
    make_approved_article,
    make_article,
    make_author,
    make_picture,
    make_user,
)

pytestmark = pytest.mark.django_db

BANDS = ["red", "lime", "blue", "yellow"]
RGB = {"red": (255, 0, 0), "lime": (0, 255, 0), "blue": (0, 0, 255), "yellow": (255, 255, 0)}


def banded(size, direction="across"):
    """A picture of four equal colour bands, left to right (or top to bottom)."""
    width, height = size
    image = Image.new("RGB", size)
    for i, colour in enumerate(BANDS):
        if direction == "across":
            box = (i * width // 4, 0, (i + 1) * width // 4, height)
        else:
            box = (0, i * height // 4, width, (i + 1) * height // 4)
        image.paste(RGB[colour], box)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def picture_of(data, **fields):
    picture = ImageCredit(alt_text="Bands", **fields)
    picture.image = ContentFile(data, name="bands.png")
    picture.save()
    renditions.ensure(picture)
    return picture


def colour_at(name, x, y):
    """The band colour nearest the pixel at (x, y) as fractions of the rendition's size."""
    with default_storage.open(name) as handle, Image.open(handle) as image:
        pixel = image.convert("RGB").getpixel(
            (
                min(image.width - 1, int(x * image.width)),
                min(image.height - 1, int(y * image.height)),
            )
        )
    return min(RGB, key=lambda c: sum((a - b) ** 2 for a, b in zip(RGB[c], pixel, strict=True)))


def crop(picture, shape, widest=True):
    made = picture.renditions["crops"][shape]
    return made[-1] if widest else made[0]


# --- the crop rule -----------------------------------------------------------------------------


@given(
    width=st.integers(1, 5000),
    height=st.integers(1, 5000),
    shape=st.sampled_from([(1, 1), (1200, 630), (3, 4), (16, 9)]),
    x=st.floats(0, 1),
    y=st.floats(0, 1),
)
def test_a_crop_keeps_the_focal_point_inside_at_the_same_relative_place(width, height, shape, x, y):
    left, top, right, bottom = renditions.crop_box(width, height, shape, (x, y))
    assert 0 <= left < right <= width and 0 <= top < bottom <= height
    box_w, box_h = right - left, bottom - top
    assert box_w == width or box_h == height  # the largest box of that shape
    assert abs(box_w * shape[1] - box_h * shape[0]) <= max(shape)  # of that shape, to a pixel
    focal_x, focal_y = x * width, y * height
    assert left - 0.5 <= focal_x <= right + 0.5 and top - 0.5 <= focal_y <= bottom + 0.5
    # Same relative place: the offset of the box is the focal fraction of what is cut away.
    assert abs(left - x * (width - box_w)) <= 0.5 and abs(top - y * (height - box_h)) <= 0.5


@pytest.mark.parametrize(
    "x, left, right",
    [(0, "red", "red"), (1, "yellow", "yellow"), (0.5, "lime", "blue"), (0.3, "lime", "lime")],
)
def test_a_square_crop_of_a_wide_picture_follows_the_focal_point_across(x, left, right):
    # 800 × 200: the square is 200 × 200, a quarter of the width — one band when it fits one.
    picture = picture_of(banded((800, 200)), focal_x=x)
    square = crop(picture, "square")["jpeg"]
    assert (colour_at(square, 0.1, 0.5), colour_at(square, 0.9, 0.5)) == (left, right)


@pytest.mark.parametrize("y, top, bottom", [(0, "red", "lime"), (1, "blue", "yellow")])
def test_a_link_preview_crop_of_a_tall_picture_follows_the_focal_point_down(y, top, bottom):
    # 630 × 1200: the 1.91:1 crop is 630 × 331, a little more than a quarter of the height.
    picture = picture_of(banded((630, 1200), "down"), focal_y=y)
    share = crop(picture, "share")
    assert (share["width"], share["height"]) == (630, 331)
    assert (colour_at(share["jpeg"], 0.5, 0.05), colour_at(share["jpeg"], 0.5, 0.95)) == (
        top,
        bottom,
    )


def test_a_picture_wider_than_every_width_gets_each_width_once():
    picture = picture_of(banded((2000, 500)))
    assert [s["width"] for s in picture.renditions["sizes"]] == [480, 800, 1200, 1600]
    assert [s["width"] for s in picture.renditions["crops"]["square"]] == [240, 480]


def test_crops_are_made_at_their_widths_and_shape_and_whole_renditions_stay_whole():
    picture = picture_of(banded((1600, 1000)), focal_x=0.2)
    assert [(s["width"], s["height"]) for s in picture.renditions["crops"]["square"]] == [
        (240, 240), (480, 480),
    ]  # fmt: skip
    assert [(s["width"], s["height"]) for s in picture.renditions["crops"]["share"]] == [
        (1200, 630)
    ]
    assert [(s["width"], s["height"]) for s in picture.renditions["sizes"]][-1] == (1600, 1000)
    whole = picture.renditions["sizes"][-1]["jpeg"]
    assert (colour_at(whole, 0.05, 0.5), colour_at(whole, 0.95, 0.5)) == ("red", "yellow")
    for entry in picture.renditions["crops"]["square"]:
        with default_storage.open(entry["webp"]) as handle, Image.open(handle) as webp:
            assert webp.size == (entry["width"], entry["height"]) and webp.format == "WEBP"


# --- names: a new focal point is a new address -------------------------------------------------


def test_moving_the_focal_point_gives_every_rendition_a_new_name_and_removes_the_old():
    picture = picture_of(banded((800, 200)))
    old = renditions.files(picture)
    assert old and all(default_storage.exists(name) for name in old)
    picture.focal_x = 0
    picture.save()
    renditions.ensure(picture)
    new = renditions.files(picture)
    assert set(new).isdisjoint(old)
    assert all(default_storage.exists(name) for name in new)
    assert not any(default_storage.exists(name) for name in old)
    assert colour_at(crop(picture, "square")["jpeg"], 0.5, 0.5) == "red"


def test_the_same_picture_with_another_focal_point_shares_nothing_but_keeps_its_own():
    data = banded((800, 200))
    centred, leftish = picture_of(data), picture_of(data, focal_x=0)
    assert centred.renditions["hash"] != leftish.renditions["hash"]
    twin = picture_of(data, focal_x=0)
    for key in ("hash", "sizes", "crops"):  # same content and recipe: the same files
        assert twin.renditions[key] == leftish.renditions[key]
    centred.delete()
    assert all(default_storage.exists(name) for name in renditions.files(leftish))


def test_crops_of_a_live_picture_are_served_and_replaced_ones_are_not(client):
    picture = picture_of(banded((800, 200)))
    make_article(lead_image=picture, status="published")
    square = crop(picture, "square")["jpeg"]
    response = client.get("/media/" + square)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    picture.focal_x = 1
    picture.save()
    renditions.ensure(picture)
    assert client.get("/media/" + square).status_code == 404
    assert client.get("/media/" + crop(picture, "square")["jpeg"]).status_code == 200


def test_author_pages_show_portraits_as_square_crops(client):
    portrait = picture_of(banded((800, 200)), focal_x=0)
    author = make_author("Pictured Person", portrait=portrait)
    make_article(authors=[author], status="published")
    html = client.get(author.get_absolute_url()).content.decode()
    assert f"/media/{crop(portrait, 'square')['jpeg']}" in html
    assert not any(size["jpeg"] in html for size in portrait.renditions["sizes"])


def test_link_previews_of_an_article_use_the_share_crop(client):
    lead = picture_of(banded((800, 600)), focal_y=0)
    article = make_article(lead_image=lead, status="published")
    html = client.get(article.get_absolute_url()).content.decode()
    share = crop(lead, "share")
    assert f'<meta property="og:image" content="http://testserver/media/{share["jpeg"]}">' in html
    assert f'<meta property="og:image:height" content="{share["height"]}">' in html
    # The article's own figure shows the whole picture.
    assert lead.renditions["sizes"][-1]["jpeg"] in html


# --- the picture form -------------------------------------------------------------------------


def change(client, picture, **fields):
    data = {"title": picture.title, "alt_text": picture.alt_text,
            "credit_source": picture.credit_source, **fields}  # fmt: skip
    return client.post(reverse("admin:images_imagecredit_change", args=[picture.pk]), data)


@pytest.fixture
def staff_client(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


def test_saving_a_focal_point_makes_new_renditions(staff_client):
    picture = picture_of(banded((800, 200)), credit_source="Agency")
    before = renditions.files(picture)
    response = change(staff_client, picture, focal_x="0.25", focal_y="0.8")
    assert response.status_code == 302
    picture.refresh_from_db()
    assert picture.focal_point == (0.25, 0.8)
    assert renditions.is_current(picture) and set(renditions.files(picture)).isdisjoint(before)


@pytest.mark.parametrize(
    "value, message",
    [
        ("1.5", "A number from 0 to 1: the focal point is inside the picture."),
        ("-0.1", "A number from 0 to 1: the focal point is inside the picture."),
        ("left", "A number from 0 to 1, such as 0.25."),
        ("nan", "A number from 0 to 1, such as 0.25."),
    ],
)
def test_a_focal_point_outside_the_picture_is_refused_and_nothing_changes(
    staff_client, value, message
):
    picture = picture_of(banded((800, 200)), credit_source="Agency")
    made = dict(picture.renditions)
    response = change(staff_client, picture, focal_x=value, alt_text="New words")
    assert response.status_code == 200
    assert message in response.content.decode()
    picture.refresh_from_db()
    assert (picture.focal_point, picture.alt_text, picture.renditions) == (
        (0.5, 0.5), "Bands", made,
    )  # fmt: skip


def test_a_form_without_the_focal_point_keeps_it_and_typed_values_are_rounded(staff_client):
    picture = picture_of(banded((800, 200)), credit_source="Agency", focal_x=0.1, focal_y=0.9)
    assert change(staff_client, picture, alt_text="Other words").status_code == 302
    picture.refresh_from_db()
    assert picture.focal_point == (0.1, 0.9)
    change(staff_client, picture, focal_x="0.333333", focal_y="1")
    picture.refresh_from_db()
    assert picture.focal_point == (0.33, 1.0)


def test_the_form_shows_the_marker_and_the_crops_where_the_focal_point_is(staff_client):
    picture = picture_of(banded((800, 200)), credit_source="Agency", focal_x=0.25, focal_y=0.75)
    html = staff_client.get(
        reverse("admin:images_imagecredit_change", args=[picture.pk])
    ).content.decode()
    assert '<span class="focal-marker" style="left: 25.0%; top: 75.0%"></span>' in html
    assert html.count('style="object-position: 25.0% 75.0%"') == len(renditions.CROPS)
    assert 'style="aspect-ratio: 1200 / 630"' in html
    assert '<label for="id_focal_x">Focal point across:</label>' in html
    assert 'aria-describedby="id_focal_x_helptext"' in html
    assert "admin/js/focal-point.js" in html


# --- approvals ---------------------------------------------------------------------------------


def test_moving_the_focal_point_of_an_approved_articles_picture_voids_its_approval(client, team):
    article = make_approved_article(team)
    picture = article.lead_image
    client.force_login(team.managing)
    response = change(client, picture, focal_x="0.1")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW and article.approved_revision is None
    voided = article.events.filter(action="approval_voided").get()
    assert voided.actor == team.managing
    assert voided.comment == "Its lead picture changed after approval."
    warning = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("voided the approval" in m for m in warning)
    with pytest.raises(workflow.InvalidTransition):
        workflow.publish(article, by=team.managing)


def test_moving_the_focal_point_of_a_scheduled_articles_picture_cancels_the_schedule(client, team):
    article = make_approved_article(team)
    workflow.publish(article, by=team.managing, at=timezone.now() + datetime.timedelta(days=1))
    client.force_login(team.managing)
    change(client, article.lead_image, focal_y="0")
    article = Article.objects.get(pk=article.pk)
    assert article.status == Status.IN_REVIEW and article.publish_at is None


def test_only_a_managing_editor_may_move_the_focal_point_of_an_approved_articles_picture(
    client, team
):
    article = make_approved_article(team)
    for person in (team.contributor, team.editor, team.bio):
        client.force_login(person)
        assert change(client, article.lead_image, focal_x="0.1").status_code == 403
    assert ImageCredit.objects.get(pk=article.lead_image_id).focal_point == (0.5, 0.5)
    assert Article.objects.get(pk=article.pk).status == Status.APPROVED


def test_the_focal_point_is_in_the_content_an_approval_covers():
    article = make_article(lead_image=make_picture())
    picture = article.lead_image
    centred = fingerprint(snapshot(article))
    picture.focal_x = 0.2
    picture.save()
    assert fingerprint(snapshot(article)) != centred
    picture.focal_x = 0.5
    picture.save()
    assert fingerprint(snapshot(article)) == centred


def test_approvals_given_before_focal_points_existed_still_hold():
    """A revision recorded then has no focal point; the centre, every picture's focal point
    then, adds nothing to the content, so its fingerprint is unchanged."""
    picture = make_picture()
    content = picture_content(picture)
    assert "focal_x" not in content and "focal_y" not in content
    picture.focal_y = 0.9
    assert picture_content(picture)["focal_y"] == 0.9


@pytest.mark.parametrize("field", ["focal_x", "focal_y"])
def test_the_database_refuses_a_focal_point_outside_the_picture(field):
    from django.db import IntegrityError, transaction

    picture = make_picture()
    for value in (-0.01, 1.01):
        with pytest.raises(IntegrityError), transaction.atomic():
            ImageCredit.objects.filter(pk=picture.pk).update(**{field: value})
