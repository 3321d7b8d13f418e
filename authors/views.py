from itertools import groupby

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import ListView

from articles.cards import cards
from articles.models import Article, public_topics
from prospect import structured_data
from prospect.caching import public_page
from prospect.kept_lists import KeptList, kept_object
from prospect.pages import ForgivingPaginationMixin, absolute_url, feed_links, page_meta

from .models import Affiliation, Author, AuthorExpertise, AuthorRedirect

MAX_NAME_QUERY = 100


@public_page.as_view_decorator(params=("q", "expertise", "page"))
class AuthorDirectoryView(ForgivingPaginationMixin, ListView):
    template_name = "authors/author_list.html"
    context_object_name = "authors"
    paginate_by = 100

    def get_queryset(self):
        authors = Author.objects.public().prefetch_related(
            Prefetch("affiliations", queryset=Affiliation.objects.select_related("organization"))
        )
        self.query = " ".join(self.request.GET.get("q", "").split())[:MAX_NAME_QUERY]
        self.query = "".join(c for c in self.query if c.isprintable())
        if self.query:
            authors = authors.filter(
                Q(display_name__icontains=self.query)
                | Q(sort_name__icontains=self.query)
                | Q(other_script_name__icontains=self.query)
            )
        topic = self.request.GET.get("expertise", "")
        self.expertise = public_topics().filter(slug=topic).first() if topic else None
        if self.expertise:
            authors = authors.filter(expertise=self.expertise)
        return authors.order_by("sort_name", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = [(letter, list(people)) for letter, people in
                  groupby(context["authors"], key=lambda a: a.initial)]  # fmt: skip
        active = {k: v for k, v in (("q", self.query),) if v}
        if self.expertise:
            active["expertise"] = self.expertise.slug
        of_public_authors = AuthorExpertise.objects.filter(
            content_object__in=Author.objects.public()
        )
        expertise_choices = public_topics().filter(pk__in=of_public_authors.values("tag"))
        context.update(
            groups=groups,
            query=self.query,
            expertise=self.expertise,
            expertise_choices=expertise_choices.distinct().order_by("name"),
            page_query=urlencode(active),
            **page_meta(self.request, _("Authors"), keep=("q", "expertise", "page")),
        )
        return context


@public_page.as_view_decorator
class AuthorDetailView(ForgivingPaginationMixin, ListView):
    """An author and their live commentaries (reached through the bylines relation), as the
    same cards as every list; the profile and the list are kept by version."""

    template_name = "authors/author_detail.html"
    context_object_name = "articles"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        slug = self.kwargs["slug"]
        try:
            # The profile shows the author, their affiliations (dated: the people clock),
            # portrait, links and expertise; whether they are public depends on live bylines.
            self.author = kept_object(
                f"author:{slug}",
                ["people", "clock:people", "pictures", "clock:pictures", "topics", "articles",
                 "clock:articles"],
                lambda: _public_author(slug),
            )  # fmt: skip
        except Http404:
            moved = AuthorRedirect.objects.select_related("author").filter(
                old_slug=slug, author__in=Author.objects.public()
            )
            if moved.exists():
                return redirect(moved.first().author, permanent=True)
            raise
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        live = Article.objects.live()
        theirs = live.filter(pk__in=self.author.bylines.values("article"))
        return KeptList(
            f"author:{self.author.pk}",
            ["articles", "clock:articles"],
            theirs.order_by("-publish_at", "-pk"),
        )

    def get_context_data(self, **kwargs):
        author = self.author
        feeds = feed_links(
            author.display_name,
            reverse("feeds:author_rss", args=[author.slug]),
            reverse("feeds:author_atom", args=[author.slug]),
        )
        context = super().get_context_data(
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
        context["cards"] = cards(context["articles"], level=3)
        context["json_ld"] = structured_data.dumps(
            {
                "@type": "ProfilePage",
                "url": absolute_url(author.get_absolute_url()),
                "mainEntity": structured_data.person(
                    author, description=author.bio_line(), affiliations=author.affiliations_on()
                ),
            },
            structured_data.publisher(),
        )
        return context


def _public_author(slug):
    """The public author at ``slug``, with everything their profile shows, or Http404."""
    author = (
        Author.objects.public()
        .select_related("portrait")
        .prefetch_related(
            Prefetch("affiliations", queryset=Affiliation.objects.select_related("organization")),
            "links",
            "expertise",
        )
        .filter(slug=slug)
        .first()
    )
    if author is None:
        raise Http404("No such author.")
    return author
