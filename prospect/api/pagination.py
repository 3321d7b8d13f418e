"""Keyset (cursor) pagination: stable while commentaries are published, constant cost per page.

A cursor is the sort value and primary key of the last item returned, in URL-safe base64. It is
bound to the ordering it was made for; anything else is refused with 400, never a 500.
"""

import base64
import binascii
import json

from django.core.exceptions import ValidationError
from django.db.models import Q
from ninja.errors import HttpError

from prospect.pages import absolute_url

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


def encode(ordering, value, pk):
    # isoformat() keeps microseconds, which Django's JSON encoder would cut to milliseconds.
    data = json.dumps([ordering, value, pk], default=lambda v: v.isoformat(), ensure_ascii=False)
    return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")


def decode(cursor, ordering, field):
    """(value, pk) after which the next page starts; HttpError(400) for a cursor we did not make."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        made_for, value, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if made_for != ordering or not isinstance(pk, int) or "\x00" in str(value):
            raise ValueError  # (PostgreSQL refuses NUL in text)
        return field.to_python(value), pk
    except (ValueError, TypeError, binascii.Error, UnicodeError, ValidationError):
        raise HttpError(400, "Invalid cursor: use the `next` link of a previous page.") from None


def keyset_page(queryset, request, *, ordering, orderings, cursor=None, limit=DEFAULT_LIMIT):
    """One page of ``queryset`` in ``ordering`` (a key of ``orderings``: name → (field, desc)).

    Returns ``{"next": url or None, "results": [...]}``; ``next`` repeats the request's own
    query with the new cursor, as an absolute address from SITE_URL.
    """
    name, descending = orderings[ordering]
    field = queryset.model._meta.get_field(name)
    sign = "-" if descending else ""
    queryset = queryset.order_by(f"{sign}{name}", f"{sign}pk")
    if cursor:
        value, pk = decode(cursor, ordering, field)
        after = "lt" if descending else "gt"
        queryset = queryset.filter(
            Q(**{f"{name}__{after}": value}) | Q(**{name: value, f"pk__{after}": pk})
        )
    items = list(queryset[: limit + 1])
    next_url = None
    if len(items) > limit:
        items = items[:limit]
        last = items[-1]
        query = request.GET.copy()
        query["cursor"] = encode(ordering, getattr(last, name), last.pk)
        next_url = absolute_url(f"{request.path}?{query.urlencode()}")
    return {"next": next_url, "results": items}
