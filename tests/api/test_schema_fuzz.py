"""Property-based tests of the API against its own OpenAPI document (schemathesis): whatever a
client sends within or outside the schema, no answer is a server error and every answer conforms
to the document (status code, content type, headers, body)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from articles.models import EditorNote
from prospect.wsgi import application
from tests.factories import make_article, make_author, make_picture, make_series

# Examples per operation: enough to reach every parameter and error path, small enough that the
# nine operations finish in well under a minute. Raise it locally to explore further.
EXAMPLES = 25


@pytest.fixture(autouse=True)
def content(db, settings):
    settings.API_ANONYMOUS_REQUESTS_PER_MINUTE = 100_000
    series = make_series("Prospects & Perspectives")
    writer = make_author("Hideshi Tokuchi", title="President", orcid="0000-0002-1825-0097")
    article = make_article("A live commentary", series=series, authors=[writer],
                           tags=["Taiwan"], status="published",
                           lead_image=make_picture(credit_source="Agency"))  # fmt: skip
    EditorNote.objects.create(article=article, kind="correction", body="Fixed.")
    make_article("中文版", language="zh-hant", series=series, status="published",
                 translation_key=article.translation_key)  # fmt: skip
    make_article("Withdrawn one", series=series, status="withdrawn")
    make_article("A draft", series=series)
    # As Django's own test client does: the WSGI handler would otherwise close the database
    # connection after each request, and with it the test's transaction (on PostgreSQL).
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


# A cursor is opaque: any string fits the schema, but one the API did not make is refused with
# 400 (documented), so 400 is an expected answer to schema-valid input.
CONFIG = SchemathesisConfig.from_dict(
    {"checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "304", "400", "404"]}}}
)
# Loading the document needs no database: it is made from the code alone.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,  # the same examples on every run: CI stays reproducible
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema_and_never_fails(case):
    case.call_and_validate()
