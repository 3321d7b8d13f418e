from django import forms
from django_prose_editor.fields import ProseEditorFormField

from ..body import sanitize_html

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


class ArticleAdminForm(forms.ModelForm):
    # The admin supplies Meta (model and fields) through ModelAdmin.get_form().
    body = ProseEditorFormField(
        config={"extensions": BODY_EDITOR_EXTENSIONS}, sanitize=sanitize_html, required=False
    )
