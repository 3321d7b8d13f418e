"""Query budgets of the API: constant in the number of items, authors, topics and notes."""

import pytest

from articles.models import EditorNote
from tests.factories import make_article, make_author, make_picture, make_series

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def catalogue():
    series = make_series()
    authors = [make_author(title="Fellow") for _ in range(3)]
    articles = [
        make_article(series=series, authors=authors, tags=["A", "B", f"T{i}"],
                     lead_image=make_picture(credit_source="Agency"), status="published")
        for i in range(6)
    ]  # fmt: skip
    for article in articles:
        EditorNote.objects.create(article=article, kind="correction", body="Fixed.")
    return articles


# The content stamp is one query of every response (prospect/caching.py).
BUDGETS = {
    "/commentaries": 4,  # stamp, articles, bylines with authors, topics
    "/commentaries?ordering=title&series=x": 4,
    "/search?q=body": 5,  # stamp, count, articles, bylines, topics
    "/authors": 3,  # stamp, authors with counts, affiliations
    "/series": 2,
    "/topics": 2,
}


@pytest.mark.parametrize("path", BUDGETS)
def test_list_query_budget_is_constant(client, catalogue, path, django_assert_max_num_queries):
    with django_assert_max_num_queries(BUDGETS[path]):
        assert client.get(API + path).status_code == 200


def test_detail_query_budgets(client, catalogue, django_assert_max_num_queries):
    article = catalogue[0]
    # stamp, article (with its translation), bylines, their authors' affiliations and
    # organizations, notes, topics
    with django_assert_max_num_queries(7):
        assert client.get(f"{API}/commentaries/{article.slug}").status_code == 200
    author = article.bylines.first().author
    # stamp, author, affiliations, links
    with django_assert_max_num_queries(4):
        assert client.get(f"{API}/authors/{author.slug}").status_code == 200


def test_a_cached_answer_makes_no_query(client, catalogue, django_assert_num_queries):
    # The public content stamp lives in the cache (prospect/stamp.py), so not even it is read.
    client.get(f"{API}/commentaries")
    with django_assert_num_queries(0):
        assert client.get(f"{API}/commentaries").status_code == 200


def test_the_cache_keeps_exactly_the_query_parameters_the_api_documents(client):
    from prospect.api.api import QUERY_PARAMETERS

    document = client.get("/api/v1/openapi.json").json()
    documented = {
        parameter["name"]
        for path in document["paths"].values()
        for operation in path.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    }
    assert documented == set(QUERY_PARAMETERS)
