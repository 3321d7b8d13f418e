"""Nothing hidden leaks through the API: drafts, articles in review, scheduled and withdrawn ones
are absent from every endpoint, filter, count and search result, and appear at their time."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from tests.factories import make_article, make_author, make_series

pytestmark = pytest.mark.django_db

SECRET = "Hiddenword"
API = "/api/v1"
HIDDEN_STATES = ["draft", "in_review", "scheduled", "withdrawn"]


@pytest.fixture
def world():
    """A live neighbour sharing author, series and topic, so lists and counts are non-empty."""
    author = make_author("Shared Author", title="Fellow")
    series = make_series("Shared Series")
    neighbour = make_article("Live neighbour", series=series, authors=[author],
                             tags=["shared-topic"], status="published")  # fmt: skip
    return author, series, neighbour


def hidden_article(status, author, series, at=None):
    """Shares author, series and topic with the neighbour, and has its own private ones."""
    own_author = make_author(f"{SECRET} Guest", listed=False)
    return make_article(f"{SECRET} commentary", series=series, authors=[author, own_author],
                        tags=["shared-topic", f"{SECRET}-topic"], status=status, at=at,
                        summary=f"{SECRET} summary", body=f"<p>{SECRET} body</p>")  # fmt: skip


def private_series_article(status, at=None):
    return make_article(f"{SECRET} alone", series=make_series(f"{SECRET} Series"),
                        status=status, at=at)  # fmt: skip


def every_api_url(author, series, hidden):
    """Every endpoint, with every filter, that could show the hidden article or its parts."""
    secret_author = hidden.bylines.get(position=1).author
    return [
        "/commentaries",
        f"/commentaries?series={series.slug}",
        "/commentaries?topic=shared-topic",
        f"/commentaries?topic={SECRET.lower()}-topic",
        f"/commentaries?author={author.slug}",
        f"/commentaries?author={secret_author.slug}",
        "/commentaries?language=en",
        "/commentaries?published_from=2000-01-01&published_to=2100-01-01",
        "/commentaries?ordering=title",
        "/commentaries?ordering=published_at",
        "/authors",
        f"/authors?q={SECRET}",
        f"/authors/{author.slug}",
        "/series",
        f"/series/{series.slug}",
        "/topics",
        "/topics/shared-topic",
        "/search?q=body",
        f"/search?q={SECRET}",
    ]


def counts(client, author, series):
    return [
        client.get(f"{API}/authors/{author.slug}").json()["commentary_count"],
        client.get(f"{API}/series/{series.slug}").json()["commentary_count"],
        client.get(f"{API}/topics/shared-topic").json()["commentary_count"],
        client.get(f"{API}/search?q=body").json()["count"],
    ]


@pytest.mark.parametrize("status", HIDDEN_STATES)
def test_hidden_article_is_absent_from_every_api_endpoint_filter_and_count(client, world, status):
    author, series, neighbour = world
    hidden = hidden_article(status, author, series)
    alone = private_series_article(status)
    for path in every_api_url(author, series, hidden):
        response = client.get(API + path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert SECRET not in body and SECRET.lower() not in body, path
        assert hidden.slug not in body and alone.slug not in body, path
    assert counts(client, author, series) == [1, 1, 1, 1]
    assert client.get(f"{API}/commentaries/{neighbour.slug}").status_code == 200
    for article in (hidden, alone):
        expected = 410 if status == "withdrawn" else 404
        assert client.get(f"{API}/commentaries/{article.slug}").status_code == expected
    secret_author = hidden.bylines.get(position=1).author
    assert client.get(f"{API}/authors/{secret_author.slug}").status_code == 404
    assert client.get(f"{API}/series/{alone.series.slug}").status_code == 404
    assert client.get(f"{API}/topics/{SECRET.lower()}-topic").status_code == 404


def test_scheduled_article_appears_in_the_api_at_its_time(client, world):
    author, series, _ = world
    at = timezone.now() + datetime.timedelta(hours=2)
    hidden = hidden_article("scheduled", author, series, at=at)
    urls = [API + path for path in every_api_url(author, series, hidden)]
    for url in urls:  # warm every cache before the time
        client.get(url)
    with time_machine.travel(at + datetime.timedelta(seconds=1)):
        assert client.get(f"{API}/commentaries/{hidden.slug}").status_code == 200
        assert counts(client, author, series) == [2, 2, 2, 2]
        listed = client.get(f"{API}/commentaries?author={author.slug}").content.decode()
        assert hidden.slug in listed
        secret_author = hidden.bylines.get(position=1).author
        assert client.get(f"{API}/authors/{secret_author.slug}").status_code == 200
