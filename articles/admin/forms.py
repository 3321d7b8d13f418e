from django import forms
from django.utils import timezone
from django_prose_editor.fields import ProseEditorFormField

from ..body import sanitize_html
from ..models import Article

# What the body editor offers is exactly what the sanitizer keeps (articles/body.py).
BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
}


class StaleEdit(forms.ValidationError):
    pass


class ArticleAdminForm(forms.ModelForm):
    # The admin supplies Meta (model and fields) through ModelAdmin.get_form().
    body = ProseEditorFormField(
        config={"extensions": BODY_EDITOR_EXTENSIONS}, sanitize=sanitize_html, required=False
    )
    # The version the editor started from; a save based on an older one is refused.
    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

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
        if current is None or started_from == current.version:
            return
        latest = current.revisions.select_related("created_by").first()
        who = latest.created_by if latest and latest.created_by else "someone"
        when = timezone.localtime(latest.created_at if latest else current.updated_at)
        # The form is shown again with the user's input and the current version, so a second
        # save is a deliberate choice to replace the other person's changes.
        data = self.data.copy()
        data["edit_version"] = current.version
        self.data = data
        raise StaleEdit(
            f"{who} changed this article at {when:%Y-%m-%d %H:%M} while you were editing. "
            "Your changes have not been saved; they are still in the form below. Compare with "
            "the article's history, then save again to replace their version with yours.",
            code="stale",
        )


class TransitionForm(forms.Form):
    comment = forms.CharField(required=False, widget=forms.Textarea, max_length=5000)
    publish_at = forms.DateTimeField(
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    correction = forms.CharField(required=False, widget=forms.Textarea, max_length=5000)
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)


class NoteForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea, max_length=10000, label="Comment")


class PreviewLinkForm(forms.Form):
    days = forms.IntegerField(min_value=1, max_value=30, initial=7, label="Valid for (days)")
    note = forms.CharField(required=False, max_length=200, label="For whom")
