import secrets

from django.contrib import admin, messages

from .models import ApiKey, WebhookDelivery, WebhookEndpoint


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "requests_per_minute", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["name", "contact", "prefix"]
    readonly_fields = ["prefix", "created_by", "created_at"]
    fields = ["name", "contact", "requests_per_minute", "active", "notes", *readonly_fields]
    actions = ["issue_new_secret"]

    def save_model(self, request, obj, form, change):
        if not change:
            raw_key = obj.issue()
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            show_once(request, obj, raw_key)

    @admin.action(description="Issue a new secret (the old one stops working at once)")
    def issue_new_secret(self, request, queryset):
        for key in queryset:
            raw_key = key.issue()
            key.save(update_fields=["prefix", "key_hash"])
            show_once(request, key, raw_key)


def show_once(request, key, raw_key):
    messages.warning(
        request,
        f"The key for {key.name} is {raw_key} — copy it now: only its hash is kept, so it "
        "cannot be shown again. Partners send it in the header X-API-Key.",
    )


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "kind", "active", "created_at"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "url"]
    fieldsets = [
        (None, {"fields": ["name", "url", "kind", "secret", "active"]}),
        ("Events", {"fields": ["on_published", "on_updated", "on_correction", "on_withdrawn"],
                    "description": "Which events this endpoint receives."}),
    ]  # fmt: skip

    def get_changeform_initial_data(self, request):
        # A strong secret to start from; the receiver's operator may paste their own instead.
        return {"secret": secrets.token_urlsafe(32), **super().get_changeform_initial_data(request)}


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The log is written by deliveries only: read it, never edit it."""

    list_display = ["event_type", "event_id", "endpoint", "status", "response_code", "attempts",
                    "created_at", "last_attempt_at"]  # fmt: skip
    list_filter = ["status", "event_type", "endpoint"]
    search_fields = ["event_id", "endpoint__name", "last_error"]
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
