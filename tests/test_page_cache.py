"""The public page cache: what a cached hit costs, what moves the stamp, what never does."""

import datetime
import logging
import re

import pytest
import time_machine
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import empty
from taggit.models import Tag

from articles import workflow
from tests.factories import make_article, make_author, make_picture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def live():
    author = make_author("Ann Author", title="Fellow")
    return make_article("Cached commentary", authors=[author], tags=["Japan"],
                        status="published")  # fmt: skip


def page_paths(article):
    author = article.bylines.first().author
    return [
        article.get_absolute_url(),
        reverse("home"),
        reverse("articles:list"),
        article.series.get_absolute_url(),
        reverse("articles:topic", args=["japan"]),
        author.get_absolute_url(),
        reverse("authors:list"),
        reverse("feeds:rss"),
        reverse("sitemap"),
        reverse("articles:cite", args=[article.slug, "bib"]),
    ]


@pytest.mark.parametrize("index", range(10))
def test_a_cached_anonymous_hit_makes_no_query_and_never_opens_session_or_user(
    client, live, index, django_assert_num_queries
):
    path = page_paths(live)[index]
    first = client.get(path)
    with django_assert_num_queries(0):
        again = client.get(path)
    assert again.status_code == 200 and again.content == first.content
    request = again.wsgi_request
    assert not request.session.accessed
    assert request.user._wrapped is empty  # the lazy user was never looked up


def test_a_conditional_request_is_answered_with_no_query(client, live, django_assert_num_queries):
    first = client.get(live.get_absolute_url())
    with django_assert_num_queries(0):
        again = client.get(live.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_saving_a_draft_never_moves_the_public_etag_or_last_modified(client, live):
    first = client.get(live.get_absolute_url())
    author = live.bylines.first().author
    draft = make_article("Secret draft", series=live.series, authors=[author],
                         tags=["Embargoed topic", "Japan"])  # fmt: skip
    draft.title = "Secret draft, second pass"
    draft.save()
    make_article("Submitted", series=live.series, status="in_review")
    again = client.get(live.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Last-Modified"] == first["Last-Modified"]


def test_editing_a_working_copy_never_moves_the_public_etag(client, live):
    first = client.get(reverse("home"))
    copy = workflow.start_working_copy(live, by=None)
    copy.title = "Not yet public"
    copy.save()
    again = client.get(reverse("home"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_renaming_a_topic_moves_the_stamp(client, live):
    first = client.get(live.get_absolute_url())
    tag = Tag.objects.get(slug="japan")
    tag.name = "Japan (renamed)"
    tag.save()
    again = client.get(live.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and "Japan (renamed)" in again.content.decode()


def test_a_picture_whose_rights_expire_leaves_cached_pages_on_time(client):
    today = timezone.localdate()
    picture = make_picture(credit_source="Agency Until Today", rights_expire_on=today)
    article = make_article("Pictured", status="published", lead_image=picture)
    first = client.get(article.get_absolute_url())
    assert "Agency Until Today" in first.content.decode()
    tomorrow = timezone.make_aware(datetime.datetime.combine(today, datetime.time(0, 1)))
    with time_machine.travel(tomorrow + datetime.timedelta(days=1)):
        again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and "Agency Until Today" not in again.content.decode()


def test_a_scheduled_article_appears_on_time_with_no_query_per_request_before(
    client, django_assert_num_queries
):
    make_article("Already out", status="published")
    at = timezone.now() + datetime.timedelta(hours=1)
    make_article("Arrives later", status="scheduled", at=at)
    assert "Arrives later" not in client.get(reverse("home")).content.decode()
    with django_assert_num_queries(0):
        client.get(reverse("home"))
    with time_machine.travel(at + datetime.timedelta(minutes=1)):
        assert "Arrives later" in client.get(reverse("home")).content.decode()


def test_unknown_query_parameters_share_one_cache_entry_and_never_reach_links(
    client, live, django_assert_num_queries
):
    first = client.get(reverse("articles:list") + "?utm_source=mail")
    assert "utm_source" not in first.content.decode()
    with django_assert_num_queries(0):
        for noise in ("?utm_source=x", "?fbclid=1&x=2", "?page=", "?_=12345"):
            response = client.get(reverse("articles:list") + noise)
            assert response.content == first.content


def test_known_query_parameters_still_select_what_is_shown(client, live):
    make_article("Other topic", tags=["Korea"], status="published")
    html = client.get(reverse("articles:list") + "?topic=korea&utm_source=x").content.decode()
    assert "Other topic" in html and "Cached commentary" not in html


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch", "trace"])
def test_only_reads_render_public_pages(client, live, method):
    for path in page_paths(live):
        response = getattr(client, method)(path)
        assert response.status_code == 405, path
        assert "GET" in response["Allow"]
        assert "Cached commentary" not in response.content.decode()


def test_options_says_what_is_allowed_without_rendering(client, live):
    response = client.options(live.get_absolute_url())
    assert response.status_code == 200 and response.content == b""
    assert set(re.split(r",\s*", response["Allow"])) == {"GET", "HEAD", "OPTIONS"}


# --- database outage -----------------------------------------------------------------------


@pytest.fixture
def database_down(monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    def start():
        monkeypatch.setattr(connection, "cursor", down)

    return start


def test_pages_already_rendered_are_served_while_the_database_is_down(
    client, live, database_down, caplog
):
    paths = page_paths(live)
    rendered = {path: client.get(path).content for path in paths}
    workflow.withdraw(make_article("Moves the stamp", status="published"))
    database_down()
    with caplog.at_level(logging.WARNING):
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            assert response.content == rendered[path]
    assert not any(record.exc_info for record in caplog.records)


def test_pages_never_rendered_answer_503_with_retry_after_and_no_traceback(
    client, live, database_down, caplog
):
    client.get(live.get_absolute_url())  # fills the stamp
    database_down()
    with caplog.at_level(logging.WARNING):
        response = client.get(reverse("articles:list") + "?page=2")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "Back shortly" in response.content.decode()
    assert not any(record.exc_info for record in caplog.records)


# --- several app processes ------------------------------------------------------------------


def redis_or_skip():
    import os

    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip(f"Redis is not reachable at {url}")
    return url


def test_two_processes_sharing_redis_see_a_publication_at_once(client, settings):
    """Each process has its own cache client; the stamp they read is the one in Redis."""
    import uuid

    from django.core.cache.backends.redis import RedisCache

    from prospect import stamp

    url = redis_or_skip()
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": url, "KEY_PREFIX": prefix}}  # fmt: skip
    other_process = RedisCache(url, {"KEY_PREFIX": prefix})
    try:
        make_article("Already out", status="published")
        client.get(reverse("home"))
        seen_before = other_process.get(stamp.TOKEN_KEY)
        make_article("Just published", status="published")
        seen_after = other_process.get(stamp.TOKEN_KEY)
        assert seen_before is not None and seen_after != seen_before
        assert "Just published" in client.get(reverse("home")).content.decode()
    finally:  # only this test's keys: others may share the Redis database
        import redis

        connection = redis.Redis.from_url(url)
        for key in connection.scan_iter(f"{prefix}:*"):
            connection.delete(key)


def test_with_the_page_cache_off_every_request_renders(client, live, settings):
    client.get(live.get_absolute_url())  # cached while the cache was on
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE = False  # the other cache of rendered pieces: off too
    type(live).objects.filter(pk=live.pk).update(title="Retitled")  # no signal: only a render

    assert "Retitled" in client.get(live.get_absolute_url()).content.decode()
