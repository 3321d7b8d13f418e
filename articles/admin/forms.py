import uuid
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django_prose_editor.fields import ProseEditorFormField
from taggit.models import Tag
from taggit.utils import edit_string_for_tags

from ..body import sanitize_html
from ..models import Article, snapshot
from .body_editor import BODY_EDITOR_EXTENSIONS


class StaleEdit(forms.ValidationError):
    pass


class ArticleAdminForm(forms.ModelForm):
    # The admin supplies Meta (model and fields) through ModelAdmin.get_form().
    body = ProseEditorFormField(
        config={"extensions": BODY_EDITOR_EXTENSIONS}, sanitize=sanitize_html, required=False
    )
    # The version the editor started from; a save based on an older one is refused.
    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    conflicts = ()  # fields both people changed, after a stale save (see check_not_stale)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["edit_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
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
        # The form is shown again holding only this person's changes on top of the current
        # version: fields they did not touch take the other person's values. Where both changed
        # the same field, both values are shown and they choose (the template's conflict table).
        self.conflicts = self._merge_onto(current, started_from)
        choose = (
            " Where you both changed a field, choose whose version to keep."
            if (self.conflicts)
            else ""
        )
        raise StaleEdit(
            f"{who} changed this article at {when:%Y-%m-%d %H:%M} while you were editing. "
            "Your changes have not been saved; the form below now holds their version with your "
            f"changes applied.{choose} Save again to keep the result.",
            code="stale",
        )

    def _merge_onto(self, current, started_from):
        loaded = None
        if started_from:
            loaded = (
                current.revisions.filter(article_version__lte=started_from)
                .order_by("-article_version", "-pk")
                .first()
            )
        base = loaded.data if loaded else {}
        theirs = snapshot(current)
        data = self.data.copy()
        conflicts = []
        for name, key in self._content_fields(theirs):
            mine = _plain(self.cleaned_data[name])
            if loaded is not None and mine == base.get(key):
                data.setlist(name, _form_values(self.fields[name], theirs[key]))
            elif mine != theirs[key] and (loaded is None or theirs[key] != base.get(key)):
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
        for name, key in self._content_fields(snapshot(current)):
            if name in chosen:
                self.cleaned_data[name] = self.fields[name].clean(
                    _form_values(self.fields[name], snapshot(current)[key])[0]
                )


@dataclass
class Conflict:
    name: str
    label: str
    mine: object
    theirs: object


def _plain(value):
    """A cleaned form value as the snapshot stores it."""
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, list | tuple):
        return sorted(str(v) for v in value)
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _form_values(field, value):
    """A snapshot value as the browser would post it for ``field``."""
    if isinstance(value, list):
        return [edit_string_for_tags([Tag(name=n) for n in value])]
    return ["" if value is None else str(value)]


class TransitionForm(forms.Form):
    comment = forms.CharField(required=False, widget=forms.Textarea, max_length=5000)
    publish_at = forms.DateTimeField(
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)


class NoteForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea, max_length=10000, label="Comment")


class PreviewLinkForm(forms.Form):
    days = forms.IntegerField(min_value=1, max_value=30, initial=7, label="Valid for (days)")
    note = forms.CharField(required=False, max_length=200, label="For whom")
