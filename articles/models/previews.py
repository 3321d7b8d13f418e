import secrets

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone

from .article import Article

SALT = "articles.preview-link"


def new_nonce():
    return secrets.token_urlsafe(16)


class PreviewLink(models.Model):
    """A shareable proof of one revision for someone without an account.

    The URL carries a signed token; the row makes it revocable and expiring. Anything wrong with
    a token — bad signature, unknown, revoked, expired — looks exactly like a missing page.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    revision = models.ForeignKey("ArticleRevision", on_delete=models.CASCADE, related_name="+")
    nonce = models.CharField(max_length=40, default=new_nonce, editable=False)
    note = models.CharField(max_length=200, blank=True, help_text="Who the link is for.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Preview of {self.article} until {self.expires_at:%Y-%m-%d}"

    # Deliberately not get_absolute_url(): generic machinery (the admin's "View on site"
    # shortcut, sitemaps, templates) would hand the bearer address to whoever asks.
    def shared_path(self):
        """The bearer address: whoever holds it reads the revision, so show it only to the
        people who may share previews of the article."""
        return reverse("preview", kwargs={"token": self.token})

    @property
    def token(self):
        return signing.dumps([self.pk, self.nonce], salt=SALT, compress=True)

    def is_usable(self, now=None):
        return self.revoked_at is None and self.expires_at > (now or timezone.now())

    @classmethod
    def from_token(cls, token):
        """The usable link a token stands for, or None."""
        try:
            pk, nonce = signing.loads(token, salt=SALT)
        except (signing.BadSignature, ValueError, TypeError):
            return None
        link = cls.objects.select_related("revision", "article").filter(pk=pk, nonce=nonce).first()
        return link if link and link.is_usable() else None
