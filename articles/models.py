import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from prospect.slugs import unique_slug, validate_slug_not_reserved

from .body import html_to_text, reading_minutes, sanitize_html


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
    next_number = models.PositiveIntegerField(
        default=1, help_text="The number the next published commentary will get."
    )

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


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    TRADITIONAL_CHINESE = "zh-hant", "Traditional Chinese"


class ArticleQuerySet(models.QuerySet):
    def live(self, now=None):
        """What the public may see: published, and its publication time has come.

        The only visibility rule. Every public surface starts from here; a scheduled article
        becomes live at ``publish_at`` with no job having to run.
        """
        return self.filter(status=Status.PUBLISHED, publish_at__lte=now or timezone.now())

    def scheduled(self, now=None):
        return self.filter(status=Status.PUBLISHED, publish_at__gt=now or timezone.now())

    def withdrawn(self):
        return self.filter(status=Status.WITHDRAWN)

    def featured(self):
        return self.filter(featured=True)

    def in_language(self, language):
        return self.filter(language=language)

    def newest_first(self):
        return self.order_by("-publish_at", "-pk")

    def for_listing(self):
        """Everything a list of article cards prints, in a constant number of queries."""
        return self.select_related("series", "lead_image").prefetch_related(
            models.Prefetch("bylines", queryset=Byline.objects.select_related("author"))
        )


class Article(models.Model):
    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="articles")
    number = models.PositiveIntegerField(
        null=True, blank=True, editable=False, help_text="Assigned at first publication."
    )
    title = models.CharField(max_length=300)
    subtitle = models.CharField(max_length=300, blank=True)
    slug = models.SlugField(
        max_length=255,
        unique=True,
        allow_unicode=True,
        blank=True,
        validators=[validate_slug_not_reserved],
        help_text="Part of the public address. Left blank, it is made from the title.",
    )
    summary = models.TextField(
        blank=True, help_text="One or two sentences for lists, search results and link previews."
    )
    body = models.TextField(blank=True)
    body_text = models.TextField(editable=False, blank=True)
    reading_minutes = models.PositiveSmallIntegerField(editable=False, default=0)
    lead_image = models.ForeignKey(
        "images.ImageCredit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lead_of",
        verbose_name="lead picture",
    )
    language = models.CharField(max_length=10, choices=Language, default=Language.ENGLISH)
    translation_key = models.UUIDField(
        default=uuid.uuid4,
        db_index=True,
        help_text="Shared by the language versions of one commentary.",
    )
    tags = TaggableManager(through="TaggedArticle", blank=True, verbose_name="topics")
    featured = models.BooleanField(
        default=False, help_text="Shown at the top of the home page while it is live."
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT, editable=False)
    publish_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the public may see it."
    )
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    source_key = models.CharField(
        max_length=200,
        blank=True,
        editable=False,
        help_text="Which imported file this article came from, so re-imports update it.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        permissions = [
            ("submit_article", "Can submit an article for review"),
            ("review_article", "Can comment on and request changes to an article"),
            ("approve_article", "Can approve an article"),
            ("publish_article", "Can publish or schedule an article"),
            ("withdraw_article", "Can withdraw a published article"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "number"],
                condition=Q(number__isnull=False),
                name="unique_number_in_series",
            ),
            models.UniqueConstraint(
                fields=["translation_key", "language"], name="one_version_per_language"
            ),
            models.UniqueConstraint(
                fields=["source_key"], condition=~Q(source_key=""), name="unique_source_key"
            ),
            models.CheckConstraint(
                name="published_has_dates",
                condition=~Q(status__in=["published", "withdrawn"])
                | Q(publish_at__isnull=False, first_published_at__isnull=False),
            ),
            models.CheckConstraint(name="known_status", condition=Q(status__in=Status.values)),
            models.CheckConstraint(
                name="known_language", condition=Q(language__in=Language.values)
            ),
            models.CheckConstraint(name="slug_not_empty", condition=~Q(slug="")),
        ]
        indexes = [models.Index(fields=["status", "publish_at"], name="article_visibility")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.derive_fields()
        if self.pk:
            self.version += 1
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def derive_fields(self):
        """Fill what is computed from the article itself: sanitized body, text, reading time, slug.

        Pure and local, so it runs in save(); bulk loaders call it before bulk_create.
        """
        self.body = sanitize_html(self.body)
        self.body_text = html_to_text(self.body)
        self.reading_minutes = reading_minutes(self.body_text)
        self.title = " ".join(self.title.split())
        if not self.slug:
            self.slug = unique_slug(self, self.title, fallback="article")

    def is_live(self, now=None):
        """Mirror of ArticleQuerySet.live() for one article already in memory."""
        return (
            self.status == Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= (now or timezone.now())
        )

    @property
    def is_scheduled(self):
        return self.status == Status.PUBLISHED and not self.is_live()

    @property
    def series_label(self):
        return f"{self.series.name} No. {self.number}" if self.number else self.series.name

    def ordered_bylines(self):
        """Bylines in print order; uses the prefetch from for_listing() when present."""
        return sorted(self.bylines.all(), key=lambda b: (b.position, b.pk))

    def public_notes(self):
        return [n for n in self.notes.all() if n.kind != EditorNote.Kind.INTERNAL]

    def editors_note(self):
        return next(
            (n for n in self.public_notes() if n.kind == EditorNote.Kind.EDITORS_NOTE), None
        )

    def corrections(self):
        notes = [n for n in self.public_notes() if n.kind == EditorNote.Kind.CORRECTION]
        return sorted(notes, key=lambda n: n.created_at)

    def translations(self):
        return (
            Article.objects.live().filter(translation_key=self.translation_key).exclude(pk=self.pk)
        )


class TaggedArticle(TaggedItemBase):
    """Concrete through model for article topics (faster joins than taggit's generic one)."""

    content_object = models.ForeignKey(Article, on_delete=models.CASCADE)

    class Meta:
        verbose_name = "topic"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_topic")
        ]


class BylineQuerySet(models.QuerySet):
    def live(self):
        """Bylines of live articles — how author pages reach articles without importing them."""
        return self.filter(article__in=Article.objects.live())


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

    def display_bio_line(self):
        """The frozen line once published; until then, what the author's record says today."""
        return self.bio_line or self.author.bio_line()

    def freeze_bio_line(self, on):
        if not self.bio_line:
            self.bio_line = self.author.bio_line(on)


class EditorNoteQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(kind=EditorNote.Kind.INTERNAL)

    def internal(self):
        return self.filter(kind=EditorNote.Kind.INTERNAL)

    def unresolved(self):
        return self.filter(resolved_at__isnull=True)


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


class ArticleRevision(models.Model):
    """A snapshot of an article with its bylines, topics and picture, as JSON.

    Revisions outlive their authors' accounts (SET_NULL) and are never rewritten.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    article_version = models.PositiveIntegerField()
    data = models.JSONField()
    message = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"

    def __str__(self):
        return f"{self.article} — revision {self.pk} ({self.created_at:%Y-%m-%d %H:%M})"

    @classmethod
    def capture(cls, article, *, by=None, message=""):
        return cls.objects.create(
            article=article,
            article_version=article.version,
            data=snapshot(article),
            message=message,
            created_by=by,
        )


SNAPSHOT_FIELDS = [
    "title", "subtitle", "slug", "summary", "body", "language", "status", "number",
    "series_id", "lead_image_id",
]  # fmt: skip


def snapshot(article):
    """Everything the public page is made of, as JSON-ready data."""
    data = {name: getattr(article, name) for name in SNAPSHOT_FIELDS}
    data["translation_key"] = str(article.translation_key)
    data["publish_at"] = article.publish_at.isoformat() if article.publish_at else None
    data["bylines"] = [
        {"author_id": b.author_id, "role": b.role, "position": b.position, "bio_line": b.bio_line}
        for b in article.ordered_bylines()
    ]
    data["tags"] = sorted(t.name for t in article.tags.all())
    data["notes"] = [
        {"kind": n.kind, "body": n.body, "created_at": n.created_at.isoformat()}
        for n in article.notes.public()
    ]
    return data
