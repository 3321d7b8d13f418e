import re
import uuid
from dataclasses import dataclass
from html.parser import HTMLParser

from django import forms
from django.utils import timezone
from django_prose_editor.fields import ProseEditorFormField
from taggit.models import Tag
from taggit.utils import edit_string_for_tags

from ..body import sanitize_html
from ..models import Article, snapshot
from .body_editor import BODY_EDITOR_EXTENSIONS
from .panel import PanelAction
from .stale_merge import THEIRS, Conflict, three_way


class StaleEdit(forms.ValidationError):
    pass


class PlainNewlines:
    """Browsers post a text area's line ends as CRLF; stored text has LF. Without this, saving a
    form nobody touched would change every multi-line text — and count as an edit."""

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str) and "\r" in value:
                cleaned[name] = value.replace("\r\n", "\n")
        return cleaned


@dataclass
class Stale:
    """What a refused stale save was based on: the snapshot of the revision the person loaded
    (None when unknown) and the version in the database now."""

    loaded: dict | None
    current: Article


class ArticleAdminForm(PlainNewlines, forms.ModelForm):
    # The admin supplies Meta (model and fields) through ModelAdmin.get_form().
    body = ProseEditorFormField(
        config={"extensions": BODY_EDITOR_EXTENSIONS}, sanitize=sanitize_html, required=False
    )
    # The version the editor started from; a save based on an older one is refused.
    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    conflicts = ()  # what both people changed, after a stale save (see check_not_stale)
    stale = None  # a Stale once a save was refused as stale; the admin merges the inlines with it

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["edit_version"].initial = self.instance.version

    def clean_body(self):
        # The editor writes the body back in its own spelling (whitespace between blocks,
        # attribute quoting); the same document in other spelling is not a change.
        body = self.cleaned_data.get("body") or ""
        if self.instance.pk and same_html(body, self.instance.body):
            return self.instance.body
        return body

    def clean(self):
        cleaned = super().clean()
        action = PanelAction.posted(self.data)
        problem = action.problem() if action else None
        if problem:
            raise forms.ValidationError(
                f"Nothing was saved or done: {problem} Your changes are still in the form.",
                code="workflow",
            )
        if self.instance.pk:
            self.check_not_stale(cleaned.get("edit_version"))
        return cleaned

    def check_not_stale(self, started_from):
        # Locked until the admin's transaction ends, so nobody saves in between.
        current = Article.objects.select_for_update().filter(pk=self.instance.pk).first()
        if current is None:
            return
        if started_from == current.version:
            self._keep_theirs_where_chosen(current)
            return
        latest = current.revisions.select_related("created_by").first()
        who = latest.created_by if latest and latest.created_by else "someone"
        when = timezone.localtime(latest.created_at if latest else current.updated_at)
        loaded = None
        if started_from:
            loaded = (
                current.revisions.filter(article_version__lte=started_from)
                .order_by("-article_version", "-pk")
                .first()
            )
        # The form is shown again holding only this person's changes on top of the current
        # version: fields they did not touch take the other person's values. Where both changed
        # the same field, both values are shown and they choose (the template's conflict table).
        # The admin does the same for bylines and public notes (articles/admin/stale_merge.py).
        self.stale = Stale(loaded.data if loaded else None, current)
        self.conflicts = self._merge_onto(current, self.stale.loaded)
        raise StaleEdit(
            f"{who} changed this article at {when:%Y-%m-%d %H:%M} while you were editing. "
            "Your changes have not been saved, and nothing else was done; the form below now "
            "holds their version with your changes applied. Check it, then save again.",
            code="stale",
        )

    def _merge_onto(self, current, loaded):
        base = loaded or {}
        theirs = snapshot(current)
        data = self.data.copy()
        conflicts = []
        for name, key in self._content_fields(theirs):
            mine = _plain(self.cleaned_data[name])
            decision = three_way(
                _plain(base.get(key)), mine, _plain(theirs[key]), known_base=loaded is not None
            )
            if decision == THEIRS:
                data.setlist(name, _form_values(self.fields[name], theirs[key]))
            elif decision is None:
                conflicts.append(Conflict(name, self.fields[name].label or name, mine, theirs[key]))
        data["edit_version"] = current.version
        self.data = data
        return conflicts

    def _content_fields(self, data):
        """(form field, snapshot key) for the form's fields that are article content."""
        for name in self.fields:
            key = name if name in data else f"{name}_id"
            if key in data and name in self.cleaned_data and name != "edit_version":
                yield name, key

    def _keep_theirs_where_chosen(self, current):
        chosen = set(self.data.getlist("keep_theirs")) if hasattr(self.data, "getlist") else set()
        if not chosen:
            return
        theirs = snapshot(current)
        for name, key in self._content_fields(theirs):
            if name in chosen:
                self.cleaned_data[name] = self.fields[name].clean(
                    _form_values(self.fields[name], theirs[key])[0]
                )


class BylineForm(PlainNewlines, forms.ModelForm):
    pass


class PublicNoteForm(PlainNewlines, forms.ModelForm):
    pass


def _plain(value):
    """A cleaned form value as the snapshot stores it."""
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, list | tuple):
        return sorted(str(v) for v in value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    return value


def _form_values(field, value):
    """A snapshot value as the browser would post it for ``field``."""
    if isinstance(value, list):
        return [edit_string_for_tags([Tag(name=n) for n in value])]
    return ["" if value is None else str(value)]


# Whitespace next to these is spelling; next to inline elements it is a space readers see.
BLOCKS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "hr", "br", "div",
    "figure", "figcaption", "table", "thead", "tbody", "tr", "th", "td", "section",
})  # fmt: skip


class _Markup(HTMLParser):
    """An HTML document as a list of its parts, whatever its spelling."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        self.parts.append(("<", tag, tuple(sorted((k, v or "") for k, v in attrs))))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self.parts.append((">", tag))

    def handle_data(self, data):
        self.parts.append(("text", _spaces(data)))

    def document(self):
        parts = self.parts
        out = []
        for i, part in enumerate(parts):
            if part[0] != "text":
                out.append(part)
                continue
            text = part[1]
            if i == 0 or parts[i - 1][1] in BLOCKS:
                text = text.lstrip()
            if i == len(parts) - 1 or parts[i + 1][1] in BLOCKS:
                text = text.rstrip()
            if text:
                out.append(("text", text))
        return out


def _spaces(text):
    return re.sub(r"\s+", " ", text)


def same_html(a, b):
    """Whether two HTML bodies are the same document: same elements, attributes, words and
    spaces between words (whitespace between blocks is only spelling)."""
    if a == b:
        return True
    documents = []
    for html in (a, b):
        parser = _Markup()
        parser.feed(html or "")
        parser.close()
        documents.append(parser.document())
    return documents[0] == documents[1]


class PreviewLinkForm(forms.Form):
    days = forms.IntegerField(min_value=1, max_value=30, initial=7, label="Valid for (days)")
    note = forms.CharField(required=False, max_length=200, label="For whom")
