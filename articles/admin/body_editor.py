"""The article body editor: what it offers, the browser code behind it, and its read-only view.

The editor offers exactly what the sanitizer keeps (prospect/sanitizer.py), so nothing typed is
lost on save and nothing saved is lost on the next edit; tests/articles/test_body_editor.py holds
the two lists against each other. Its own behaviour — spell checking in the article's language,
link handling, paste cleanup, a toolbar that announces its state — lives in three small browser
modules under static/admin/js/, loaded by django-prose-editor as extensions
(settings.DJANGO_PROSE_EDITOR_EXTENSIONS points here).
"""

from django.contrib import admin
from django.utils.html import format_html
from django_prose_editor.config import html_tags, process_link
from js_asset import static_lazy

from ..body import body_html

# Ordered lists may count 1, a, A, i or I; bullets are a list of their own (BulletList).
LIST_NUMBERING = [
    {"label": "1, 2, 3, …", "type": "decimal", "description": "Numbers"},
    {"label": "a, b, c, …", "type": "lower-alpha", "description": "Lowercase letters"},
    {"label": "A, B, C, …", "type": "upper-alpha", "description": "Uppercase letters"},
    {"label": "i, ii, iii, …", "type": "lower-roman", "description": "Lowercase Roman numerals"},
    {"label": "I, II, III, …", "type": "upper-roman", "description": "Uppercase Roman numerals"},
]

BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": {"listTypes": LIST_NUMBERING},
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    # The library's link, made to behave as in word processors (js/body-editor-link.js).
    "Link": False,
    "ArticleLink": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    # Spell checking is on, in the article's language (the library turns it off by default).
    "NoSpellCheck": False,
    "ArticleBody": True,
    "ArticlePaste": True,
    # Plain buttons, no drop-downs: each one can say whether it is on.
    "Menu": {
        "groups": [
            {"group": "blockType -lists"},
            {"group": "marks"},
            {"group": "lists"},
            {"group": "nodes -blockType -lists"},
            {"group": "link"},
            {"group": "history"},
        ]
    },
}


def _article_link(config, allowlist):
    process_link(config, allowlist)
    allowlist["attributes"]["a"].add("hreflang")


# The browser modules that define ArticleBody, ArticleLink and ArticlePaste, with what each lets
# into the HTML (django-prose-editor's DJANGO_PROSE_EDITOR_EXTENSIONS format).
PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [
            static_lazy("admin/js/body-editor.js"),
            static_lazy("admin/js/body-editor-link.js"),
            static_lazy("admin/js/body-editor-paste.js"),
        ],
        "extensions": {
            "ArticleBody": html_tags([]),
            "ArticleLink": _article_link,
            "ArticlePaste": html_tags([]),
        },
    }
]


class ReadOnlyBodyMixin:
    """Whoever may only read an article sees its body as readers will, not its HTML source."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        return [
            (name, {**options, "fields": [_as_read(field) for field in options["fields"]]})
            for name, options in fieldsets
        ]

    @admin.display(description="body")
    def body_as_read(self, article):
        return format_html(
            '<div class="body-text" lang="{}">{}</div>', article.language, body_html(article.body)
        )


def _as_read(field):
    return "body_as_read" if field == "body" else field
