"""Checking and cleaning uploaded pictures.

Every picture enters the library through :func:`clean_image`: the format is decided from the
file's first bytes (never its name), dimensions and frame count are read from the header and
checked against a pixel budget *before* any pixel is decoded, and only then is the picture decoded
once, turned upright and re-encoded without its metadata (EXIF, GPS, XMP, JPEG and GIF comments)
and without any bytes trailing the image.
"""

import functools
import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

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


def gif_blocks(data):
    """Walk a GIF's blocks without decoding: (frame count, offset just past the trailer).

    Counting frames this way keeps a 2,000-frame animation from being unpacked just to be
    measured. Returns (frames, -1) when the structure is broken.
    """

    def skip_sub_blocks(pos):
        while pos < len(data) and data[pos] != 0:
            pos += data[pos] + 1
        return pos + 1

    pos, frames = 13, 0
    if len(data) < 13:
        return 0, -1
    if data[10] & 0x80:  # global colour table
        pos += 3 * 2 ** ((data[10] & 0x07) + 1)
    while pos < len(data):
        block = data[pos]
        if block == 0x3B:
            return frames, pos + 1
        if block == 0x21:  # extension: label, then sub-blocks
            pos = skip_sub_blocks(pos + 2)
        elif block == 0x2C:  # image: descriptor, optional local colour table, LZW data
            if pos + 10 > len(data):
                return frames, -1
            flags = data[pos + 9]
            pos += 10 + (3 * 2 ** ((flags & 0x07) + 1) if flags & 0x80 else 0)
            pos = skip_sub_blocks(pos + 1)
            frames += 1
        else:
            return frames, -1
    return frames, -1


def trailing_bytes(data, fmt):
    """How many bytes follow the end of the picture (where polyglot files hide a script);
    -1 when the end cannot be found, i.e. the file is cut short."""
    if fmt == "JPEG":
        end = data.rfind(b"\xff\xd9")
        return -1 if end < 0 else len(data.rstrip(b"\x00")) - (end + 2)
    if fmt == "PNG":
        end = data.rfind(b"IEND")
        return -1 if end < 0 else len(data) - (end + 8)  # chunk type and CRC
    if fmt == "GIF":
        _frames, end = gif_blocks(data)
        return -1 if end < 0 else len(data.rstrip(b"\x00")) - end
    declared = int.from_bytes(data[4:8], "little") + 8  # WebP: the RIFF size
    return len(data) - declared - (declared % 2)


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
            # GIF frames are counted from the block structure: Pillow would decode to count.
            gif = fmt == "GIF"
            frames = max(1, gif_blocks(data)[0]) if gif else getattr(probe, "n_frames", 1)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError("The picture is damaged or incomplete.", code="corrupt") from exc
    if width < 1 or height < 1 or width * height * frames > settings.IMAGE_MAX_PIXELS:
        raise ValidationError(
            "The picture has too many pixels (%(w)s × %(h)s, %(n)s frames).",
            code="too_many_pixels",
            params={"w": width, "h": height, "n": frames},
        )
    if trailing_bytes(data, fmt) != 0:
        raise ValidationError(
            "The file has data before or after the picture itself (or is cut short); "
            "export the picture again from an image editor.",
            code="trailing_data",
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


# The only entries of Image.info that describe pixels rather than the file's history. Pillow
# writes back whatever else it read (a JPEG COM segment, a GIF comment, EXIF, XMP, ICC bytes),
# and those are where a stranger hides text, scripts or a location.
PIXEL_INFO = frozenset({"transparency"})


def without_metadata(image):
    """``image`` with every metadata entry dropped, so no encoder writes one back.

    A colour profile is applied (pixels converted to sRGB) rather than carried along: the
    picture keeps its colours without the profile's bytes, which are free-form too.
    """
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            image = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"))
        except (OSError, ImageCms.PyCMSError):
            pass  # an unreadable profile is simply dropped
    image.info = {k: v for k, v in image.info.items() if k in PIXEL_INFO}
    return image


def clean_image(uploaded):
    """Validate an uploaded file and return a clean ContentFile under a random name.

    The result is upright (EXIF orientation applied) and carries no metadata. Animated GIF and
    WebP keep only their first frame: the site shows still pictures.
    """
    fmt, image = check_image(_read_all(uploaded))
    image = ImageOps.exif_transpose(image)
    image = without_metadata(_normalise_mode(image, fmt))
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
    return ContentFile(_placeholder_bytes(width, height, seed), name=f"{uuid.uuid4().hex}.jpg")


@functools.lru_cache(maxsize=8)
def _placeholder_bytes(width, height, seed):
    # The same arguments always give the same picture: drawn once per process (an import of
    # many files without pictures asks for it each time).
    palette = [(74, 85, 104), (92, 107, 115), (120, 110, 96), (80, 100, 90), (104, 96, 120)]
    top = palette[seed % len(palette)]
    image = Image.new("RGB", (width, height), top)
    bottom = tuple(min(255, c + 60) for c in top)
    gradient = Image.linear_gradient("L").resize((width, height))
    image = Image.composite(Image.new("RGB", (width, height), bottom), image, gradient)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()
