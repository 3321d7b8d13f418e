"""Responsive renditions of library pictures: a few widths, in WebP and JPEG, whole and cropped.

Made once per picture and recorded on the ImageCredit, so pages never touch storage to find them.
Rendition files are named by a hash of everything that decides their pixels — the picture's
content and its *recipe* (focal point and crop shapes) — so a replaced picture or a moved focal
point gets new URLs and no cache or CDN can serve the old crop; the old files are deleted when
that happens. Pictures with the same content and recipe (the importer's placeholder, one
photograph uploaded twice) share those files: they are made once, and deleted only when no
picture records them any more. The original upload is never linked from public pages.

Whole renditions keep the picture's shape (the article's lead figure, feeds, the PDF); crops
cut it to a fixed shape around the focal point (``crop_box``): ``square`` for portraits, ``share``
for link previews (Open Graph and X cards).
"""

import hashlib
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from .uploads import without_metadata

WIDTHS = (480, 800, 1200, 1600)
# name: ((width, height) of the shape, widths made)
CROPS = {
    "square": ((1, 1), (240, 480)),
    "share": ((1200, 630), (1200,)),
}
FORMATS = {
    "webp": ("WEBP", {"quality": 80, "method": 4}),
    "jpeg": ("JPEG", {"quality": 82, "optimize": True, "progressive": True}),
}


def crop_box(width, height, shape, focus):
    """The largest box of ``shape`` (w, h) inside a ``width`` × ``height`` picture, placed so
    the focal point ``focus`` (x, y in 0–1) sits at the same relative place in the box as in the
    picture: the box's left edge is x × (the width cut away), and likewise for the top. The focal
    point is therefore always inside, and a point at an edge keeps that edge."""
    shape_w, shape_h = shape
    if width * shape_h > height * shape_w:  # wider than the shape: the sides go
        box_w, box_h = max(1, round(height * shape_w / shape_h)), height
    else:  # taller: top and bottom go
        box_w, box_h = width, max(1, round(width * shape_h / shape_w))
    x, y = focus
    left, top = round(x * (width - box_w)), round(y * (height - box_h))
    return left, top, left + box_w, top + box_h


def recipe(picture):
    """Everything besides the file that decides the renditions' pixels."""
    x, y = picture.focal_point
    shapes = ";".join(
        f"{name}={w}:{h}@{','.join(map(str, widths))}" for name, ((w, h), widths) in CROPS.items()
    )
    return f"focus={x:.4f},{y:.4f};{shapes}"


def is_current(picture):
    made = picture.renditions
    return (
        bool(picture.image)
        and made.get("source") == picture.image.name
        and made.get("recipe") == recipe(picture)
    )


def ensure(picture):
    """Make the picture's renditions if they are missing or belong to a replaced file or an
    earlier focal point."""
    if not picture.image or is_current(picture):
        return picture.renditions
    remove(picture)
    picture.image.open("rb")
    try:
        data = picture.image.read()
    finally:
        picture.image.close()
    how = recipe(picture)
    digest = hashlib.sha256(data + how.encode()).hexdigest()[:20]
    made = _made_for_another(picture, digest)
    if made is None:
        with Image.open(io.BytesIO(data)) as original:
            original.load()
            made = _render_all(original, digest, picture.focal_point)
    picture.renditions = {"source": picture.image.name, "hash": digest, "recipe": how, **made}
    type(picture).objects.filter(pk=picture.pk).update(renditions=picture.renditions)
    return picture.renditions


def _render_all(original, digest, focus):
    sizes = [_render(original, width, digest) for width in _widths(original.width)]
    crops = {}
    for name, (shape, widths) in CROPS.items():
        box = crop_box(original.width, original.height, shape, focus)
        cropped = original.crop(box)
        crops[name] = [
            _render(cropped, width, digest, name, height=round(width * shape[1] / shape[0]))
            for width in _widths(cropped.width, widths)
        ]
    return {"sizes": sizes, "crops": crops}


def _others_with(picture, digest):
    return type(picture).objects.filter(renditions__hash=digest).exclude(pk=picture.pk)


def _made_for_another(picture, digest):
    """The renditions already made for the same content, if their files are all still there."""
    for recorded in _others_with(picture, digest).values_list("renditions", flat=True)[:1]:
        made = {"sizes": recorded.get("sizes") or [], "crops": recorded.get("crops") or {}}
        names = _names(made)
        if names and all(default_storage.exists(name) for name in names):
            return made
    return None


def _widths(full_width, widths=WIDTHS):
    """The widths made of a picture ``full_width`` wide: each smaller one, and the largest it
    allows (never wider than the picture, never twice)."""
    made = [w for w in widths if w < full_width]
    largest = min(full_width, widths[-1])
    return made if largest in made else [*made, largest]


def _render(original, width, digest, crop="", height=None):
    """One width of a whole picture or a crop (``crop`` names it; ``height`` is then the
    shape's), in every format."""
    if height is None:
        height = max(1, round(original.height * width / original.width))
    # resize() copies the original's info; a picture stored before metadata was stripped on
    # upload must not pass its comment or EXIF on to the public files.
    resized = without_metadata(original.resize((width, height), Image.Resampling.LANCZOS))
    entry = {"width": width, "height": height}
    label = f"{crop}-{width}" if crop else str(width)
    for key, (fmt, options) in FORMATS.items():
        image = resized
        if fmt == "JPEG" and image.mode not in ("RGB", "L"):
            flat = Image.new("RGB", image.size, "white")
            flat.paste(image.convert("RGBA"), mask=image.convert("RGBA").split()[-1])
            image = flat
        out = io.BytesIO()
        image.save(out, fmt, **options)
        name = f"renditions/{digest}-{label}.{key.replace('jpeg', 'jpg')}"
        if default_storage.exists(name):
            default_storage.delete(name)
        entry[key] = default_storage.save(name, ContentFile(out.getvalue()))
    return entry


def chosen(picture, crop=None):
    """The picture's made renditions, widest last: whole, or of the crop named ``crop``."""
    made = ensure(picture)
    return made.get("crops", {}).get(crop, []) if crop else made.get("sizes", [])


def _names(made):
    entries = [*made.get("sizes", []), *(e for c in made.get("crops", {}).values() for e in c)]
    return [entry[key] for entry in entries for key in FORMATS if entry.get(key)]


def files(picture):
    """The storage names of the picture's recorded renditions, whole and cropped."""
    return _names(picture.renditions)


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
