from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import format_html

from .. import permissions, presence, workflow
from ..models import Article, ArticleRevision, Byline, EditBuffer, EditorNote, LegacyAddress
from .autosave import AutosaveMixin
from .body_editor import ReadOnlyBodyMixin
from .forms import ArticleAdminForm, BylineForm, PublicNoteForm
from .guest_authors import GuestAuthorMixin
from .panel import PanelAction, carry_out
from .saves import ChangeFormSave, Outcome
from .stale_merge import ROW_KINDS, keep_theirs, merge_rows
from .word_import import WordImportMixin
from .workflow_views import WorkflowViewsMixin


class ParentEditableInline:
    """Inlines follow the article: editable exactly when the article is."""

    def has_add_permission(self, request, obj=None):
        return obj is None or permissions.can_edit(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return obj is None or permissions.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and permissions.can_edit(request.user, obj)

    def has_view_permission(self, request, obj=None):
        return obj is None or permissions.can_view(request.user, obj)


class BylineInline(ParentEditableInline, admin.StackedInline):
    # Stacked, not tabular: every field gets its own <label> (tabular columns have none).
    model = Byline
    form = BylineForm
    extra = 0
    autocomplete_fields = ["author"]
    fields = ["position", "author", "role", "bio_line"]
    ordering = ["position", "pk"]


class PublicNoteInline(ParentEditableInline, admin.StackedInline):
    """The Editor's Note (frozen from the series at publication) and corrections.

    Internal review comments are not here: they are the review thread on the workflow panel.
    """

    model = EditorNote
    form = PublicNoteForm
    extra = 0
    fields = ["kind", "body"]
    verbose_name = "public note"
    verbose_name_plural = "Editor's Note and corrections"

    def get_queryset(self, request):
        return super().get_queryset(request).public()

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            kwargs["choices"] = [c for c in EditorNote.Kind.choices if c[0] != "internal"]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def has_add_permission(self, request, obj=None):
        return permissions.is_editor(request.user) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return permissions.is_editor(request.user) and super().has_change_permission(request, obj)


class LegacyAddressInline(admin.StackedInline):
    """Old-site addresses. Not content — they change nothing readers see — so editors manage
    them on live commentaries too, without a working copy."""

    model = LegacyAddress
    extra = 0
    fields = ["path"]

    def _editor_on(self, request, obj):
        return permissions.is_editor(request.user) and (
            obj is None or permissions.can_view(request.user, obj)
        )

    def has_add_permission(self, request, obj=None):
        return self._editor_on(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editor_on(request, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and self._editor_on(request, obj)

    def has_view_permission(self, request, obj=None):
        return obj is None or permissions.can_view(request.user, obj)


@admin.register(Article)
class ArticleAdmin(
    ReadOnlyBodyMixin,
    GuestAuthorMixin,
    WordImportMixin,
    AutosaveMixin,
    WorkflowViewsMixin,
    admin.ModelAdmin,
):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = [
        "title", "status_label", "series", "number", "language", "publish_at", "updated_at",
    ]  # fmt: skip
    list_filter = ["status", "featured", "series", "language"]
    list_select_related = ["series", "working_copy_of"]
    search_fields = ["title", "summary", "slug"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["lead_image", "series"]
    inlines = [BylineInline, PublicNoteInline, LegacyAddressInline]
    actions = ["submit_selected", "delete_selected_drafts"]
    readonly_fields = [
        "status_label", "series_number", "publish_at", "first_published_at", "last_published_at",
        "reading_minutes", "version", "view_on_site_link",
    ]  # fmt: skip
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "series",
                    "title",
                    "subtitle",
                    "slug",
                    "summary",
                    "body",
                    "featured",
                    # Hidden: the version this form started from (refuses stale saves).
                    "edit_version",
                ]
            },
        ),
        ("Picture and topics", {"fields": ["lead_image", "tags"]}),
        ("Language", {"fields": ["language", "translation_key"], "classes": ["collapse"]}),
        (
            "Publication",
            {
                "fields": [
                    "status_label",
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

    # --- who sees and changes what (rules in articles/permissions.py) ---------------------

    def get_queryset(self, request):
        return permissions.visible_articles(request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request) or super().has_change_permission(request)
        return allowed and (obj is None or permissions.can_view(request.user, obj))

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return permissions.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return permissions.can_delete(request.user, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Django's bulk delete skips object-level checks; ours checks each article.
        actions.pop("delete_selected", None)
        if not request.user.has_perm("articles.submit_article"):
            actions.pop("submit_selected", None)
        if not request.user.has_perm("articles.delete_article"):
            actions.pop("delete_selected_drafts", None)
        return actions

    # --- list columns ---------------------------------------------------------------------

    @admin.display(description="status", ordering="status")
    def status_label(self, article):
        label = "Scheduled" if article.is_scheduled else article.get_status_display()
        return f"{label} (working copy)" if article.is_working_copy else label

    @admin.display(description="number")
    def series_number(self, article):
        return article.number or "— (given at first publication)"

    @admin.display(description="public page")
    def view_on_site_link(self, article):
        if article.pk and article.is_live():
            return format_html('<a href="{}">{}</a>', article.get_absolute_url(), "View on site")
        preview = self.get_view_on_site_url(article) if article.pk else None
        if preview:
            return format_html('Not public. <a href="{}">{}</a>', preview, "Preview it")
        return "Not public"

    def get_view_on_site_url(self, obj=None):
        """A live article's public page; any other article's staff preview of its latest
        revision (its public address would only answer 404)."""
        if obj is None or obj.is_live():
            return super().get_view_on_site_url(obj)
        latest = obj.revisions.first()
        return (
            reverse("admin:articles_article_preview", args=[obj.pk, latest.pk]) if latest else None
        )

    # --- saving (and acting: the workflow panel's buttons save the form first) ------------

    def save_model(self, request, obj, form, change):
        if change:
            form.save_attempt = ChangeFormSave(obj)
        else:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        article.save_outcome = form.save_attempt.finish() if change else Outcome.CONTENT
        if article.save_outcome is Outcome.CONTENT:
            # After tags and inlines are saved, so the revision holds all of them.
            workflow.record_edit(
                article, by=request.user, message="Edited" if change else "Created"
            )
        else:
            article.refresh_from_db()
        EditBuffer.discard(request.user, article if change else None)
        presence.leave(article, request.user)

    def log_change(self, request, obj, message):
        if getattr(obj, "save_outcome", None) is Outcome.NOTHING:
            return None  # nothing changed: not an edit, not in the history either
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        action = PanelAction.posted(request.POST)
        if action is None:
            return super().response_change(request, obj)
        saved = obj.save_outcome is not Outcome.NOTHING
        return self._back(
            carry_out(request, obj, action, saved="Your changes were saved. " if saved else "")
        )

    def response_add(self, request, obj, post_url_continue=None):
        action = PanelAction.posted(request.POST)
        if action is None:
            return super().response_add(request, obj, post_url_continue)
        return self._back(carry_out(request, obj, action, saved="Saved as a new draft. "))

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        kind = ROW_KINDS.get(prefix)
        if kind is None or obj is None or request.method != "POST":
            return kwargs
        # "Keep theirs" ticked on bylines or notes after a stale save. Applied only to a form
        # based on the current version; a form stale again is merged again instead.
        chosen = [c for c in request.POST.getlist("keep_theirs") if c.startswith(f"{prefix}|")]
        if chosen and request.POST.get("edit_version") == str(obj.version):
            formset = inline.get_formset(request, obj)
            kwargs["data"] = keep_theirs(kind, kwargs["data"], _editable_fields(formset), obj,
                                         chosen, fk_name=formset.fk.name)  # fmt: skip
        return kwargs

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        # Only someone who may save counts as editing; a read-only view of the form warns nobody.
        editing = article is not None and permissions.can_edit(request.user, article)
        if editing and request.method == "GET":
            presence.touch(article, request.user)
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(self.workflow_context(request, obj))
            self._merge_stale_inlines(request, context, obj)
        # A form shown again after a refused save holds input that exists nowhere else (and
        # nothing to restore: it is the newest input there is).
        context["unsaved_input"] = request.method == "POST"
        context["autosave_every_ms"] = settings.AUTOSAVE_SECONDS * 1000
        if not context["unsaved_input"]:
            context.update(self.edit_buffer_context(request, obj))
        context["can_save_and_submit"] = add and request.user.has_perm("articles.submit_article")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _merge_stale_inlines(self, request, context, obj):
        """After a stale save, bylines and public notes too hold their version with this
        person's changes applied (articles/admin/stale_merge.py)."""
        form = context["adminform"].form
        if form.stale is None:
            return
        conflicts, formsets, inlines = list(form.conflicts), [], []
        for shown in context["inline_admin_formsets"]:
            formset, inline = shown.formset, shown.opts
            kind = ROW_KINDS.get(formset.prefix)
            if kind is not None:
                data, found = merge_rows(kind, formset.data, _editable_fields(formset), obj,
                                         form.stale.loaded, fk_name=formset.fk.name)  # fmt: skip
                conflicts += found
                kwargs = self.get_formset_kwargs(request, obj, inline, formset.prefix)
                formset = type(formset)(**{**kwargs, "data": data})
                _replace_rows(form.data, data, formset.prefix)
            formsets.append(formset)
            inlines.append(inline)
        context["inline_admin_formsets"] = self.get_inline_formsets(request, formsets, inlines, obj)
        form.conflicts = conflicts

    # --- bulk actions: each article goes through the same checks as one at a time ---------

    @admin.action(description="Submit selected articles for review")
    def submit_selected(self, request, queryset):
        self._each(request, queryset, lambda a: workflow.submit(a, by=request.user), "submitted")

    @admin.action(description="Delete selected drafts (never published)")
    def delete_selected_drafts(self, request, queryset):
        def delete(article):
            if not permissions.can_delete(request.user, article):
                raise PermissionDenied("only drafts that never went public can be deleted")
            article.delete()

        self._each(request, queryset, delete, "deleted")

    def _each(self, request, queryset, operation, verb):
        done, refused = 0, []
        for article in queryset:
            try:
                operation(article)
                done += 1
            except (workflow.InvalidTransition, PermissionDenied) as exc:
                refused.append(f"“{article}”: {exc}")
        if done:
            self.message_user(request, f"{done} article(s) {verb}.", messages.SUCCESS)
        for reason in refused:
            self.message_user(request, f"Not {verb}: {reason}", messages.ERROR)


class VisibleArticleChildAdmin(admin.ModelAdmin):
    """Admins of things that belong to an article show only those of articles the user sees."""

    def get_queryset(self, request):
        visible = permissions.visible_articles(request.user)
        return super().get_queryset(request).filter(article__in=visible)


@admin.register(ArticleRevision)
class ArticleRevisionAdmin(VisibleArticleChildAdmin):
    list_display = ["article", "article_version", "created_by", "created_at", "message"]
    list_select_related = ["article", "created_by"]
    search_fields = ["article__title", "message"]
    readonly_fields = ["article", "article_version", "data", "message", "created_by", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EditorNote)
class EditorNoteAdmin(VisibleArticleChildAdmin):
    list_display = ["article", "kind", "author", "created_at", "resolved_at"]
    list_filter = ["kind", ("resolved_at", admin.EmptyFieldListFilter)]
    list_select_related = ["article", "author"]
    search_fields = ["body", "article__title"]
    readonly_fields = ["article", "kind", "author", "created_at", "resolved_at", "resolved_by"]
    fields = ["article", "kind", "body", "author", "created_at", "resolved_at", "resolved_by"]

    def has_add_permission(self, request):
        return False  # notes are written on the article's review thread

    def has_change_permission(self, request, obj=None):
        return permissions.is_editor(request.user) and (
            obj is None or permissions.can_change_note(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("articles.delete_editornote") and (
            obj is None or permissions.can_change_note(request.user, obj)
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # it would skip the per-note rule
        return actions

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _edited_through_a_note(request, obj.article, "Public note edited")

    def delete_model(self, request, obj):
        article = obj.article
        super().delete_model(request, obj)
        _edited_through_a_note(request, article, "Public note deleted")


def _edited_through_a_note(request, article, message):
    """A public note is part of what readers see: changing it is an edit of the article by this
    person — a new version (open forms see it as a change), and four-eyes counts them."""
    article.updated_by = request.user
    article.save(update_fields=["version", "updated_by", "updated_at"])
    workflow.record_edit(article, by=request.user, message=message)


def _replace_rows(data, rows, prefix):
    """Give the main form's copy of the POST the merged rows too: it is what the page now holds."""
    for key in [k for k in data if k.startswith(f"{prefix}-")]:
        del data[key]
    for key, values in rows.lists():
        if key.startswith(f"{prefix}-"):
            data.setlist(key, values)


def _editable_fields(formset):
    """The fields a formset's rows let this person change (none when it is read-only)."""
    return [name for name in formset.form.base_fields if name != formset.fk.name]
