from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET

from articles.cards import cards
from articles.models import Article, Series
from prospect.caching import public_page
from prospect.pages import absolute_url, feed_links, page_meta


@public_page(params=())
def home(request):
    live = Article.objects.live().language_first(get_language()).only("pk")
    featured = list(live.featured()[:3])
    latest = list(live.exclude(pk__in=[a.pk for a in featured])[:10])
    context = {
        "featured": cards(featured, level=3),
        "latest": cards(latest, level=3),
        "series_list": Series.objects.public(),
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
