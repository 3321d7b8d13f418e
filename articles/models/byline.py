from django.db import models

from .article import Article


class BylineQuerySet(models.QuerySet):
    def live(self, now=None):
        """Bylines of live articles — how author pages reach articles without importing them."""
        return self.filter(article__in=Article.objects.live(now))


class Byline(models.Model):
    class Role(models.TextChoices):
        AUTHOR = "author", "Author"
        CO_AUTHOR = "co_author", "Co-author"
        TRANSLATOR = "translator", "Translator"
        EDITOR = "editor", "Editor"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey("authors.Author", on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0)
    role = models.CharField(max_length=20, choices=Role, default=Role.AUTHOR)
    bio_line = models.TextField(
        blank=True,
        help_text="Frozen at first publication from the author's affiliations on that day. "
        "Edit it to override; leave blank to take the author's current line until then.",
    )

    objects = BylineQuerySet.as_manager()

    class Meta:
        ordering = ["article", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="author_once_per_article"),
        ]

    def __str__(self):
        return f"{self.author} ({self.get_role_display()})"

    @classmethod
    def copy_all(cls, source, target, *, freeze_on=None):
        """Give ``target`` the bylines of ``source``, in order. With ``freeze_on``, a byline
        without a frozen bio line gets the author's line of that day."""
        bylines = source.bylines.select_related("author").prefetch_related(
            "author__affiliations__organization"
        )
        cls.objects.bulk_create(
            cls(article=target, author_id=b.author_id, position=b.position, role=b.role,
                bio_line=b.bio_line or (b.author.bio_line(freeze_on) if freeze_on else ""))
            for b in bylines
        )  # fmt: skip

    def author_has_page(self):
        """Whether the byline may link to its author's page. The byline of a live article is live
        work, so of the public-author rule (Author.objects.public()) only "listed" is left."""
        return self.author.listed

    def display_bio_line(self):
        """The frozen line once published; until then, what the author's record says today."""
        return self.bio_line or self.author.bio_line()

    def freeze_bio_line(self, on):
        if not self.bio_line:
            self.bio_line = self.author.bio_line(on)
