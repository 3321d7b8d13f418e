from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import ListView

from prospect.caching import public_page
from prospect.pages import ForgivingPaginationMixin, feed_links, page_meta

from .models import Affiliation, Author


@public_page.as_view_decorator
class AuthorDirectoryView(ForgivingPaginationMixin, ListView):
    template_name = "authors/author_list.html"
    context_object_name = "authors"
    paginate_by = 100

    def get_queryset(self):
        return Author.objects.listed().order_by("sort_name", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**page_meta(self.request, "Authors"), **kwargs)


@public_page.as_view_decorator
class AuthorDetailView(ForgivingPaginationMixin, ListView):
    """An author and their live commentaries, reached through the bylines relation."""

    template_name = "authors/author_detail.html"
    context_object_name = "bylines"
    paginate_by = 20

    def get_queryset(self):
        self.author = get_object_or_404(
            Author.objects.prefetch_related(
                Prefetch(
                    "affiliations",
                    queryset=Affiliation.objects.select_related("organization"),
                ),
                "links",
            ),
            slug=self.kwargs["slug"],
        )
        return (
            self.author.bylines.live()
            .select_related("article__series")
            .order_by("-article__publish_at", "-article__pk")
        )

    def get_context_data(self, **kwargs):
        author = self.author
        feeds = feed_links(
            author.display_name,
            reverse("feeds:author_rss", args=[author.slug]),
            reverse("feeds:author_atom", args=[author.slug]),
        )
        return super().get_context_data(
            author=author,
            current_affiliations=author.affiliations_on(),
            **page_meta(
                self.request,
                author.display_name,
                description=author.bio_line(),
                kind="profile",
                feeds=feeds,
            ),
            **kwargs,
        )
