from django import template
from django.core.files.storage import default_storage

from .. import renditions
from ..serving import grant_query

register = template.Library()

DEFAULT_SIZES = "(min-width: 46rem) 44rem, 100vw"


@register.inclusion_tag("includes/_picture.html", takes_context=True)
def picture(context, image, sizes=DEFAULT_SIZES, loading="lazy", crop=None):
    """A responsive <picture>: WebP and JPEG renditions, sized; never the original. ``crop``
    names a shape cut around the focal point (renditions.CROPS), e.g. "square" for portraits.

    On a preview page the picture may not be public yet, so its addresses carry a grant.
    """
    made = renditions.chosen(image, crop)
    if not made:
        return {"image": None}
    largest = made[-1]
    fallback = next((s for s in made if s["width"] >= 800), largest)
    grant = "?" + grant_query(image.renditions["hash"]) if context.get("preview") else ""

    def url(name):
        return default_storage.url(name) + grant

    def srcset(key):
        return ", ".join(f"{url(s[key])} {s['width']}w" for s in made)

    return {
        "image": image,
        "sizes": sizes,
        "loading": loading,
        "webp_srcset": srcset("webp"),
        "jpeg_srcset": srcset("jpeg"),
        "src": url(fallback["jpeg"]),
        "width": largest["width"],
        "height": largest["height"],
    }


@register.simple_tag
def picture_url(image, min_width=1200):
    """A JPEG rendition at least ``min_width`` wide (or the largest), for link previews."""
    chosen = link_preview_rendition(image, min_width)
    return chosen["url"] if chosen else ""


def link_preview_rendition(image, min_width=1200, crop=None):
    """{url, width, height, path} of the JPEG rendition for link previews, or None: of the
    whole picture, or of the crop named ``crop`` ("share" is the shape link previews show)."""
    made = renditions.chosen(image, crop)
    if not made:
        return None
    chosen = next((s for s in made if s["width"] >= min_width), made[-1])
    return {
        "url": default_storage.url(chosen["jpeg"]),
        "path": chosen["jpeg"],
        "width": chosen["width"],
        "height": chosen["height"],
    }
