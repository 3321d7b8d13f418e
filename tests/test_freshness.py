"""The receiver list behind the public content stamp is complete, and each entry moves it."""

import re

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import workflow
from articles.freshness import PUBLIC_MODELS
from authors.models import AuthorLink
from prospect import stamp
from tests.factories import make_article, make_author, make_picture

pytestmark = pytest.mark.django_db

TABLE = re.compile(r'(?:FROM|JOIN)\s+"?(\w+)"?', re.I)


@pytest.fixture
def site():
    author = make_author("Ann Author", title="Fellow", other_script_name="安")
    author.expertise.add("Maritime law")
    AuthorLink.objects.create(author=author, label="Site", url="https://example.org/")
    picture = make_picture(credit_source="Agency")
    article = make_article("Pictured", authors=[author], tags=["Japan"], status="published",
                           lead_image=picture, summary="Sea lanes.")  # fmt: skip
    make_article("Second", authors=[author], tags=["Japan"], status="published",
                 series=article.series)  # fmt: skip
    gone = make_article("Gone", authors=[author], status="published")
    workflow.withdraw(gone)
    return article, author, gone


def every_page(article, author, gone):
    series, slug = article.series.slug, article.slug
    return [
        reverse("home"), "/zh-hant/", reverse("articles:list") + "?topic=japan&year=2020",
        article.get_absolute_url(), gone.get_absolute_url(),
        *(reverse("articles:cite", args=[slug, fmt]) for fmt in ("bib", "ris", "json")),
        article.series.get_absolute_url(), reverse("articles:topic", args=["japan"]),
        reverse("authors:list") + "?q=ann", reverse("authors:list") + "?expertise=maritime-law",
        author.get_absolute_url(), reverse("search") + "?q=sea",
        reverse("feeds:rss"), reverse("feeds:atom"),
        reverse("feeds:series_rss", args=[series]), reverse("feeds:topic_atom", args=["japan"]),
        reverse("feeds:author_rss", args=[author.slug]), reverse("sitemap"), reverse("robots"),
    ]  # fmt: skip


def test_every_table_a_public_page_reads_belongs_to_a_model_on_the_receiver_list(client, site):
    models = {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}
    read = {}
    for path in every_page(*site):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code in (200, 410), path
        for query in queries.captured_queries:
            for table in TABLE.findall(query["sql"]):
                if table in models:
                    read.setdefault(models[table], path)
    missing = {model._meta.label: path for model, path in read.items()
               if model not in PUBLIC_MODELS}  # fmt: skip
    assert not missing, f"public pages read models whose writes do not move the stamp: {missing}"


@pytest.mark.parametrize("label", sorted(m._meta.label for m in PUBLIC_MODELS))
def test_writing_a_public_row_of_each_listed_model_moves_the_stamp(site, label):
    model = apps.get_model(label)
    article, author, _gone = site
    rows = {
        "articles.Article": article,
        "articles.Byline": article.bylines.first(),
        "articles.TaggedArticle": article.tags.through.objects.filter(
            content_object=article
        ).first(),
        "articles.Series": article.series,
        "articles.EditorNote": article.notes.create(kind="correction", body="Fixed."),
        "authors.Affiliation": author.affiliations.first(),
        "authors.Author": author,
        "authors.AuthorExpertise": author.expertise.through.objects.filter(
            content_object=author
        ).first(),
        "authors.AuthorLink": author.links.first(),
        "authors.AuthorRedirect": author.redirects.create(old_slug="old-address"),
        "authors.Organization": author.affiliations.first().organization,
        "images.ImageCredit": article.lead_image,
        "taggit.Tag": article.tags.first(),
    }
    row = rows[label]
    assert isinstance(row, model)
    before = stamp.current().token
    row.save()
    assert stamp.current().token != before
