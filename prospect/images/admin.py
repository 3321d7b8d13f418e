from django import forms
from django.contrib import admin
from django.utils.html import format_html

from . import renditions
from .models import ImageCredit
from .uploads import clean_image


class ImageCreditForm(forms.ModelForm):
    # The admin supplies Meta (model and fields) through ModelAdmin.get_form().
    def clean_image(self):
        uploaded = self.cleaned_data.get("image")
        # Only a new upload is checked and cleaned; an unchanged picture is already clean.
        if uploaded and "image" in self.changed_data:
            return clean_image(uploaded)
        return uploaded

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("decorative") and not cleaned.get("alt_text"):
            self.add_error("alt_text", "Describe the picture, or mark it as decorative.")
        return cleaned


@admin.register(ImageCredit)
class ImageCreditAdmin(admin.ModelAdmin):
    form = ImageCreditForm
    list_display = ["thumbnail", "__str__", "credit_source", "credit_date", "rights_expire_on"]
    list_filter = ["decorative", "credit_platform"]
    search_fields = ["title", "alt_text", "caption", "credit_source", "rights_holder"]
    readonly_fields = ["thumbnail", "credit_line", "width", "height"]
    autocomplete_fields = ["uploaded_by"]
    fieldsets = [
        (None, {"fields": ["image", "thumbnail", "width", "height", "title"]}),
        ("Description", {"fields": ["alt_text", "decorative", "caption"]}),
        (
            "Credit",
            {
                "fields": [
                    "credit_line",
                    "credit_source",
                    "credit_source_language",
                    "credit_date",
                    "credit_platform",
                    "credit_url",
                ]
            },
        ),
        ("Rights", {"fields": ["licence", "rights_holder", "rights_expire_on", "uploaded_by"]}),
    ]

    @admin.display(description="picture")
    def thumbnail(self, credit):
        if not credit.image:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" style="max-width:120px;height:auto">',
            credit.image.url,
            credit.alt,
        )

    @admin.display(description="credit line as printed")
    def credit_line(self, credit):
        return credit.credit_line() or "—"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
        # Made now, once, so no reader's request waits for them.
        renditions.ensure(obj)
