"""The lead picture compared: which picture, and what readers see of it.

Which picture is named from the library (“a deleted picture” once it is gone). What readers
see is the picture's content as the snapshot recorded it (``picture_content``), every field of
the content declaration's PICTURE, the credit as it was printed by ``ImageCredit.credit_line``.
"""

from django.utils.html import format_html

from prospect.images.models import ImageCredit

from ..models.content import PICTURE
from .words import word_diff

# Parts of the printed credit line: a change to one shows as a change to the line; only a part
# that does not reach the printed line (the source's language, say) is named by itself.
CREDIT_PARTS = {"credit_source", "credit_source_language", "credit_date", "credit_platform",
                "credit_url", "rights_holder"}  # fmt: skip
FILE = {"image", "file_sha256"}
WORDS = {"alt_text", "caption"}


def picture(before, after, lookup):
    old_id, new_id = before.get("lead_image_id"), after.get("lead_image_id")
    old, new = before.get("picture") or {}, after.get("picture") or {}
    lines = []
    if old_id != new_id:
        lines.append(format_html("{} → {}", _name(old_id, lookup), _name(new_id, lookup)))
    credits = _credit(old, old_id, lookup), _credit(new, new_id, lookup)
    if credits[0] != credits[1]:
        lines.append(format_html("Credit: {}", word_diff(*credits)))
    if not old or not new:
        return lines  # a revision from before pictures' content was recorded
    if old_id == new_id and any(old.get(name) != new.get(name) for name in FILE):
        lines.append("The picture file was replaced")
    for name in (n for n, kind in PICTURE.items() if kind == "content"):
        was, now = old.get(name), new.get(name)
        if was == now or name in FILE or (name in CREDIT_PARTS and credits[0] != credits[1]):
            continue
        label = ImageCredit._meta.get_field(name).verbose_name
        if name in WORDS:
            lines.append(format_html("{}: {}", label.capitalize(), word_diff(was or "", now or "")))
        elif name == "decorative":
            lines.append("Marked decorative: screen readers skip it" if now else
                         "No longer marked decorative")  # fmt: skip
        else:
            lines.append(format_html("{}: {} → {}", label.capitalize(), _value(was), _value(now)))
    return lines


def _name(pk, lookup):
    if pk is None:
        return "no picture"
    found = lookup.pictures.get(pk)
    return format_html("“{}”", found) if found else "a deleted picture"


def _credit(content, pk, lookup):
    """The credit line as printed: recorded in the snapshot, or for a revision from before it
    was, the picture's line as the library prints it now."""
    if content:
        return content.get("credit") or ""
    found = lookup.pictures.get(pk)
    return found.credit_line() if found else ""


def _value(value):
    return "none" if value in (None, "") else value
