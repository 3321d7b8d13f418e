"""Responsive renditions of library pictures: a few widths, in WebP and JPEG.

Made once per picture file and recorded on the ImageCredit, so pages never touch storage to find
them. Rendition files are named by a hash of the picture's content, so a replaced picture gets
new URLs and no cache can serve the old one; the old files are deleted when that happens.
The original upload is never linked from public pages.
"""

import hashlib
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from .uploads import without_metadata

WIDTHS = (480, 800, 1200, 1600)
FORMATS = {
    "webp": ("WEBP", {"quality": 80, "method": 4}),
    "jpeg": ("JPEG", {"quality": 82, "optimize": True, "progressive": True}),
}


def is_current(picture):
    return bool(picture.image) and picture.renditions.get("source") == picture.image.name


def ensure(picture):
    """Make the picture's renditions if they are missing or belong to a replaced file."""
    if not picture.image or is_current(picture):
        return picture.renditions
    remove(picture)
    picture.image.open("rb")
    try:
        data = picture.image.read()
    finally:
        picture.image.close()
    digest = hashlib.sha256(data).hexdigest()[:20]
    with Image.open(io.BytesIO(data)) as original:
        original.load()
        sizes = [_render(original, width, digest) for width in _widths(original.width)]
    picture.renditions = {"source": picture.image.name, "hash": digest, "sizes": sizes}
    type(picture).objects.filter(pk=picture.pk).update(renditions=picture.renditions)
    return picture.renditions


def _widths(original_width):
    widths = [w for w in WIDTHS if w < original_width]
    return [*widths, min(original_width, WIDTHS[-1])] if original_width not in widths else widths


def _render(original, width, digest):
    height = max(1, round(original.height * width / original.width))
    # resize() copies the original's info; a picture stored before metadata was stripped on
    # upload must not pass its comment or EXIF on to the public files.
    resized = without_metadata(original.resize((width, height), Image.Resampling.LANCZOS))
    entry = {"width": width, "height": height}
    for key, (fmt, options) in FORMATS.items():
        image = resized
        if fmt == "JPEG" and image.mode not in ("RGB", "L"):
            flat = Image.new("RGB", image.size, "white")
            flat.paste(image.convert("RGBA"), mask=image.convert("RGBA").split()[-1])
            image = flat
        out = io.BytesIO()
        image.save(out, fmt, **options)
        name = f"renditions/{digest}-{width}.{key.replace('jpeg', 'jpg')}"
        if default_storage.exists(name):
            default_storage.delete(name)
        entry[key] = default_storage.save(name, ContentFile(out.getvalue()))
    return entry


def files(picture):
    """The storage names of the picture's recorded renditions."""
    sizes = picture.renditions.get("sizes", [])
    return [size[key] for size in sizes for key in FORMATS if size.get(key)]


def remove(picture):
    """Delete the files of the picture's recorded renditions."""
    for name in files(picture):
        default_storage.delete(name)
    picture.renditions = {}
