"""“Import from Word” on the article list: a .docx becomes a draft owned by whoever uploads it.

Everything the file says goes through the same reader and loader as ``manage.py import_docx``;
a file that cannot be imported is refused with the reason and nothing written.
"""

import hashlib

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from ..importer import loader, word
from ..importer.word_package import WordFileError
from ..models import Article, Series

DEFAULT_SERIES = "Prospects & Perspectives"


class WordImportForm(forms.Form):
    file = forms.FileField(
        label="Word file (.docx)",
        help_text="Title in the Title style, then “By NAME and NAME”; optional “Summary: …”, "
        "pictures each followed by “CAPTION. Picture source: …”, the bio sentences in brackets "
        "and “Editor's Note: …” at the end.",
        widget=forms.ClearableFileInput(
            attrs={"accept": ".docx,application/vnd.openxmlformats-officedocument."
                   "wordprocessingml.document"}
        ),
    )  # fmt: skip
    series = forms.ModelChoiceField(queryset=Series.objects.all(), empty_label=None)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = getattr(settings, "WORD_MAX_UPLOAD_BYTES", 25 * 1024 * 1024)
        if upload.size > limit:  # before reading it
            raise ValidationError(f"The file is larger than {limit // (1024 * 1024)} MB.")
        return upload


class WordImportMixin:
    def get_urls(self):
        name = f"{self.model._meta.app_label}_{self.model._meta.model_name}"
        return [
            path("import-word/", self.admin_site.admin_view(self.import_word_view),
                 name=f"{name}_import_word"),
            *super().get_urls(),
        ]  # fmt: skip

    def import_word_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        default = Series.objects.filter(name=DEFAULT_SERIES).first()
        form = WordImportForm(
            request.POST or None, request.FILES or None, initial={"series": default}
        )
        if request.method == "POST" and form.is_valid():
            article = self._import(request, form)
            if article is not None:
                return redirect("admin:articles_article_change", article.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import from Word",
            "form": form,
        }
        return TemplateResponse(request, "admin/articles/article/import_word.html", context)

    def _import(self, request, form):
        data = form.cleaned_data["file"].read()
        key = f"upload:{hashlib.sha256(data).hexdigest()[:40]}"
        earlier = Article.objects.filter(source_key=key).first()
        if earlier is not None:
            form.add_error("file", f"This file was already imported as “{earlier.title}”.")
            return None
        try:
            parsed, pictures = word.read(data, series=form.cleaned_data["series"].name)
            article, _ = loader.load_word(parsed, pictures, source_key=key, by=request.user)
        except WordFileError as exc:
            form.add_error("file", str(exc))
            return None
        except ValidationError as exc:  # a picture in the file failed the library's checks
            form.add_error("file", " ".join(exc.messages))
            return None
        guests = [b.author for b in article.ordered_bylines() if b.author.pending_review]
        message = format_html("“{}” was imported as a draft.", article.title)
        if guests:
            names = ", ".join(a.display_name for a in guests)
            message = format_html(
                "{} New guest author(s), for bio staff to review: {}.", message, names
            )
        messages.success(request, message)
        return article

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "import_word_url": reverse("admin:articles_article_import_word")
            if self.has_add_permission(request)
            else None,
        }
        return super().changelist_view(request, extra_context)
