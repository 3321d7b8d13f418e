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
