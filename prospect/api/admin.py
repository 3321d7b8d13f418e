from django.contrib import admin, messages

from .models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "requests_per_minute", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["name", "contact", "prefix"]
    readonly_fields = ["prefix", "created_by", "created_at"]
    fields = ["name", "contact", "requests_per_minute", "active", "notes", *readonly_fields]

    def save_model(self, request, obj, form, change):
        if not change:
            raw_key = obj.issue()
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            messages.warning(
                request,
                f"The key for {obj.name} is {raw_key} — copy it now: only its hash is kept, "
                "so it cannot be shown again. Send it with the header X-API-Key.",
            )
