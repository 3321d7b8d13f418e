from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from prospect.tasks import enqueue

from .models import ImageCredit
from .tasks import make_renditions
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


class RightsFilter(admin.SimpleListFilter):
    title = "rights"
    parameter_name = "rights"

    def lookups(self, request, model_admin):
        return [
            ("expired", "Expired (not shown publicly)"),
            ("expiring", "Expiring within 30 days"),
            ("unlimited", "No expiry recorded"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "expired":
            return queryset.filter(rights_expire_on__lt=today)
        if self.value() == "expiring":
            return queryset.rights_expiring(30, today).filter(rights_expire_on__gte=today)
        if self.value() == "unlimited":
            return queryset.filter(rights_expire_on__isnull=True)
        return queryset


@admin.register(ImageCredit)
class ImageCreditAdmin(admin.ModelAdmin):
    form = ImageCreditForm
    list_display = ["thumbnail", "__str__", "credit_source", "credit_date", "rights_expire_on"]
    list_filter = [RightsFilter, "decorative", "credit_platform"]
    search_fields = ["title", "alt_text", "caption", "credit_source", "rights_holder"]
    readonly_fields = ["thumbnail", "credit_line", "width", "height", "where_used"]
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
        ("Where used", {"fields": ["where_used"]}),
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

    def has_change_permission(self, request, obj=None):
        """A picture on a live article prints its alt text and credit on the public page, so only
        those who may change live content — managing editors — or keep the library and people
        (bio staff) may change it. Other pictures: whoever may change pictures."""
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        user = request.user
        if user.has_perm("articles.publish_article") or user.has_perm("authors.change_author"):
            return True
        return not obj.lead_of.live().exists()

    @admin.display(description="used by")
    def where_used(self, credit):
        """Every article (lead picture) and author (portrait) showing this picture."""
        if not credit.pk:
            return "—"
        uses = [
            (reverse("admin:articles_article_change", args=[a.pk]), f"Article: {a.title}")
            for a in credit.lead_of.all()
        ]
        uses += [
            (reverse("admin:authors_author_change", args=[a.pk]), f"Portrait of {a.display_name}")
            for a in credit.portrait_of.all()
        ]
        if not uses:
            return "Not used anywhere yet."
        return format_html_join(mark_safe("<br>"), '<a href="{}">{}</a>', uses)

    @admin.display(description="credit line as printed")
    def credit_line(self, credit):
        return credit.credit_line() or "—"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
        # Made once, in the background, so no reader's request waits for them.
        enqueue(make_renditions, obj.pk)
