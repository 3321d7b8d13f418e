"""Field-by-field comparison of two article snapshots, for reviewers."""

import difflib
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

from authors.models import Author
from prospect.images.models import ImageCredit

from .body import html_to_text
from .models import Series, bylines_of


@dataclass
class FieldChange:
    label: str
    before: str
    after: str
    diff: str  # safe HTML with <ins>/<del>

    @property
    def changed(self):
        return self.before != self.after


def word_diff(before, after):
    """Words removed in <del>, added in <ins>; everything escaped."""
    old, new = before.split(" "), after.split(" ")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(old[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(' '.join(old[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(' '.join(new[j1:j2]))}</ins>")
    return mark_safe(" ".join(out))  # every piece above is escaped


def _names(model, ids):
    return {obj.pk: str(obj) for obj in model.objects.filter(pk__in=[i for i in ids if i])}


def compare(before, after):
    """[FieldChange] for every field readers see, in the order of the page."""
    series = _names(Series, [before.get("series_id"), after.get("series_id")])
    pictures = _names(ImageCredit, [before.get("lead_image_id"), after.get("lead_image_id")])
    author_ids = [b["author_id"] for b in bylines_of(before) + bylines_of(after)]
    authors = _names(Author, author_ids)

    def bylines(data):
        return "; ".join(
            f"{authors.get(b['author_id'], '?')} ({b['role']})"
            + (f" — {b['bio_line']}" if b.get("bio_line") else "")
            for b in bylines_of(data)
        )

    rows = [
        ("Series", series.get(before.get("series_id"), ""), series.get(after.get("series_id"), "")),
        ("Title", before.get("title", ""), after.get("title", "")),
        ("Subtitle", before.get("subtitle", ""), after.get("subtitle", "")),
        ("Slug", before.get("slug", ""), after.get("slug", "")),
        ("Summary", before.get("summary", ""), after.get("summary", "")),
        ("Byline", bylines(before), bylines(after)),
        (
            "Lead picture",
            pictures.get(before.get("lead_image_id"), ""),
            pictures.get(after.get("lead_image_id"), ""),
        ),
        ("Body", html_to_text(before.get("body", "")), html_to_text(after.get("body", ""))),
        ("Topics", ", ".join(before.get("tags", [])), ", ".join(after.get("tags", []))),
        ("Language", before.get("language", ""), after.get("language", "")),
        ("Picture as printed", _picture(before), _picture(after)),
        ("Editor's Note and corrections", _notes(before), _notes(after)),
    ]
    return [FieldChange(label, old, new, word_diff(old, new)) for label, old, new in rows]


def _picture(data):
    """The picture's content as readers meet it (revisions before it was recorded have none)."""
    picture = data.get("picture") or {}
    parts = [picture.get("alt", ""), picture.get("caption", ""), picture.get("credit", "")]
    return " · ".join(p for p in parts if p)


def _notes(data):
    return " · ".join(f"{n['kind'].replace('_', ' ')}: {n['body']}" for n in data.get("notes", []))
