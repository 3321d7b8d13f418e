"""Responsive renditions of library pictures: a few widths, in WebP and JPEG.

Made once per picture file and recorded on the ImageCredit, so pages never touch storage to find
them. Rendition files are named by a hash of the picture's content, so a replaced picture gets
new URLs and no cache can serve the old one; the old files are deleted when that happens.
Pictures with the same content (the importer's placeholder, one photograph uploaded twice) share
those files: they are made once, and deleted only when no picture records them any more.
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
    sizes = _made_for_another(picture, digest)
    if sizes is None:
        with Image.open(io.BytesIO(data)) as original:
            original.load()
            sizes = [_render(original, width, digest) for width in _widths(original.width)]
    picture.renditions = {"source": picture.image.name, "hash": digest, "sizes": sizes}
    type(picture).objects.filter(pk=picture.pk).update(renditions=picture.renditions)
    return picture.renditions


def _others_with(picture, digest):
    return type(picture).objects.filter(renditions__hash=digest).exclude(pk=picture.pk)


def _made_for_another(picture, digest):
    """The renditions already made for the same content, if their files are all still there."""
    for recorded in _others_with(picture, digest).values_list("renditions", flat=True)[:1]:
        sizes = recorded.get("sizes") or []
        names = [size[key] for size in sizes for key in FORMATS if size.get(key)]
        if names and all(default_storage.exists(name) for name in names):
            return sizes
    return None


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


def unshared_files(picture):
    """The picture's rendition files that no other picture records (same content, same files)."""
    digest = picture.renditions.get("hash")
    if digest and _others_with(picture, digest).exists():
        return []
    return files(picture)


def remove(picture):
    """Delete the files of the picture's recorded renditions that no other picture uses."""
    for name in unshared_files(picture):
        default_storage.delete(name)
    picture.renditions = {}
