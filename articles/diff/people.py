"""Bylines compared: who was added or removed, with which role and place, bio lines, order.

Snapshots' bylines are read through ``bylines_of``, so an author merged since is the author
kept by the merge, and the comparison speaks of the same person on both sides.
"""

from django.utils.html import format_html

from ..models import Byline
from ..models.labels import choice_label
from .words import word_diff


def _role(code):
    return choice_label(Byline.Role, code).lower()


def bylines(before, after, lookup):
    old, new = lookup.bylines

    def name(row):
        author = lookup.authors.get(row["author_id"])
        return str(author) if author else "a deleted author"

    was = {row["author_id"]: row for row in old}
    now = {row["author_id"]: row for row in new}
    lines = []
    for place, row in enumerate(new, start=1):
        if row["author_id"] not in was:
            lines.append(format_html("Added {} as {} (position {})",
                                     name(row), _role(row.get("role")), place))  # fmt: skip
    for row in old:
        if row["author_id"] not in now:
            lines.append(format_html("Removed {} ({})", name(row), _role(row.get("role"))))
    for row in new:
        earlier = was.get(row["author_id"])
        if earlier is None:
            continue
        if earlier.get("role") != row.get("role"):
            roles = _role(earlier.get("role")), _role(row.get("role"))
            lines.append(format_html("{}: role {} → {}", name(row), *roles))
        if (earlier.get("bio_line") or "") != (row.get("bio_line") or ""):
            diff = word_diff(earlier.get("bio_line") or "", row.get("bio_line") or "")
            lines.append(format_html("Bio line of {}: {}", name(row), diff))
    kept_old = [row for row in old if row["author_id"] in now]
    kept_new = [row for row in new if row["author_id"] in was]
    if [r["author_id"] for r in kept_old] != [r["author_id"] for r in kept_new]:
        lines.append(format_html("Order: {} → {}", ", ".join(map(name, kept_old)),
                                 ", ".join(map(name, kept_new))))  # fmt: skip
    return lines
