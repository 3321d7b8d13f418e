"""Setting a picture's focal point in the browser: by a click on the preview, or by keyboard."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from articles import roles
from prospect.images import renditions
from prospect.images.models import ImageCredit
from tests.factories import make_user


@pytest.fixture
def library(base):
    groups = roles.ensure_roles()
    make_user("bea", groups=[groups[roles.BIO_STAFF]], is_staff=True)
    out = io.BytesIO()
    Image.new("RGB", (800, 400), "teal").save(out, "JPEG")
    picture = ImageCredit(alt_text="A teal field", credit_source="Agency")
    picture.image = ContentFile(out.getvalue(), name="field.jpg")
    picture.save()
    renditions.ensure(picture)
    return {"base": base, "picture": picture}


def marker_at(page):
    return page.locator(".focal-marker").evaluate("m => [m.style.left, m.style.top]")


def test_focal_point_set_by_a_click_and_by_keyboard(library, people):
    picture = library["picture"]
    page = people(library["base"], "bea")
    page.goto(f"{library['base']}/admin/images/imagecredit/{picture.pk}/change/")
    assert marker_at(page) == ["50%", "50%"]

    # A click a quarter across and three quarters down the preview.
    preview = page.locator(".focal-preview img")
    box = preview.bounding_box()
    preview.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
    assert page.get_by_label("Focal point across").input_value() == "0.25"
    assert page.get_by_label("Focal point down").input_value() == "0.75"
    assert marker_at(page) == ["25%", "75%"]
    assert page.get_by_role("status").inner_text() == "Focal point set: 25% across, 75% down."
    crops = page.locator(".focal-crop img")
    assert crops.count() == 2
    assert crops.first.evaluate("img => img.style.objectPosition") == "25% 75%"

    # By keyboard: type one number, step the other with an arrow key.
    across = page.get_by_label("Focal point across")
    across.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("0.9")
    page.keyboard.press("Tab")  # to the next focusable control: the other number
    assert page.evaluate("document.activeElement.id") == "id_focal_y"
    page.keyboard.press("ArrowUp")
    assert page.get_by_label("Focal point down").input_value() == "0.76"
    assert marker_at(page) == ["90%", "76%"]

    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue editing").click()
    picture.refresh_from_db()
    assert picture.focal_point == (0.9, 0.76)
    assert renditions.is_current(picture)
    assert marker_at(page) == ["90%", "76%"]
    # The crops shown are the renditions readers get: made for this focal point.
    square = picture.renditions["crops"]["square"][-1]["jpeg"]
    assert page.request.get(f"{library['base']}/media/{square}").status == 200
