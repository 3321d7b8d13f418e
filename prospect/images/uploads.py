"""Checking and cleaning uploaded pictures.

Every picture enters the library through :func:`clean_image`: the format is decided from the
file's first bytes (never its name), dimensions and frame count are read from the header and
checked against a pixel budget *before* any pixel is decoded, and only then is the picture decoded
once, turned upright and re-encoded, which drops EXIF, GPS and any bytes trailing the image.
"""

import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

# format → (magic test, file extension, Pillow save arguments)
SIGNATURES = {
    "JPEG": (lambda head: head.startswith(b"\xff\xd8\xff"), "jpg"),
    "PNG": (lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"), "png"),
    "GIF": (lambda head: head[:6] in (b"GIF87a", b"GIF89a"), "gif"),
    "WEBP": (lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP", "webp"),
}


def sniff_format(head):
    for name, (matches, _ext) in SIGNATURES.items():
        if matches(head):
            return name
    return None


def _read_all(uploaded):
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    return data


def check_image(data):
    """Raise ValidationError unless ``data`` is a picture we accept; return (format, image)."""
    if not data:
        raise ValidationError("The file is empty.", code="empty")
    if len(data) > settings.IMAGE_MAX_UPLOAD_BYTES:
        limit = settings.IMAGE_MAX_UPLOAD_BYTES // (1024 * 1024)
        raise ValidationError(f"The file is larger than {limit} MB.", code="too_large")
    fmt = sniff_format(data[:16])
    if fmt is None:
        raise ValidationError(
            "This is not a JPEG, PNG, GIF or WebP picture.", code="unsupported_format"
        )
    try:
        # Opening reads the header only: size and frame count are known before decoding.
        with Image.open(io.BytesIO(data), formats=[fmt]) as probe:
            width, height = probe.size
            frames = getattr(probe, "n_frames", 1)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError("The picture is damaged or incomplete.", code="corrupt") from exc
    if width < 1 or height < 1 or width * height * frames > settings.IMAGE_MAX_PIXELS:
        raise ValidationError(
            "The picture has too many pixels (%(w)s × %(h)s, %(n)s frames).",
            code="too_many_pixels",
            params={"w": width, "h": height, "n": frames},
        )
    try:
        image = Image.open(io.BytesIO(data), formats=[fmt])
        image.load()  # a truncated file fails here, not later on the public site
    except (OSError, ValueError, SyntaxError) as exc:
        raise ValidationError("The picture is damaged or incomplete.", code="corrupt") from exc
    return fmt, image


def _normalise_mode(image, fmt):
    if image.mode in ("RGB", "L") or (image.mode == "RGBA" and fmt != "JPEG"):
        return image
    if image.mode == "P" and "transparency" in image.info and fmt != "JPEG":
        return image.convert("RGBA")
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greyscale: scale to 8 bits rather than clipping to white.
        return image.point(lambda v: v / 256).convert("L")
    if image.mode == "LA" and fmt != "JPEG":
        return image.convert("RGBA")
    return image.convert("RGB")


def clean_image(uploaded):
    """Validate an uploaded file and return a clean ContentFile under a random name.

    The result is upright (EXIF orientation applied) and carries no metadata. Animated GIF and
    WebP keep only their first frame: the site shows still pictures.
    """
    fmt, image = check_image(_read_all(uploaded))
    image = ImageOps.exif_transpose(image)
    image = _normalise_mode(image, fmt)
    out = io.BytesIO()
    ext = SIGNATURES[fmt][1]
    if fmt == "JPEG":
        image.save(out, "JPEG", quality=88, optimize=True, progressive=True)
    elif fmt == "PNG":
        image.save(out, "PNG", optimize=True)
    elif fmt == "GIF":
        image.save(out, "GIF")
    else:
        image.save(out, "WEBP", quality=85)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{ext}")


def placeholder_image(width=1600, height=900, *, seed=0):
    """A neutral, generated picture for demo content whose real photograph is not available."""
    palette = [(74, 85, 104), (92, 107, 115), (120, 110, 96), (80, 100, 90), (104, 96, 120)]
    top = palette[seed % len(palette)]
    image = Image.new("RGB", (width, height), top)
    bottom = tuple(min(255, c + 60) for c in top)
    gradient = Image.linear_gradient("L").resize((width, height))
    image = Image.composite(Image.new("RGB", (width, height), bottom), image, gradient)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
