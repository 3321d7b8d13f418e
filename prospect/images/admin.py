from django import forms
from django.contrib import admin, messages
from django.core.files.storage import default_storage
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from prospect.tasks import enqueue

from . import renditions
from .models import ImageCredit
from .tasks import make_renditions
from .uploads import clean_image


def uses(picture, user):
    """Where ``picture`` appears, as far as ``user`` may open it: a list of (url, label) and the
    number of further uses hidden from them. Titles of articles the user may not see stay hidden.
    """
    from articles.permissions import visible_articles

    articles = picture.lead_of.all()
    shown = list(visible_articles(user, articles).order_by("title"))
    found = [
        (reverse("admin:articles_article_change", args=[a.pk]), f"Article: {a.title}")
        for a in shown
    ]
    hidden = articles.count() - len(shown)
    portraits = picture.portrait_of.order_by("sort_name")
    if user.has_perm("authors.view_author"):
        found += [
            (reverse("admin:authors_author_change", args=[a.pk]), f"Portrait of {a.display_name}")
            for a in portraits
        ]
    else:
        hidden += portraits.count()
    return {"pages": found, "hidden": hidden}


def live_pages(picture):
    """The live articles that show ``picture`` as their lead picture."""
    return list(picture.lead_of.live().order_by("title"))


def live_pages_token(pages):
    return ",".join(str(a.pk) for a in sorted(pages, key=lambda a: a.pk))


def focal_field(label, help_text):
    """One coordinate of the focal point, typed (the keyboard's way) or set by a click on the
    preview (static/admin/js/focal-point.js). Left out of a form, it keeps its value."""
    return forms.FloatField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=0,
        max_value=1,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"}),
        error_messages={
            "min_value": "A number from 0 to 1: the focal point is inside the picture.",
            "max_value": "A number from 0 to 1: the focal point is inside the picture.",
            "invalid": "A number from 0 to 1, such as 0.25.",
        },
    )


class ImageCreditForm(forms.ModelForm):
    # The admin supplies Meta (model and fields) through ModelAdmin.get_form().
    focal_x = focal_field(
        "Focal point across", "From the left edge (0) to the right edge (1); 0.5 is the middle."
    )
    focal_y = focal_field(
        "Focal point down", "From the top edge (0) to the bottom edge (1); 0.5 is the middle."
    )

    def _clean_focal(self, name):
        value = self.cleaned_data.get(name)
        if value is None:
            return getattr(self.instance, name)
        return round(value, 2)  # a hundredth of the picture: what a click or an arrow key sets

    def clean_focal_x(self):
        return self._clean_focal("focal_x")

    def clean_focal_y(self):
        return self._clean_focal("focal_y")

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


def preview_url(picture):
    """A whole rendition about 800 px wide when made, else the original (staff may open it)."""
    sizes = picture.renditions.get("sizes", []) if renditions.is_current(picture) else []
    if sizes:
        return default_storage.url(next((s for s in sizes if s["width"] >= 800), sizes[-1])["jpeg"])
    return picture.image.url


CROP_LABELS = {"square": "Portraits (square)", "share": "Link previews (1.91 : 1)"}


def crop_previews(url, x, y):
    """Each crop shape, drawn by the browser around the focal point exactly as
    renditions.crop_box cuts it: CSS object-position puts the same point at the same place."""
    return format_html_join(
        "",
        '<figure class="focal-crop"><div class="frame" style="aspect-ratio: {} / {}">'
        '<img src="{}" alt="" style="object-position: {}% {}%"></div>'
        "<figcaption>{}</figcaption></figure>",
        (
            (w, h, url, x, y, CROP_LABELS[name])
            for name, ((w, h), _widths) in renditions.CROPS.items()
        ),
    )


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
    readonly_fields = [
        "thumbnail",
        "focal_point_preview",
        "credit_line",
        "width",
        "height",
        "uploaded_by",
    ]
    change_form_template = "admin/images/imagecredit/change_form.html"
    delete_confirmation_template = "admin/images/imagecredit/delete_confirmation.html"
    fieldsets = [
        (None, {"fields": ["image", "thumbnail", "width", "height", "title"]}),
        (
            "Focal point",
            {
                "fields": ["focal_point_preview", "focal_x", "focal_y"],
                "description": "Where the subject is. Crops — square portraits, link previews "
                "— keep it in view, at the same place it has in the whole picture.",
            },
        ),
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

    class Media:
        css = {"all": ["admin/css/focal-point.css"]}
        js = ["admin/js/focal-point.js"]

    @admin.display(description="preview")
    def focal_point_preview(self, credit):
        if not credit.image:
            return "Once the picture is saved, click on it here; until then, type the numbers."
        x, y = (round(value * 100, 2) for value in credit.focal_point)
        url = preview_url(credit)
        return format_html(
            '<div class="focal-point" data-focal-point>'
            '<p class="focal-help">Click on the subject of the picture, or type the numbers '
            "below. The marker shows the focal point; the crops, what readers will see.</p>"
            '<div class="focal-preview"><img src="{}" alt="" width="{}" height="{}">'
            '<span class="focal-marker" style="left: {}%; top: {}%"></span></div>'
            '<p class="focal-status" role="status"></p>'
            '<div class="focal-crops">{}</div></div>',
            url, credit.width, credit.height, x, y, crop_previews(url, x, y),
        )  # fmt: skip

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
        """Where readers see the picture decides who may change it (articles/permissions.py)."""
        from articles.permissions import can_change_picture

        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_change_picture(request.user, obj))

    # --- where the picture is used, as far as the viewer may know -------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        picture = self.get_object(request, object_id)
        extra = {"used_by": uses(picture, request.user)} if picture else {}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    # --- deleting ---------------------------------------------------------------------------

    def get_actions(self, request):
        actions = super().get_actions(request)
        # The bulk delete would skip the per-picture check and confirmation below.
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        """Taking a picture off live pages is a change to live content: managing editors only."""
        allowed = super().has_delete_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        return request.user.has_perm("articles.publish_article") or not live_pages(obj)

    def delete_view(self, request, object_id, extra_context=None):
        """A picture on live pages is deleted only from a confirmation naming those pages: the
        form carries them, and a POST that does not name exactly the current ones is sent back."""
        picture = self.get_object(request, object_id)
        if picture is None or not self.has_delete_permission(request, picture):
            return super().delete_view(request, object_id, extra_context)
        pages = live_pages(picture)
        token = live_pages_token(pages)
        if request.method == "POST" and pages and request.POST.get("live_pages") != token:
            messages.warning(
                request, "This picture is on live pages; confirm below that it may leave them."
            )
            return redirect(request.path)
        extra = {"live_pages": pages, "live_pages_token": token, **(extra_context or {})}
        return super().delete_view(request, object_id, extra)

    def _void_approvals(self, request, picture):
        from articles.workflow import picture_changed

        voided = picture_changed(picture, by=request.user)
        if voided:
            titles = ", ".join(f"“{a.title}”" for a in voided)
            self.message_user(
                request,
                f"This picture's change voided the approval of {titles}: "
                "they are back in review and off any schedule.",
                messages.WARNING,
            )

    @admin.display(description="credit line as printed")
    def credit_line(self, credit):
        return credit.credit_line() or "—"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        from articles.models.content import picture_content

        before = picture_content(ImageCredit.objects.get(pk=obj.pk)) if change else None
        replaced = type(obj).objects.filter(pk=obj.pk).values_list("image", flat=True).first()
        super().save_model(request, obj, form, change)
        if replaced and replaced != obj.image.name:
            # A replaced file goes like a deleted picture's: from storage, once committed.
            storage = obj.image.storage
            transaction.on_commit(lambda: storage.delete(replaced))
        if change and picture_content(obj) != before:
            self._void_approvals(request, obj)
        # Made once, in the background, so no reader's request waits for them.
        enqueue(make_renditions, obj.pk)
