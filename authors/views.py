from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from .models import Affiliation, Author


class AuthorDirectoryView(ListView):
    template_name = "authors/author_list.html"
    context_object_name = "authors"
    paginate_by = 100

    def get_queryset(self):
        return Author.objects.listed().order_by("sort_name", "pk")


class AuthorDetailView(ListView):
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
        return super().get_context_data(author=self.author, **kwargs)
