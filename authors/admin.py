from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django_prose_editor.fields import ProseEditorFormField
from simple_history.admin import SimpleHistoryAdmin

from prospect.sanitizer import sanitize_html

from . import merge
from .models import (
    Affiliation,
    Author,
    AuthorLink,
    AuthorRedirect,
    Organization,
    compose_bio_line,
    duplicate_twins,
)

BIO_EDITOR = {
    "Bold": True,
    "Italic": True,
    "BulletList": True,
    "ListItem": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
}


def linkable_accounts(by):
    """The accounts ``by`` may link to an author record.

    Whoever manages accounts (may change users) may link any active account. Everyone else —
    bio staff — may link only active staff accounts without superuser powers: an author record
    linked to an account gives that account's holder their byline, so a superuser's account is
    linked only by someone who manages accounts. The choices are labelled by full name where
    one is recorded: colleagues' names, not the login names of every account.
    """
    accounts = get_user_model().objects.filter(is_active=True)
    if by.has_perm("auth.change_user"):
        return accounts
    return accounts.filter(is_staff=True, is_superuser=False)


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class AuthorForm(forms.ModelForm):
    # The admin supplies Meta (model and fields) through ModelAdmin.get_form().
    long_bio = ProseEditorFormField(
        config={"extensions": BIO_EDITOR}, sanitize=sanitize_html, required=False
    )


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["organization"]
    fields = ["title", "organization", "start_date", "end_date", "primary", "position"]


class AuthorLinkInline(admin.TabularInline):
    model = AuthorLink
    extra = 0


class BioReviewFilter(admin.SimpleListFilter):
    title = "bio review"
    parameter_name = "bio_review"

    def lookups(self, request, model_admin):
        return [("due", "Not reviewed in 12 months"), ("recent", "Reviewed in 12 months")]

    def queryset(self, request, queryset):
        due = Author.objects.needing_review()
        if self.value() == "due":
            return queryset.filter(pk__in=due)
        if self.value() == "recent":
            return queryset.exclude(pk__in=due)
        return queryset


class CurrentAffiliationFilter(admin.SimpleListFilter):
    title = "current affiliation"
    parameter_name = "affiliation"

    def lookups(self, request, model_admin):
        return [("none", "No current affiliation"), ("some", "Has a current affiliation")]

    def queryset(self, request, queryset):
        without = Author.objects.without_current_affiliation()
        if self.value() == "none":
            return queryset.filter(pk__in=without)
        if self.value() == "some":
            return queryset.exclude(pk__in=without)
        return queryset


class GuestAuthorFilter(admin.SimpleListFilter):
    title = "guest authors"
    parameter_name = "guest"

    def lookups(self, request, model_admin):
        return [("review", "New guest authors to review")]

    def queryset(self, request, queryset):
        if self.value() == "review":
            return queryset.filter(pending_review=True)
        return queryset


class DuplicateFilter(admin.SimpleListFilter):
    title = "possible duplicates"
    parameter_name = "duplicates"

    def lookups(self, request, model_admin):
        return [("yes", "Probably the same person as another author")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(pk__in=Author.objects.likely_duplicates()).order_by("sort_name")
        return queryset


@admin.register(Author)
class AuthorAdmin(SimpleHistoryAdmin):
    form = AuthorForm
    change_form_template = "admin/authors/author/change_form.html"
    list_display = [
        "display_name", "sort_name", "other_script_name", "current_bio", "bio_reviewed_on",
        "listed", "duplicate_of",
    ]  # fmt: skip
    list_filter = [
        GuestAuthorFilter, "listed", BioReviewFilter, CurrentAffiliationFilter, DuplicateFilter,
    ]  # fmt: skip
    search_fields = ["display_name", "sort_name", "other_script_name", "slug"]
    prepopulated_fields = {"slug": ["display_name"]}
    autocomplete_fields = ["portrait", "user"]
    readonly_fields = ["current_bio"]
    inlines = [AffiliationInline, AuthorLinkInline]
    actions = ["merge_authors", "mark_reviewed"]
    fieldsets = [
        (None, {"fields": ["display_name", "sort_name", "other_script_name", "honorific", "slug"]}),
        ("Bio", {"fields": ["current_bio", "short_bio", "long_bio", "expertise", "portrait"]}),
        ("Links", {"fields": ["website", "orcid"]}),
        ("Status", {"fields": ["listed", "pending_review", "user", "bio_reviewed_on"]}),
    ]

    # --- the linked staff account -----------------------------------------------------------

    def get_autocomplete_fields(self, request):
        # The account search lives in the user admin; only those who may see accounts use it.
        fields = list(super().get_autocomplete_fields(request))
        if request.user.has_perm("auth.view_user"):
            return fields
        return [f for f in fields if f != "user"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = linkable_accounts(request.user)
            if "user" not in self.get_autocomplete_fields(request):
                kwargs["form_class"] = AccountChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        linked = obj.user_id if obj is not None else None
        # An account this person may not link stays as it is (and is not listed to them).
        if linked and not linkable_accounts(request.user).filter(pk=linked).exists():
            fields.append("user")
        return fields

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        author = form.instance
        if author.record_related():
            # The history row this save just wrote (save_model) gets the same values, so the
            # change shows as part of this edit, by this person, not as a separate one.
            values = {"expertise_names": author.expertise_names, "link_list": author.link_list}
            Author.objects.filter(pk=author.pk).update(**values)
            latest = author.history.order_by("-history_id").first()
            if latest is not None:
                author.history.filter(history_id=latest.history_id).update(**values)

    def get_queryset(self, request):
        affiliations = Affiliation.objects.select_related("organization")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("affiliations", queryset=affiliations))
        )

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # One query over every author (a few fields), not one per row.
        twins = duplicate_twins()
        on_page = {pk for a in changelist.result_list for pk in twins.get(a.pk, ())}
        names = dict(Author.objects.filter(pk__in=on_page).values_list("pk", "display_name"))
        self._twins = {pk: sorted(names[t] for t in twins[pk] if t in names) for pk in twins}
        return changelist

    @admin.display(description="bio line today")
    def current_bio(self, author):
        return author.bio_line() if author.pk else "—"

    @admin.display(description="possible duplicate of")
    def duplicate_of(self, author):
        return ", ".join(getattr(self, "_twins", {}).get(author.pk, []))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("bio-preview/", view(self.bio_preview_view), name="authors_author_bio_preview"),
            path("merge/", view(self.merge_view), name="authors_author_merge"),
            *super().get_urls(),
        ]

    # --- live bio sentence ------------------------------------------------------------------

    def bio_preview_view(self, request):
        """The sentence the form's current values would print, by the same rule as the site."""
        if request.method != "POST":
            return JsonResponse({"error": "POST the author form"}, status=405)
        if not self.has_change_permission(request) and not self.has_add_permission(request):
            raise PermissionDenied
        data = request.POST
        name = " ".join(data.get("display_name", "").split())
        honorific = data.get("honorific", "").strip()
        full_name = f"{honorific} {name}" if honorific else name
        today = timezone.localdate()
        try:
            rows = _preview_affiliations(data, today)
        except ValueError as exc:
            return JsonResponse({"error": str(exc)}, status=400)
        rows.sort(key=lambda a: (not a.primary, a.position))
        sentence = compose_bio_line(
            full_name, [a.as_phrase() for a in rows], data.get("short_bio", "").strip()
        )
        return JsonResponse({"bio_line": sentence})

    # --- actions --------------------------------------------------------------------------

    @admin.action(description="Mark bios as reviewed today", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        for author in queryset:  # save() so the change is in the history
            author.bio_reviewed_on = timezone.localdate()
            author.pending_review = False  # a reviewed guest author is an ordinary record now
            author.save()
        self.message_user(request, f"{queryset.count()} bio(s) marked as reviewed today.")

    @admin.action(description="Merge two authors into one", permissions=["delete"])
    def merge_authors(self, request, queryset):
        if queryset.count() != 2:
            self.message_user(request, "Select exactly two authors to merge.", messages.ERROR)
            return None
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        return redirect(f"{reverse('admin:authors_author_merge')}?ids={ids}")

    def merge_view(self, request):
        if not self.has_delete_permission(request) or not self.has_change_permission(request):
            raise PermissionDenied
        source = request.POST if request.method == "POST" else request.GET
        try:
            ids = [int(pk) for pk in source.get("ids", "").split(",")]
        except ValueError:
            ids = []
        authors = merge.keep_first(Author.objects.filter(pk__in=ids))
        if len(authors) != 2:
            self.message_user(request, "Select exactly two authors to merge.", messages.ERROR)
            return redirect("admin:authors_author_changelist")
        if request.method == "POST":
            return self._merge(request, authors)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Merge two authors",
            "authors": [(a, a.bylines.count(), a.affiliations.count()) for a in authors],
            "ids": ",".join(str(a.pk) for a in authors),
        }
        return TemplateResponse(request, "admin/authors/author/merge.html", context)

    @staticmethod
    def _pick(authors, value):
        return next((a for a in authors if str(a.pk) == value), None)

    def _merge(self, request, authors):
        keep = self._pick(authors, request.POST.get("keep"))
        if keep is None:
            self.message_user(request, "Choose which record to keep.", messages.ERROR)
            return redirect(f"{reverse('admin:authors_author_merge')}?ids={request.POST['ids']}")
        duplicate = next(a for a in authors if a.pk != keep.pk)
        merge.merge(keep, duplicate)
        self.message_user(
            request,
            f"“{duplicate}” was merged into “{keep}”; its address now redirects here.",
            messages.SUCCESS,
        )
        return redirect("admin:authors_author_change", keep.pk)


# Django's formsets accept up to 1,000 rows; no real author's record comes near this.
MAX_PREVIEW_AFFILIATIONS = 50


def _count(data, name, default=0):
    """A non-negative whole number from the form, in ASCII digits; ValueError otherwise."""
    value = (data.get(name) or "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit()):
        raise ValueError(f"{name} must be a whole number.")
    return int(value)


def _preview_affiliations(data, today):
    """The affiliations the posted inline rows describe that are held ``today``.

    Raises ValueError for a malformed or oversized form, so the preview answers 400, not 500.
    """
    total = _count(data, "affiliations-TOTAL_FORMS")
    if total > MAX_PREVIEW_AFFILIATIONS:
        raise ValueError(f"At most {MAX_PREVIEW_AFFILIATIONS} affiliations can be previewed.")
    prefixes = [f"affiliations-{i}-" for i in range(total)]
    wanted = {p: _count(data, p + "organization", None) for p in prefixes}
    organizations = Organization.objects.in_bulk([v for v in wanted.values() if v is not None])
    rows = []
    for prefix in prefixes:
        position = _count(data, prefix + "position")  # checked on every row, used or not
        organization = organizations.get(wanted[prefix])
        if organization is None or data.get(prefix + "DELETE"):
            continue
        affiliation = Affiliation(
            organization=organization,
            title=data.get(prefix + "title", "").strip(),
            start_date=_date(data.get(prefix + "start_date")),
            end_date=_date(data.get(prefix + "end_date")),
            primary=bool(data.get(prefix + "primary")),
            position=position,
        )
        if affiliation.held_on(today):
            rows.append(affiliation)
    return rows


def _date(value):
    try:
        return timezone.datetime.fromisoformat(value).date() if value else None
    except ValueError:
        return None


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "acronym", "url"]
    search_fields = ["name", "acronym"]


@admin.register(Affiliation)
class AffiliationAdmin(SimpleHistoryAdmin):
    list_display = ["author", "title", "organization", "start_date", "end_date", "primary"]
    list_filter = ["primary", ("end_date", admin.EmptyFieldListFilter)]
    list_select_related = ["author", "organization"]
    search_fields = ["author__display_name", "organization__name", "title"]
    autocomplete_fields = ["author", "organization"]


@admin.register(AuthorRedirect)
class AuthorRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "author", "created_at"]
    search_fields = ["old_slug", "author__display_name"]
    autocomplete_fields = ["author"]
