"""The NinjaAPI object: routers, the caching every operation goes through, and the parts of the
OpenAPI document that the rate limiter and conditional requests add to every operation."""

from functools import wraps

from django.conf import settings
from django.utils import translation
from ninja import NinjaAPI

from prospect.caching import public_page

from . import catalogue, commentaries

DESCRIPTION = """Live commentaries of the series, their authors, series and topics, as JSON.

Read-only and open: no key is needed. Anonymous clients may make a limited number of requests a
minute; partners get a key (header `X-API-Key`) with a higher limit. Every response carries an
`ETag`: send it back in `If-None-Match` and an unchanged answer is a `304` with no body. Lists are
paginated by cursor: follow `next` until it is null.
"""


class ProspectAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation):
        return operation.view_func.__name__  # list_commentaries, get_author, …

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        # The document depends on the code alone: build it once per process (about 150 ms).
        key = (path_prefix, tuple(sorted((path_params or {}).items())))
        if key not in self._documents:
            schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
            self._documents[key] = with_common_responses(schema)
        return self._documents[key]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._documents = {}


def with_common_responses(schema):
    """Document what every operation may answer besides its own results: 304, 401 and 429."""
    schema.setdefault("components", {}).setdefault("securitySchemes", {})["ApiKey"] = {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
        "description": "Optional: a partner's key, for a higher rate limit.",
    }
    schema["security"] = [{}, {"ApiKey": []}]
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    limit_headers = {
        name: {"description": text, "schema": {"type": "integer"}}
        for name, text in (
            ("RateLimit-Limit", "Requests allowed in the current minute."),
            ("RateLimit-Remaining", "Requests left in the current minute."),
            ("RateLimit-Reset", "Seconds until the minute ends."),
        )
    }
    for operations in schema["paths"].values():
        for operation in operations.values():
            responses = operation["responses"]
            for response in responses.values():
                response.setdefault("headers", {}).update(limit_headers)
            responses["304"] = {"description": "Not modified since the ETag sent."}
            responses["401"] = {"description": "Unknown or revoked API key.", "content": error}
            responses["429"] = {
                "description": "Too many requests: wait the seconds in Retry-After.",
                "content": error,
                "headers": {
                    "Retry-After": {
                        "description": "Seconds to wait.",
                        "schema": {"type": "integer"},
                    },
                    **limit_headers,
                },
            }
    return schema


def in_default_language(operation):
    """The API speaks no interface language: addresses and the cache key must not follow the
    reader's Accept-Language."""

    @wraps(operation)
    def wrapped(request, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return operation(request, *args, **kwargs)

    return wrapped


# Every query parameter an operation reads (tests/api/test_budgets.py checks this against the
# OpenAPI document). public_page drops any other before the cache key is made, so tracking tags
# and cache busters neither reach the operations nor multiply cached answers.
QUERY_PARAMETERS = (
    "author", "cursor", "language", "limit", "ordering", "page", "published_from",
    "published_to", "q", "series", "topic",
)  # fmt: skip


api = ProspectAPI(
    title="Prospect API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
)
for router in (commentaries.router, catalogue.router):
    # "view" mode wraps the whole operation (validation included). Applied in order, so the
    # language is set before public_page reads it for its cache key.
    router.add_decorator(public_page(params=QUERY_PARAMETERS, keep_blank=True), mode="view")
    router.add_decorator(in_default_language, mode="view")
    api.add_router("/", router)
