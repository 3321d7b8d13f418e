"""Public pages. Every queryset here starts from Article.objects.live()."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.generic import ListView
from taggit.models import Tag

from ..models import Article, Byline, Series
from ..rendering import article_page_context


def article_detail(request, slug):
    article = (
        Article.objects.live()
        .select_related("series", "lead_image")
        .prefetch_related(
            _bylines_with_authors(),
            "notes",
            "tags",
        )
        .filter(slug=slug)
        .first()
    )
    if article is None:
        withdrawn = Article.objects.withdrawn().filter(slug=slug).first()
        if withdrawn is None:
            raise Http404("No such commentary.")
        return render(
            request, "articles/article_withdrawn.html", {"article": withdrawn}, status=410
        )
    return render(request, "articles/article_detail.html", article_page_context(article))


def _bylines_with_authors():
    return Prefetch("bylines", queryset=Byline.objects.select_related("author"))


class LiveArticleListMixin:
    """The one base for public article lists: live articles, newest first, cards prefetched."""

    paginate_by = 20
    template_name = "articles/article_list.html"
    context_object_name = "articles"

    def get_queryset(self):
        return self.filter_articles(Article.objects.live()).for_listing().newest_first()

    def filter_articles(self, articles):
        return articles

    def paginate_queryset(self, queryset, page_size):
        # A bad or out-of-range ?page= shows the nearest real page instead of an error.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class ArchiveView(LiveArticleListMixin, ListView):
    extra_context = {"heading": "All commentaries"}


class SeriesView(LiveArticleListMixin, ListView):
    def filter_articles(self, articles):
        self.series = get_object_or_404(Series, slug=self.kwargs["slug"])
        return articles.filter(series=self.series)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=self.series.name, description=self.series.description, **kwargs
        )


class TopicView(LiveArticleListMixin, ListView):
    def filter_articles(self, articles):
        self.topic = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return articles.filter(tags=self.topic)

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=f"Topic: {self.topic.name}", **kwargs)
