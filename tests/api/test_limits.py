"""Rate limits, partners' keys, CORS and conditional requests of the API."""

import os
import subprocess
import sys
import uuid

import pytest
from django.contrib.admin.sites import site

from prospect.api import limits
from prospect.api.models import ApiKey, digest
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def limit(settings):
    settings.API_ANONYMOUS_REQUESTS_PER_MINUTE = 3
    return 3


def test_anonymous_client_past_its_limit_gets_429_with_retry_after(client, limit):
    for n in range(limit):
        response = client.get(f"{API}/topics")
        assert response.status_code == 200
        assert response["RateLimit-Remaining"] == str(limit - n - 1)
    response = client.get(f"{API}/topics")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["detail"].startswith("Too many requests")
    # Another address has its own allowance.
    assert client.get(f"{API}/topics", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_limit_applies_to_cached_and_not_modified_answers_too(client, limit):
    etag = client.get(f"{API}/series")["ETag"]
    for _ in range(limit - 1):
        assert client.get(f"{API}/series", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(f"{API}/series", HTTP_IF_NONE_MATCH=etag).status_code == 429


def test_the_site_itself_is_not_limited(client, limit):
    for _ in range(limit + 2):
        assert client.get("/healthz").status_code == 200


def test_a_new_minute_starts_a_new_count(limit):
    now = 60 * 16_667 + 20.0
    assert limits.hit("address:1.2.3.4", now) == (1, 40)
    assert limits.hit("address:1.2.3.4", now + 39) == (2, 1)
    assert limits.hit("address:1.2.3.4", now + 40) == (1, 60)


REDIS_URL = "redis://127.0.0.1:6379/7"
COUNT_IN_ANOTHER_PROCESS = """
import django, sys
django.setup()
from prospect.api.limits import hit
print(hit(sys.argv[1], float(sys.argv[2]))[0])
"""


@pytest.fixture
def client_on_redis(settings):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": REDIS_URL, "KEY_PREFIX": "test-limits"}}  # fmt: skip
    # A client name of its own, rather than flushing a database others may share; its counts
    # expire within two minutes.
    return f"address:test-{uuid.uuid4()}"


def test_counts_are_shared_between_processes_through_redis(client_on_redis, settings):
    """Two processes (this one and a fresh interpreter) count against one allowance."""
    client = client_on_redis
    now = 60 * 20_000 + 5.0
    assert limits.hit(client, now)[0] == 1
    env = {**os.environ, "REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": "test-limits",
           "DJANGO_SETTINGS_MODULE": "prospect.settings", "DJANGO_DEBUG": "1"}  # fmt: skip
    other = subprocess.run([sys.executable, "-c", COUNT_IN_ANOTHER_PROCESS, client, str(now + 1)],
                           env=env, cwd=settings.BASE_DIR, capture_output=True, text=True,
                           check=True)  # fmt: skip
    assert other.stdout.strip() == "2"
    assert limits.hit(client, now + 2)[0] == 3


def test_partner_key_gets_its_own_higher_limit(client, limit):
    key = ApiKey(name="Partner", requests_per_minute=limit + 5)
    raw = key.issue()
    key.save()
    for _ in range(limit + 5):
        assert client.get(f"{API}/topics", HTTP_X_API_KEY=raw).status_code == 200
    response = client.get(f"{API}/topics", HTTP_X_API_KEY=raw)
    assert response.status_code == 429 and response["RateLimit-Limit"] == str(limit + 5)
    # Anonymous use from the same address is counted apart.
    assert client.get(f"{API}/topics").status_code == 200


def test_unknown_or_revoked_key_is_refused_not_treated_as_anonymous(client):
    key = ApiKey(name="Partner")
    raw = key.issue()
    key.save()
    assert client.get(f"{API}/topics", HTTP_X_API_KEY="pk_wrong").status_code == 401
    key.active = False
    key.save()
    response = client.get(f"{API}/topics", HTTP_X_API_KEY=raw)
    assert response.status_code == 401 and "revoked" in response.json()["detail"]


def test_only_the_hash_of_a_key_is_stored(admin_client):
    response = admin_client.post(
        "/admin/api/apikey/add/",
        {"name": "Newsletter", "requests_per_minute": 600, "active": "on"},
        follow=True,
    )
    shown = next(m.message for m in response.context["messages"] if "pk_" in m.message)
    raw = shown.split(" is ", 1)[1].split(" ", 1)[0]
    key = ApiKey.objects.get(name="Newsletter")
    assert key.key_hash == digest(raw) and raw not in str(list(ApiKey.objects.values()))
    assert raw.startswith(key.prefix)
    assert ApiKey.objects.matching(raw) == key


def test_api_keys_are_managed_in_the_admin():
    assert ApiKey in site._registry
    staff = make_user(is_staff=True)
    assert not staff.has_perm("api.add_apikey")


def test_any_origin_may_read_the_api_with_get(client):
    response = client.get(f"{API}/topics", HTTP_ORIGIN="https://partner.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        f"{API}/topics",
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="x-api-key",
    )
    assert preflight.status_code == 200
    assert "x-api-key" in preflight["Access-Control-Allow-Headers"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    # The site's own pages are not opened to other origins.
    page = client.get("/", HTTP_ORIGIN="https://partner.example")
    assert "Access-Control-Allow-Origin" not in page


def test_etag_follows_the_public_content_stamp(client):
    article = make_article(status="published")
    first = client.get(f"{API}/commentaries/{article.slug}")
    etag = first["ETag"]
    assert (
        client.get(f"{API}/commentaries/{article.slug}", HTTP_IF_NONE_MATCH=etag).status_code == 304
    )
    make_article(status="published")  # any public change moves the stamp
    again = client.get(f"{API}/commentaries/{article.slug}", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and again["ETag"] != etag


def test_answers_do_not_follow_the_readers_language(client):
    article = make_article(status="published")
    english = client.get(f"{API}/commentaries/{article.slug}")
    chinese = client.get(f"{API}/commentaries/{article.slug}", HTTP_ACCEPT_LANGUAGE="zh-hant")
    assert english.content == chinese.content and english["ETag"] == chinese["ETag"]


def test_head_answers_like_get_and_writes_are_refused(client):
    make_article(status="published")
    got, head = client.get(f"{API}/commentaries"), client.head(f"{API}/commentaries")
    assert head.status_code == 200 and head["ETag"] == got["ETag"]
    assert client.post(f"{API}/commentaries").status_code == 405


def test_openapi_document_is_3_1_and_documents_limits_and_keys(client):
    document = client.get(f"{API}/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    assert document["components"]["securitySchemes"]["ApiKey"]["name"] == "X-API-Key"
    operation = document["paths"]["/api/v1/commentaries/{slug}"]["get"]
    assert operation["operationId"] == "get_commentary"
    assert {"200", "304", "401", "404", "410", "422", "429"} <= set(operation["responses"])
    assert "Retry-After" in operation["responses"]["429"]["headers"]


def test_issuing_a_new_secret_retires_the_old_one(admin_client):
    key = ApiKey(name="Partner")
    old = key.issue()
    key.save()
    response = admin_client.post(
        "/admin/api/apikey/",
        {"action": "issue_new_secret", "_selected_action": [key.pk]},
        follow=True,
    )
    shown = next(m.message for m in response.context["messages"] if "pk_" in m.message)
    new = shown.split(" is ", 1)[1].split(" ", 1)[0]
    assert ApiKey.objects.matching(old) is None
    assert ApiKey.objects.matching(new) == key
