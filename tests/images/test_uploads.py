import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from prospect.images.uploads import check_image, clean_image
from tests.factories import image_bytes


def upload(data, name="picture.jpg"):
    return SimpleUploadedFile(name, data)


def exif_photo():
    image = Image.new("RGB", (60, 20), "white")
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x8825] = {1: "N", 2: (25.0, 2.0, 0.0)}  # GPS latitude
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_clean_image_turns_the_photo_upright_and_strips_metadata():
    cleaned = clean_image(upload(exif_photo()))
    image = Image.open(io.BytesIO(cleaned.read()))
    assert image.size == (20, 60)
    assert not image.getexif()
    assert cleaned.name.endswith(".jpg") and "picture" not in cleaned.name


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "unsupported"),
        (b"<html><body>hi</body></html>", "unsupported"),
        (image_bytes("TIFF"), "unsupported"),
        (image_bytes("JPEG")[:60], "corrupt"),
        (image_bytes("PNG")[:40], "corrupt"),
    ],
)
def test_bad_files_are_refused_with_a_clear_error(data, code):
    with pytest.raises(ValidationError) as caught:
        check_image(data)
    assert caught.value.code.startswith(code)


def test_pixel_budget_is_checked_before_decoding(settings):
    settings.IMAGE_MAX_PIXELS = 100
    with pytest.raises(ValidationError) as caught:
        check_image(image_bytes(size=(20, 20)))
    assert caught.value.code == "too_many_pixels"


@pytest.mark.parametrize(("fmt", "mode"), [("JPEG", "CMYK"), ("PNG", "I;16"), ("PNG", "P")])
def test_unusual_colour_modes_are_converted(fmt, mode):
    cleaned = clean_image(upload(image_bytes(fmt, mode=mode), f"x.{fmt.lower()}"))
    assert Image.open(io.BytesIO(cleaned.read())).mode in ("RGB", "L", "RGBA", "P")
