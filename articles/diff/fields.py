"""Each part of an article's content, compared in words (the rows of the compare page)."""

import re
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join

from authors.models import Author
from prospect.images.models import ImageCredit

from ..models import Language, Series, bylines_of
from ..models.labels import choice_label
from .body import compare_bodies
from .notes import public_notes
from .people import bylines
from .picture import picture
from .words import word_diff


@dataclass
class FieldChange:
    label: str
    lines: list = field(default_factory=list)  # safe HTML, one sentence each
    blocks: list = field(default_factory=list)  # the body's entries (body.Entry)

    @property
    def changed(self):
        return bool(self.lines or self.blocks)


class Lookup:
    """What the snapshots name by id, fetched once for both."""

    def __init__(self, before, after, *, working_copy):
        self.working_copy = working_copy
        self.series = dict(
            Series.objects.filter(pk__in=_ids("series_id", before, after)).values_list("pk", "name")
        )
        self.pictures = ImageCredit.objects.in_bulk(_ids("lead_image_id", before, after))
        self.bylines = bylines_of(before), bylines_of(after)
        self.authors = Author.objects.in_bulk(
            {row["author_id"] for rows in self.bylines for row in rows}
        )


def _ids(key, *snapshots):
    return {data.get(key) for data in snapshots if isinstance(data.get(key), int)}


def text(key):
    def describe(before, after, lookup):
        old, new = before.get(key) or "", after.get(key) or ""
        return [word_diff(old, new)] if old != new else []

    return describe


def series(before, after, lookup):
    old, new = before.get("series_id"), after.get("series_id")
    if old == new:
        return []
    return [format_html("{} → {}", *(_series_name(pk, lookup) for pk in (old, new)))]


def _series_name(pk, lookup):
    if pk is None:
        return "no series"
    return lookup.series.get(pk, "a deleted series")


def address(before, after, lookup):
    """The slug readers see. A working copy's own slug is a placeholder (publishing keeps the
    live article's address), so it is never reported as a change."""
    old, new = before.get("slug") or "", after.get("slug") or ""
    internal = lookup.working_copy or before.get("working_copy") or after.get("working_copy")
    if old == new or internal or _placeholder(old, new) or _placeholder(new, old):
        return []
    return [format_html("{} → {}", old or "none", new or "none")]


def _placeholder(slug, live):
    """Revisions from before snapshots said whether they were of a working copy: its slug is
    the live one followed by "-next" (prospect/slugs.py makes it unique with "-2", "-3" …)."""
    return bool(live) and re.fullmatch(re.escape(live) + r"-next(-\d+)?", slug) is not None


def topics(before, after, lookup):
    old, new = set(before.get("tags") or []), set(after.get("tags") or [])
    lines = []
    for verb, names, tag in (("Added", new - old, "ins"), ("Removed", old - new, "del")):
        if names:
            joined = format_html_join(", ", "<" + tag + ">{}</" + tag + ">",
                                      ((n,) for n in sorted(names)))  # fmt: skip
            lines.append(format_html("{}: {}", verb, joined))
    return lines


def language(before, after, lookup):
    old, new = before.get("language"), after.get("language")
    if old == new:
        return []
    return [format_html("{} → {}", choice_label(Language, old), choice_label(Language, new))]


def featured(before, after, lookup):
    """Placement on the home page (a workflow value, in snapshots since they record it)."""
    if "featured" not in before or "featured" not in after:
        return []
    old, new = bool(before["featured"]), bool(after["featured"])
    if old == new:
        return []
    return ["Now featured on the home page" if new else "No longer featured on the home page"]


def notes(before, after, lookup):
    return public_notes(before.get("notes") or [], after.get("notes") or [])


def body(before, after, lookup):
    return compare_bodies(before.get("body") or "", after.get("body") or "")


# Page order. Together the keys are every content key of a snapshot (content_keys() in
# articles/models/revisions.py): a test fails when a declared key has no row here.
ROWS = [
    ("Series", ["series_id"], series),
    ("Title", ["title"], text("title")),
    ("Subtitle", ["subtitle"], text("subtitle")),
    ("Address", ["slug"], address),
    ("Authors", ["bylines"], bylines),
    ("Summary", ["summary"], text("summary")),
    ("Lead picture", ["lead_image_id", "picture"], picture),
    ("Body", ["body"], body),
    ("Editor's Note and corrections", ["notes"], notes),
    ("Topics", ["tags"], topics),
    ("Language", ["language"], language),
    ("Home page", ["featured"], featured),
]


class Comparison(list):
    """The rows, with the changed ones and the labels of the rest at hand for the page."""

    @property
    def changed(self):
        return [change for change in self if change.changed]

    @property
    def unchanged(self):
        return [change.label for change in self if not change.changed]


def compare(before, after, *, working_copy=False):
    """Comparison of every row, changed or not. ``working_copy``: both snapshots are of a
    working copy (its revisions), whose slug is no address."""
    lookup = Lookup(before, after, working_copy=working_copy)
    changes = Comparison()
    for label, _, describe in ROWS:
        found = describe(before, after, lookup)
        changes.append(FieldChange(label, blocks=found) if describe is body else
                       FieldChange(label, lines=found))  # fmt: skip
    return changes
