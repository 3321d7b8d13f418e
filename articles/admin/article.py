from django.contrib import admin
from django.utils.html import format_html

from ..models import Article, ArticleRevision, Byline, EditorNote
from .forms import ArticleAdminForm


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    autocomplete_fields = ["author"]
    fields = ["position", "author", "role", "bio_line"]
    ordering = ["position", "pk"]


class EditorNoteInline(admin.StackedInline):
    model = EditorNote
    extra = 0
    fields = ["kind", "body", "resolved_at"]
    ordering = ["created_at"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "title", "series", "number", "status", "language", "publish_at", "updated_at",
    ]  # fmt: skip
    list_filter = ["status", "featured", "series", "language"]
    list_select_related = ["series"]
    search_fields = ["title", "summary", "slug"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["lead_image"]
    inlines = [BylineInline, EditorNoteInline]
    readonly_fields = [
        "status", "series_number", "publish_at", "first_published_at", "last_published_at",
        "reading_minutes", "version", "view_on_site_link",
    ]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["series", "title", "subtitle", "slug", "summary", "body", "featured"]}),
        ("Picture and topics", {"fields": ["lead_image", "tags"]}),
        ("Language", {"fields": ["language", "translation_key"], "classes": ["collapse"]}),
        (
            "Publication",
            {
                "fields": [
                    "status",
                    "series_number",
                    "publish_at",
                    "first_published_at",
                    "last_published_at",
                    "reading_minutes",
                    "version",
                    "view_on_site_link",
                ]
            },
        ),
    ]

    @admin.display(description="number")
    def series_number(self, article):
        return article.number or "— (given at first publication)"

    @admin.display(description="public page")
    def view_on_site_link(self, article):
        if article.pk and article.is_live():
            return format_html('<a href="{}">{}</a>', article.get_absolute_url(), "View on site")
        return "Not public"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After tags and inlines are saved, so the snapshot holds all of them.
        ArticleRevision.capture(
            form.instance, by=request.user, message="Edited in admin" if change else "Created"
        )


@admin.register(ArticleRevision)
class ArticleRevisionAdmin(admin.ModelAdmin):
    list_display = ["article", "article_version", "created_by", "created_at", "message"]
    list_select_related = ["article", "created_by"]
    search_fields = ["article__title", "message"]
    readonly_fields = ["article", "article_version", "data", "message", "created_by", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EditorNote)
class EditorNoteAdmin(admin.ModelAdmin):
    list_display = ["article", "kind", "author", "created_at", "resolved_at"]
    list_filter = ["kind", ("resolved_at", admin.EmptyFieldListFilter)]
    list_select_related = ["article", "author"]
    search_fields = ["body", "article__title"]
    autocomplete_fields = ["article"]
