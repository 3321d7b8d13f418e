from django.db import models
from django.urls import reverse

from prospect.slugs import unique_slug, validate_slug_not_reserved


class SeriesQuerySet(models.QuerySet):
    def public(self, now=None):
        """Series with at least one live article: the only ones with a public page, feed or
        sitemap entry. The public-series rule; Article.objects.live() decides what is live."""
        from .article import Article

        return self.filter(pk__in=Article.objects.live(now).values("series"))


class Series(models.Model):
    """A numbered series such as “Prospects & Perspectives”. Owns its numbering."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(
        max_length=200, unique=True, allow_unicode=True, validators=[validate_slug_not_reserved]
    )
    description = models.TextField(blank=True)
    editors_note = models.TextField(
        "default Editor's Note",
        blank=True,
        help_text="The disclaimer printed under each commentary; frozen on each at publication.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    next_number = models.PositiveIntegerField(
        default=1, help_text="The number the next published commentary will get."
    )

    objects = SeriesQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "series"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name, fallback="series")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:series", kwargs={"slug": self.slug})
