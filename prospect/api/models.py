import hashlib
import secrets

from django.conf import settings
from django.db import models

KEY_PREFIX = "pk_"


def digest(raw_key):
    """Keys are 256 random bits, so a plain SHA-256 is as strong as a slow hash here."""
    return hashlib.sha256(raw_key.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def matching(self, raw_key):
        """The active key whose hash is that of ``raw_key``, or None."""
        return self.active().filter(key_hash=digest(raw_key)).first()


class ApiKey(models.Model):
    """A partner's key: higher rate limits than anonymous use. Only its hash is stored."""

    name = models.CharField("partner", max_length=200)
    contact = models.EmailField(blank=True, help_text="Who to tell before the key is revoked.")
    requests_per_minute = models.PositiveIntegerField(
        default=600, help_text="Requests allowed in any one minute with this key."
    )
    active = models.BooleanField(default=True, help_text="Untick to revoke the key at once.")
    prefix = models.CharField(
        max_length=16, editable=False, help_text="The key's first characters, to recognise it."
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "API key"
        ordering = ["name", "pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def issue(self):
        """Give this key a new secret and return it: the only time it is ever seen."""
        raw_key = KEY_PREFIX + secrets.token_urlsafe(32)
        self.prefix = raw_key[: len(KEY_PREFIX) + 6]
        self.key_hash = digest(raw_key)
        return raw_key


class WebhookEndpoint(models.Model):
    """Where Prospect tells another system that a commentary changed in public.

    A JSON endpoint gets a signed document per event (prospect/api/webhooks/); a CDN purge
    endpoint gets, signed the same way, the list of public addresses that changed.
    """

    class Kind(models.TextChoices):
        JSON = "json", "JSON event document"
        PURGE = "purge", "CDN purge (list of changed URLs)"

    class Event(models.TextChoices):
        PUBLISHED = "published", "Published"
        UPDATED = "updated", "Updated"
        CORRECTION = "correction", "Correction"
        WITHDRAWN = "withdrawn", "Withdrawn"

    name = models.CharField(max_length=200)
    url = models.URLField("URL", max_length=500, help_text="Receives a POST for each event.")
    secret = models.CharField(
        max_length=200,
        help_text="Shared with the receiver, which checks each request's X-Prospect-Signature.",
    )
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.JSON)
    on_published = models.BooleanField("published", default=True)
    on_updated = models.BooleanField("updated", default=True)
    on_correction = models.BooleanField("correction", default=True)
    on_withdrawn = models.BooleanField("withdrawn", default=True)
    active = models.BooleanField(default=True, help_text="Untick to stop deliveries at once.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "webhook endpoint"
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def wants(self, event_type):
        return getattr(self, f"on_{event_type}")


class WebhookDelivery(models.Model):
    """One event for one endpoint: created once (the unique pair makes a repeated announcement
    harmless), then updated by each attempt the task queue makes."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RETRYING = "retrying", "Retrying"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.CharField(max_length=100)
    event_type = models.CharField(max_length=20, choices=WebhookEndpoint.Event)
    article_id = models.PositiveBigIntegerField(help_text="The commentary the event is about.")
    payload = models.JSONField(help_text="The body as sent (before signing).")
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "webhook deliveries"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "event_id"], name="one_delivery_per_event_and_endpoint"
            )
        ]

    def __str__(self):
        return f"{self.event_type} {self.event_id} → {self.endpoint}"
