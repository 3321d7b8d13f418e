from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET

from articles.cards import cards
from articles.models import Article, Series
from prospect import fragments
from prospect.caching import public_page
from prospect.pages import absolute_url, feed_links, page_meta


@public_page(params=())
def home(request):
    # Which commentaries and series the home page lists changes with publications only.
    featured, latest, series_list = fragments.fragment(
        "home-lists", ["articles", "clock:articles", "series"], lambda _recorder: _home_lists()
    )
    context = {
        "featured": cards(featured, level=3),
        "latest": cards(latest, level=3),
        "series_list": series_list,
        **page_meta(
            request,
            "",
            feeds=feed_links(
                gettext("All commentaries"),
                reverse("feeds:rss"),
                reverse("feeds:atom"),
                reverse("feeds:json"),
            ),
        ),
    }
    return render(request, "home.html", context)


def _home_lists():
    """(three featured commentaries, the ten newest others, the public series)."""
    live = Article.objects.live().language_first(get_language())
    featured = list(live.featured().values_list("pk", flat=True)[:3])
    latest = list(live.exclude(pk__in=featured).values_list("pk", flat=True)[:10])
    return featured, latest, list(Series.objects.public())


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
