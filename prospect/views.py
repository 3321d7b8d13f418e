from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.static import serve

from articles.models import Article, Series
from prospect.caching import public_page
from prospect.pages import absolute_url, feed_links, page_meta


@public_page(params=())
def home(request):
    live = Article.objects.live().for_listing().newest_first()
    featured = list(live.featured()[:3])
    latest = live.exclude(pk__in=[a.pk for a in featured])[:10]
    context = {
        "featured": featured,
        "latest": latest,
        "series_list": Series.objects.filter(articles__in=Article.objects.live()).distinct(),
        **page_meta(
            request,
            "",
            feeds=feed_links("All commentaries", reverse("feeds:rss"), reverse("feeds:atom")),
        ),
    }
    return render(request, "home.html", context)


@require_GET
def media(request, path):
    """Uploaded files, in development and tests only (SERVE_MEDIA); production serves them
    from the web server or object storage."""
    if not settings.SERVE_MEDIA:
        raise Http404("Media is not served by the application.")
    return serve(request, path, document_root=settings.MEDIA_ROOT)


@require_GET
def healthz(request):
    """Liveness and database reachability, for load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database failure means "not healthy", never a 500 page
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "Disallow: /search/",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
