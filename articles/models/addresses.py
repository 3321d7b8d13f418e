from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models

from .article import Article


def normalise_path(value):
    """'https://old.example.org/en/pfen/33-11787.html' or 'en/pfen/33-11787.html' →
    '/en/pfen/33-11787.html': only the path is matched, whatever host the old site had."""
    path = urlsplit(value.strip()).path if "://" in value else value.strip().split("?")[0]
    return "/" + path.lstrip("/") if path else ""


def validate_path(value):
    if not normalise_path(value).strip("/"):
        raise ValidationError("Give the old address's path, e.g. /en/pfen/33-11787.html.")


class LegacyAddressQuerySet(models.QuerySet):
    def live_target(self, path):
        """The live article that once answered at ``path``, or None."""
        address = (
            self.filter(path=normalise_path(path), article__in=Article.objects.live())
            .select_related("article")
            .first()
        )
        return address.article if address else None


class LegacyAddress(models.Model):
    """An address a commentary had on the old site. Citations and search engines still use it;
    it answers 301 to the commentary's current address (articles/middleware.py)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="legacy_addresses")
    path = models.CharField(
        max_length=500,
        unique=True,
        validators=[validate_path],
        help_text="The old site's address, e.g. /en/pfen/33-11787.html (a full URL is fine).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LegacyAddressQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = "old address"
        verbose_name_plural = "old addresses (answer 301 to this commentary)"

    def __str__(self):
        return self.path

    def save(self, *args, **kwargs):
        self.path = normalise_path(self.path)
        super().save(*args, **kwargs)

    def clean(self):
        self.path = normalise_path(self.path)
