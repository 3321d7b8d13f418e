"""The admin page of the editorial calendar (articles/calendar.py builds the month)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone

from .. import calendar


def calendar_view(request):
    # Editorial staff only: bio staff keep authors, not the publication plan.
    if not request.user.has_perm("articles.view_article"):
        raise PermissionDenied
    today = timezone.localdate()
    first = calendar.parse_month(request.GET.get("month"), today)
    all_series = calendar.series_choices()
    series = next((s for s in all_series if str(s.pk) == request.GET.get("series")), None)
    context = {
        **admin.site.each_context(request),
        "title": f"Editorial calendar: {first:%B %Y}",
        "first": first,
        "weeks": calendar.month(request.user, first, series),
        "weekdays": calendar.WEEKDAYS,
        "previous": calendar.shift(first, -1),
        "next": calendar.shift(first, 1),
        "this_month": today.replace(day=1),
        "all_series": all_series,
        "series": series,
    }
    return TemplateResponse(request, "admin/articles/calendar.html", context)
