from django.contrib import admin
from django.db.models import Count

from ..models import Series


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "next_number", "article_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        articles = Count("articles")
        return super().get_queryset(request).annotate(article_count=articles).order_by("name")

    @admin.display(ordering="article_count", description="articles")
    def article_count(self, series):
        return series.article_count
