from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .article import Article


class EditorNoteQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(kind=EditorNote.Kind.INTERNAL)

    def internal(self):
        return self.filter(kind=EditorNote.Kind.INTERNAL)


class EditorNote(models.Model):
    """A note on an article: internal review comment, public Editor's Note, or correction."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", "Internal review comment"
        EDITORS_NOTE = "editors_note", "Editor's Note (public)"
        CORRECTION = "correction", "Correction (public, dated)"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.INTERNAL)
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = EditorNoteQuerySet.as_manager()

    class Meta:
        ordering = ["article", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(kind="editors_note"),
                name="one_editors_note_per_article",
            ),
            models.CheckConstraint(
                name="known_note_kind",
                condition=Q(kind__in=["internal", "editors_note", "correction"]),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on “{self.article}”"

    @property
    def is_public(self):
        return self.kind != self.Kind.INTERNAL
