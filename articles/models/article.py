import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from prospect.slugs import unique_slug, validate_slug_not_reserved

from ..body import bigrams, html_to_text, reading_minutes, sanitize_html
from ..search_document import SearchDocument
from .series import Series


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
        becomes live at ``publish_at`` with no job having to run. A scheduled update of a live
        article is the same: at its time the update (a working copy carrying the article's
        address and number) becomes live and the article it replaces (``superseded_at``) stops
        being, so exactly one version answers at any moment.
        """
        now = now or timezone.now()
        return self.filter(
            Q(superseded_at__isnull=True) | Q(superseded_at__gt=now),
            status=Status.PUBLISHED,
            publish_at__lte=now,
        )

    def scheduled(self, now=None):
        return self.filter(status=Status.PUBLISHED, publish_at__gt=now or timezone.now())

    def withdrawn(self):
        return self.filter(status=Status.WITHDRAWN)

    def featured(self):
        return self.filter(featured=True)

    def with_other_language(self, now=None):
        """Annotate the live version of each article in the other language, if there is one
        (slug and language), without a query per article."""
        others = (
            Article.objects.live(now)
            .filter(translation_key=models.OuterRef("translation_key"))
            .exclude(language=models.OuterRef("language"))
        )
        return self.annotate(
            other_language=models.Subquery(others.values("language")[:1]),
            other_language_slug=models.Subquery(others.values("slug")[:1]),
            other_language_first_published=models.Subquery(others.values("first_published_at")[:1]),
        )

    def formerly_at(self, slug):
        """Live articles that had ``slug`` in an earlier revision but have another now: where
        an old address of a commentary leads (the revisions remember every slug it had)."""
        from .revisions import ArticleRevision

        earlier = ArticleRevision.objects.filter(data__slug=slug).values("article")
        return self.live().filter(pk__in=earlier).exclude(slug=slug)

    def newest_first(self):
        return self.order_by("-publish_at", "-pk")

    def language_first(self, language):
        """Newest first, commentaries in ``language`` before the others: what a list under
        /zh-hant/ shows, so Chinese readers meet Chinese commentaries first."""
        in_language = models.Case(
            models.When(language=language, then=models.Value(0)), default=models.Value(1)
        )
        return self.order_by(in_language, "-publish_at", "-pk")

    def for_listing(self):
        """Everything a list of article cards prints, in a constant number of queries."""
        return self.select_related("series", "lead_image").prefetch_related(
            Article.bylines_with_authors()
        )


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self):
        # The search document is as large as the body and only search reads it, in SQL.
        return super().get_queryset().defer("search_vector")


class Article(models.Model):
    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="articles")
    number = models.PositiveIntegerField(
        null=True, blank=True, editable=False, help_text="Assigned at first publication."
    )
    title = models.CharField(max_length=300)
    subtitle = models.CharField(max_length=300, blank=True)
    slug = models.SlugField(
        max_length=255,
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
    search_bigrams = models.TextField(
        editable=False, blank=True, help_text="Two-character pairs of the Chinese text, for search."
    )
    search_vector = models.GeneratedField(
        expression=SearchDocument(),
        output_field=SearchVectorField(null=True),
        db_persist=True,
        editable=False,
        help_text="Weighted full-text document, computed by the database (PostgreSQL).",
    )
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
    # Workflow bookkeeping, written only by articles/workflow/.
    working_copy_of = models.OneToOneField(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="working_copy",
        help_text="The live article whose next version this is.",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    approved_revision = models.ForeignKey(
        "ArticleRevision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="The revision the approver read; any other content needs a new approval.",
    )
    superseded_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When a scheduled update (its working copy) replaces this version publicly.",
    )
    announced_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the publication's side effects (notifications) ran.",
    )
    related_ids = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="Related commentaries chosen at publication (articles/related.py), best first.",
    )
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
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = ArticleManager()

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
            # A scheduled update carries its article's number and address until it replaces it.
            models.UniqueConstraint(
                fields=["series", "number"],
                condition=Q(number__isnull=False, working_copy_of__isnull=True),
                name="unique_number_in_series",
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(working_copy_of__isnull=True),
                name="unique_slug",
                violation_error_message="Another article already has this address (slug).",
            ),
            models.UniqueConstraint(
                fields=["translation_key", "language"],
                condition=Q(working_copy_of__isnull=True),
                name="one_version_per_language",
            ),
            models.CheckConstraint(
                name="working_copy_never_withdrawn",
                condition=Q(working_copy_of__isnull=True) | ~Q(status="withdrawn"),
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

    def canonical_path(self):
        """The address in the article's own language (/zh-hant/… for a Chinese commentary),
        whatever the interface language of the request: canonical links, hreflang, sitemap,
        feed ids, citations and the PDF all name this one."""
        with translation.override(self.language):
            return reverse("articles:detail", kwargs={"slug": self.slug})

    def pdf_path(self):
        """The PDF edition, inside the article's own directory (Google Scholar wants it there)."""
        with translation.override(self.language):
            return reverse("articles:pdf", kwargs={"slug": self.slug, "filename": self.slug})

    @staticmethod
    def bylines_with_authors():
        from .byline import Byline

        return models.Prefetch("bylines", queryset=Byline.objects.select_related("author"))

    def clean(self):
        # Before constraint validation, which would refuse the blank slug save() fills in.
        if not self.slug and self.title.strip():
            self.slug = unique_slug(self, " ".join(self.title.split()), fallback="article")
        # The unique_slug constraint spares working copies (a scheduled update carries its
        # article's address), so forms, which cannot see working_copy_of, check it here.
        taken = Article.objects.filter(slug=self.slug, working_copy_of__isnull=True)
        if not self.is_working_copy and taken.exclude(pk=self.pk).exists():
            raise ValidationError({"slug": "Another article already has this address (slug)."})

    def derive_fields(self):
        """Fill what is computed from the article itself: sanitized body, text, reading time, slug.

        Pure and local, so it runs in save(); bulk loaders call it before bulk_create.
        """
        self.body = sanitize_html(self.body)
        self.body_text = html_to_text(self.body)
        self.reading_minutes = reading_minutes(self.body_text)
        self.search_bigrams = bigrams(f"{self.title} {self.summary} {self.body_text}")
        self.title = " ".join(self.title.split())
        if not self.slug:
            self.slug = unique_slug(self, self.title, fallback="article")

    def is_live(self, now=None):
        """Mirror of ArticleQuerySet.live() for one article already in memory."""
        now = now or timezone.now()
        return (
            self.status == Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= now
            and (self.superseded_at is None or self.superseded_at > now)
        )

    @property
    def is_scheduled(self):
        return (
            self.status == Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )

    @property
    def is_working_copy(self):
        return self.working_copy_of_id is not None

    def publication_problems(self):
        """What is missing before this article may be approved or published, by name."""
        problems = []
        if not self.title.strip():
            problems.append("title")
        if not self.summary.strip():
            problems.append("summary")
        if not self.series_id:
            problems.append("series")
        if not self.body_text.strip():
            problems.append("body text")
        bylines = self.ordered_bylines()
        if not bylines:
            problems.append("at least one author in the byline")
        elif not all(b.display_bio_line() for b in bylines):
            problems.append("a bio line for every author in the byline")
        picture = self.lead_image
        if picture is None:
            problems.append("a lead picture")
        else:
            if not picture.decorative and not picture.alt_text.strip():
                problems.append("alt text for the lead picture (or mark it decorative)")
            if not picture.decorative and not picture.has_credit():
                problems.append("a credit for the lead picture")
        if not self.tags.exists():
            problems.append("at least one topic")
        return problems

    @property
    def series_label(self):
        """“Prospects & Perspectives No. 4” — “第 4 期” in Chinese: the interface's language."""
        if not self.number:
            return self.series.name
        return f"{self.series.name} {gettext('No. %(number)s') % {'number': self.number}}"

    def ordered_bylines(self):
        """Bylines in print order; uses the prefetch from for_listing() when present."""
        return sorted(self.bylines.all(), key=lambda b: (b.position, b.pk))

    def public_notes(self):
        return [n for n in self.notes.all() if n.is_public]

    def editors_note(self):
        return next((n for n in self.public_notes() if n.kind == "editors_note"), None)

    def corrections(self):
        notes = [n for n in self.public_notes() if n.kind == "correction"]
        return sorted(notes, key=lambda n: n.created_at)


class TaggedArticle(TaggedItemBase):
    """Concrete through model for article topics (faster joins than taggit's generic one)."""

    content_object = models.ForeignKey(Article, on_delete=models.CASCADE)

    class Meta:
        verbose_name = "topic"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_topic")
        ]


def public_topics(now=None):
    """Topics the public may see: those of a live article, or a public author's expertise.

    A topic used only by unpublished articles stays private: its name could say too much.
    The public-topic rule; with Series.objects.public() and Author.objects.public() it decides
    which topic, series and author pages, feeds and sitemap entries exist.
    """
    from taggit.models import Tag

    from authors.models import Author, AuthorExpertise

    on_live = TaggedArticle.objects.filter(content_object__in=Article.objects.live(now))
    of_experts = AuthorExpertise.objects.filter(content_object__in=Author.objects.public(now))
    return Tag.objects.filter(Q(pk__in=on_live.values("tag")) | Q(pk__in=of_experts.values("tag")))
