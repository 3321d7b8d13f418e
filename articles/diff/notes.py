"""The public notes compared: the Editor's Note, and corrections with their dates.

A correction is the same correction in both versions when it carries the same date (working
copies and restores keep the dates of the notes they bring), else when it says the same.
"""

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html

from ..models import EditorNote
from ..models.labels import choice_label
from .words import word_diff


def _kind(code):
    # "Correction (public, dated)" → "Correction": the admin's label without its hint.
    return choice_label(EditorNote.Kind, code).split(" (")[0]


def _date(note):
    when = parse_datetime(note.get("created_at") or "")
    if when is None:
        return "an unknown date"
    return f"{timezone.localtime(when) if timezone.is_aware(when) else when:%Y-%m-%d}"


def public_notes(old, new):
    lines = []
    for kind in dict.fromkeys(n.get("kind") for n in [*old, *new]):
        was = [n for n in old if n.get("kind") == kind]
        now = [n for n in new if n.get("kind") == kind]
        if kind == EditorNote.Kind.EDITORS_NOTE:
            lines += _editors_note(was[0] if was else None, now[0] if now else None)
        else:
            lines += _dated(_kind(kind), was, now)
    return lines


def _editors_note(was, now):
    old, new = _body(was), _body(now)
    if was and now and old != new:
        return [format_html("Editor's Note: {}", word_diff(old, new))]
    if now and not was:
        return [format_html("Editor's Note added: {}", word_diff("", new))]
    if was and not now:
        return [format_html("Editor's Note removed: {}", word_diff(old, ""))]
    return []


def _body(note):
    return (note or {}).get("body") or ""


def _dated(label, was, now):
    lines, was, now = [], list(was), list(now)
    for same in ("created_at", "body"):
        for note in list(was):
            match = next((n for n in now if n.get(same) == note.get(same)), None)
            if match is None:
                continue
            was.remove(note)
            now.remove(match)
            if _body(note) != _body(match):
                lines.append(format_html("{} of {}: {}", label, _date(note),
                                         word_diff(_body(note), _body(match))))  # fmt: skip
            elif _date(note) != _date(match):
                lines.append(format_html("{} “{}” re-dated: {} → {}", label, _body(note),
                                         _date(note), _date(match)))  # fmt: skip
    lines += [format_html("{} of {} removed: {}", label, _date(n), word_diff(_body(n), ""))
              for n in was]  # fmt: skip
    lines += [format_html("{} added, dated {}: {}", label, _date(n), word_diff("", _body(n)))
              for n in now]  # fmt: skip
    return lines
