"""One delivery per event and endpoint, sent by the task queue (prospect/tasks.py), which
retries with backoff; each attempt is written to the delivery log the admin shows."""

import json
import logging
import urllib.error
import urllib.request

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from prospect.tasks import background, enqueue

from ..models import WebhookDelivery, WebhookEndpoint
from . import signing
from .events import events_for

logger = logging.getLogger(__name__)

# About 17 hours of retries (30 s, 1, 2, 4 … 60 minutes) before a delivery is recorded as failed.
RETRIES = 20
TIMEOUT_SECONDS = 10
# Only the start of an answer is kept in the log: enough to diagnose, not a copy of a page.
ERROR_LIMIT = 500


class DeliveryFailed(Exception):
    """The receiver did not answer 2xx; the task queue tries again later."""


def announce(step):
    """Record and queue the deliveries of a workflow step (called on commit). A webhook problem
    never undoes or fails the editorial action that caused it: it is logged instead."""
    try:
        active = list(WebhookEndpoint.objects.filter(active=True))
        if not active:  # most sites: no reading of the article for events nobody receives
            return
        for event in events_for(step):
            for endpoint in active:
                if endpoint.wants(event.type):
                    queue(endpoint, event)
    except Exception:
        logger.exception("Webhooks for workflow event %s could not be queued", step.pk)


def queue(endpoint, event):
    payload = event.purge() if endpoint.kind == WebhookEndpoint.Kind.PURGE else event.document()
    with transaction.atomic():
        delivery, created = WebhookDelivery.objects.get_or_create(
            endpoint=endpoint, event_id=event.id,
            defaults={"event_type": event.type, "article_id": event.article.pk,
                      "payload": json.loads(json.dumps(payload, cls=DjangoJSONEncoder))},
        )  # fmt: skip
        if created:  # an event announced twice is delivered once
            enqueue(deliver, delivery.pk)
    return delivery


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer to fix in the endpoint's URL, not to follow with the body."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post(url, body, headers):
    """POST ``body``; returns the status code. Raises OSError when nothing answered."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, error.read(ERROR_LIMIT).decode("utf-8", "replace")


@background(retries=RETRIES, retry_on=(DeliveryFailed,), backoff=30)
def deliver(delivery_id):
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status == WebhookDelivery.Status.DELIVERED:
        return "nothing to do"
    endpoint = delivery.endpoint
    if not endpoint.active:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.last_error = "The endpoint was deactivated before delivery."
        delivery.save(update_fields=["status", "last_error"])
        return "endpoint inactive"
    body = json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Prospect-Webhooks/1",
        "X-Prospect-Event": delivery.event_type,
        "X-Prospect-Delivery": delivery.event_id,
        **signing.headers(endpoint.secret, body),
    }
    delivery.attempts += 1
    delivery.last_attempt_at = timezone.now()
    try:
        code, answer = post(endpoint.url, body, headers)
        error = "" if 200 <= code < 300 else f"HTTP {code}: {answer}"[:ERROR_LIMIT]
    except (OSError, ValueError) as failure:  # refused, timed out, unresolvable, bad URL
        code, error = None, repr(failure)[:ERROR_LIMIT]
    delivery.response_code = code
    delivery.last_error = error
    if not error:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = delivery.last_attempt_at
    else:
        can_retry = delivery.attempts <= RETRIES and deliver.get_backend().supports_defer
        delivery.status = (
            WebhookDelivery.Status.RETRYING if can_retry else WebhookDelivery.Status.FAILED
        )
    delivery.save()
    if error:
        raise DeliveryFailed(f"{endpoint.url}: {error}")
    return code
