from django.contrib import admin, messages

from .models import ApiKey


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
