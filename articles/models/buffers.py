import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .article import Article


class EditBufferQuerySet(models.QuerySet):
    def expired(self, now=None):
        return self.filter(saved_at__lt=(now or timezone.now()) - EditBuffer.LIFETIME)

    def current(self, now=None):
        return self.filter(saved_at__gte=(now or timezone.now()) - EditBuffer.LIFETIME)

    def of(self, user, article=None):
        """``user``'s buffer for ``article``, or for a new article when ``article`` is None."""
        if article is None or article.pk is None:
            return self.filter(user=user, article__isnull=True)
        return self.filter(user=user, article=article)


class EditBuffer(models.Model):
    """What one person has typed into an article's change form (or a new article's) and not
    saved yet, kept by the form's autosave so a closed tab or a crash loses nothing.

    Not a revision: nobody else sees it, it is never content, and it expires. It keeps the
    version the form was loaded from, so restoring it goes through the same stale-save check as
    any save: it never overwrites someone else's work.
    """

    # A long commentary's form is ~200 KB; anything far larger is not a form.
    MAX_BYTES = 1_000_000
    MAX_FIELDS = 5_000
    LIFETIME = datetime.timedelta(days=7)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        help_text="Empty for a new article that has not been saved yet.",
    )  # fmt: skip
    based_on_version = models.PositiveIntegerField(null=True, blank=True)
    # [[field name, value, label of the chosen option or ""], …] in the form's order.
    fields = models.JSONField(default=list)
    saved_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = EditBufferQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="one_buffer_per_article"),
            models.UniqueConstraint(
                fields=["user"], condition=Q(article__isnull=True), name="one_new_article_buffer"
            ),
        ]

    def __str__(self):
        return f"Unsaved input of {self.user} on {self.article or 'a new article'}"

    @classmethod
    def keep(cls, user, article, fields, *, version):
        """Store ``fields`` as ``user``'s unsaved input; the first write also clears out buffers
        nobody came back to."""
        buffer, created = cls.objects.of(user, article).update_or_create(
            defaults={"fields": fields, "based_on_version": version, "saved_at": timezone.now()},
            create_defaults={
                "user": user, "article": article if article and article.pk else None,
                "fields": fields, "based_on_version": version, "saved_at": timezone.now(),
            },
        )  # fmt: skip
        if created:
            cls.objects.expired().delete()
        return buffer

    @classmethod
    def discard(cls, user, article=None):
        cls.objects.of(user, article).delete()
