from django.contrib import admin
from django.db.models import Prefetch

from .models import Affiliation, Author, AuthorLink, Organization


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["organization"]
    fields = ["title", "organization", "start_date", "end_date", "primary", "position"]


class AuthorLinkInline(admin.TabularInline):
    model = AuthorLink
    extra = 0


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["display_name", "sort_name", "other_script_name", "current_bio", "listed"]
    list_filter = ["listed"]
    search_fields = ["display_name", "sort_name", "other_script_name", "slug"]
    prepopulated_fields = {"slug": ["display_name"]}
    autocomplete_fields = ["portrait", "user"]
    readonly_fields = ["current_bio"]
    inlines = [AffiliationInline, AuthorLinkInline]
    fieldsets = [
        (None, {"fields": ["display_name", "sort_name", "other_script_name", "honorific", "slug"]}),
        ("Bio", {"fields": ["current_bio", "short_bio", "long_bio", "expertise", "portrait"]}),
        ("Links", {"fields": ["website", "orcid"]}),
        ("Status", {"fields": ["listed", "user", "bio_reviewed_on"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "affiliations", queryset=Affiliation.objects.select_related("organization")
                )
            )
        )

    @admin.display(description="bio line today")
    def current_bio(self, author):
        return author.bio_line() if author.pk else "—"


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "url"]
    search_fields = ["name", "acronym"]


@admin.register(Affiliation)
class AffiliationAdmin(admin.ModelAdmin):
    list_display = ["author", "title", "organization", "start_date", "end_date", "primary"]
    list_filter = ["primary", ("end_date", admin.EmptyFieldListFilter)]
    list_select_related = ["author", "organization"]
    search_fields = ["author__display_name", "organization__name", "title"]
    autocomplete_fields = ["author", "organization"]
