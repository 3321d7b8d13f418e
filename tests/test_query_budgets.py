"""Query budgets of public pages: the article page in six queries cold and none cached, and
every list in a number of queries that does not grow with what it lists."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_article, make_author, make_picture, make_series

pytestmark = pytest.mark.django_db


def build(n, series, author):
    picture = make_picture(credit_source="Agency")
    for i in range(n):
        co_author = make_author(f"Co Author {series.pk}-{i}", title="Fellow")
        make_article(f"Listed {series.pk}-{i}", series=series, authors=[author, co_author],
                     tags=["Japan", f"Topic {i}"], status="published",
                     lead_image=picture)  # fmt: skip


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured.captured_queries)


def test_article_page_takes_at_most_six_queries_cold_and_none_cached(client):
    author = make_author("Ann Author", title="Fellow")
    series = make_series("Budget series")
    build(4, series, author)
    picture = make_picture(credit_source="Agency")
    article = make_article("Measured", series=series, authors=[author], tags=["Japan"],
                           status="published", lead_image=picture)  # fmt: skip
    cold = queries(client, article.get_absolute_url())
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Related commentaries" in html
    assert cold <= 6, cold
    print("article page cold queries", cold)
    assert queries(client, article.get_absolute_url()) == 0


@pytest.mark.parametrize(
    "page", ["home", "archive", "series", "topic", "author", "authors", "feed", "sitemap"]
)
def test_list_pages_take_as_many_queries_for_twelve_items_as_for_two(client, page):
    counts = []
    for n in (2, 12):
        cache.clear()
        author = make_author(f"Prolific {n}", title="Fellow")
        series = make_series(f"Series {n}")
        build(n, series, author)
        path = {
            "home": reverse("home"),
            "archive": reverse("articles:list"),
            "series": series.get_absolute_url(),
            "topic": reverse("articles:topic", args=["japan"]),
            "author": author.get_absolute_url(),
            "authors": reverse("authors:list"),
            "feed": reverse("feeds:rss"),
            "sitemap": reverse("sitemap"),
        }[page]
        counts.append(queries(client, path))
    assert counts[0] == counts[1], counts
