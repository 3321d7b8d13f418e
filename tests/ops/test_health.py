"""Probes, request ids and JSON logs."""

import json
import logging

import pytest
from django.db import connection, connections

from prospect.objectstorage import storage_from_env
from prospect.observability import JsonFormatter, RequestIdFilter

CLOSED_PORT = 8869  # nothing listens here: a service that is down


@pytest.mark.django_db
def test_healthz_touches_nothing(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_probes_answer_any_host_over_plain_http(client, settings):
    settings.ALLOWED_HOSTS = ["example.org"]
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz", HTTP_HOST="10.0.0.5").status_code == 200


@pytest.mark.django_db
def test_readyz_reports_each_dependency(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "storage": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_is_503_naming_an_unreachable_cache(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": f"redis://127.0.0.1:{CLOSED_PORT}/0"}}  # fmt: skip
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable" and response.json()["database"] == "ok"


@pytest.mark.django_db
def test_readyz_is_503_naming_unreachable_storage(client, settings):
    env = {"STORAGE_BUCKET": "b", "STORAGE_ENDPOINT_URL": f"http://127.0.0.1:{CLOSED_PORT}",
           "STORAGE_ACCESS_KEY_ID": "k", "STORAGE_SECRET_ACCESS_KEY": "s"}  # fmt: skip
    settings.STORAGES = {**settings.STORAGES, "default": storage_from_env(env)}
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["storage"] == "unavailable"


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_is_away(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise connection.Database.OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["database"] == "unavailable"


def test_request_id_is_kept_from_the_proxy_or_made(client):
    assert client.get("/robots.txt", HTTP_X_REQUEST_ID="req-12345678")["X-Request-ID"] == (
        "req-12345678"
    )
    made = client.get("/robots.txt", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert len(made) == 32 and made.isalnum()


def test_json_log_lines_carry_the_request_id(client, caplog):
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Keep()
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("prospect.request")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    try:
        client.get("/robots.txt", HTTP_X_REQUEST_ID="req-abcdefgh")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    line = json.loads(JsonFormatter().format(records[-1]))
    assert line["request_id"] == "req-abcdefgh"
    assert line["message"] == "GET /robots.txt 200" and line["status"] == 200
    assert line["level"] == "INFO" and line["time"].endswith("Z")
