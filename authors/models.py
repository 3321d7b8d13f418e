import datetime
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from prospect.sanitizer import sanitize_html
from prospect.slugs import unique_slug, validate_slug_not_reserved

from . import names
from .names import default_sort_name, name_key
from .orcid import normalise_orcid, validate_orcid


class Organization(models.Model):
    name = models.CharField(max_length=300, unique=True)
    acronym = models.CharField(max_length=40, blank=True)
    url = models.URLField("website", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class AuthorQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(listed=True)

    def public(self, now=None):
        """Authors the public may look up: listed, with at least one live article.

        The public-author rule: their page, feed, directory entry and sitemap entry exist, and
        nobody else's do — an unlisted author, or one whose work is all unpublished, has none.
        """
        # Through the reverse relation articles adds (its bylines' live() rule), so that authors
        # never imports articles.
        bylines = self.model._meta.get_field("bylines").related_model.objects
        return self.listed().filter(pk__in=bylines.live(now).values("author"))

    def needing_review(self, today=None):
        """Bios not reviewed in the last twelve months, or never."""
        cutoff = (today or timezone.localdate()) - datetime.timedelta(days=365)
        return self.filter(Q(bio_reviewed_on__isnull=True) | Q(bio_reviewed_on__lt=cutoff))

    def without_current_affiliation(self, today=None):
        held = Affiliation.objects.held_on(today).values("author")
        return self.exclude(pk__in=held)

    def likely_duplicates(self):
        """Authors probably entered twice (same words, initials, romanisation or the name in the
        other script: see authors/names.py)."""
        return self.filter(pk__in=list(duplicate_twins()))

    def create_guest(self, name):
        """A byline-only author added by editorial staff: unlisted until bio staff review it."""
        return self.create(display_name=" ".join(name.split()), listed=False, pending_review=True)

    def find(self, name):
        """Authors whose name (in either script, or in sort order) is ``name``, ignoring case."""
        name = " ".join(name.split())
        return self.filter(
            Q(display_name__iexact=name) | Q(other_script_name=name) | Q(sort_name__iexact=name)
        )


class AuthorExpertise(TaggedItemBase):
    """Concrete through model: expertise topics share the Tag table with article topics."""

    content_object = models.ForeignKey("Author", on_delete=models.CASCADE)

    class Meta:
        verbose_name = "expertise topic"
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_author_expertise"
            )
        ]


class Author(models.Model):
    """A person who writes for the series. Not a user: guest authors need no account."""

    display_name = models.CharField(max_length=200)
    sort_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="Family name first where that is the convention, e.g. “Tokuchi, Hideshi”. "
        "Left blank, it is derived from the display name.",
    )
    other_script_name = models.CharField(
        "name in the other script", max_length=200, blank=True, help_text="e.g. 徳地秀士"
    )
    honorific = models.CharField(max_length=40, blank=True, help_text="e.g. Dr., Prof., Amb.")
    slug = models.SlugField(
        max_length=200, unique=True, allow_unicode=True, validators=[validate_slug_not_reserved]
    )
    portrait = models.ForeignKey(
        "images.ImageCredit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="portrait_of",
    )
    short_bio = models.CharField(
        "one-line bio",
        max_length=400,
        blank=True,
        help_text="Used as the bio line when the author has no current affiliation.",
    )
    long_bio = models.TextField(blank=True, help_text="Rich text; sanitized when saved.")
    expertise = TaggableManager(through=AuthorExpertise, blank=True, verbose_name="expertise")
    website = models.URLField(blank=True)
    orcid = models.CharField(
        "ORCID iD",
        max_length=40,
        blank=True,
        validators=[validate_orcid],
        help_text="16 digits, e.g. 0000-0002-1825-0097.",
    )
    listed = models.BooleanField(default=True, help_text="Shown in the public author directory.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text="The staff account of an author who works here, if any.",
    )
    bio_reviewed_on = models.DateField("bio last reviewed", null=True, blank=True)
    pending_review = models.BooleanField(
        "new guest author to review",
        default=False,
        help_text="Added by editorial staff for a byline; bio staff have not checked it yet. "
        "Cleared when the bio is marked as reviewed.",
    )
    name_key = models.CharField(max_length=200, editable=False, db_index=True, default="")
    # Expertise and further links live in other tables; a copy here puts their changes in the
    # record's change history, with who and when (see record_related()). Editable only so the
    # history's change list compares them; no form shows them.
    expertise_names = models.TextField("expertise", blank=True)
    link_list = models.TextField("further links", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AuthorQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["name_key", "updated_at"])

    class Meta:
        ordering = ["sort_name", "display_name"]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.display_name = " ".join(self.display_name.split())
        if not self.sort_name:
            self.sort_name = default_sort_name(self.display_name)
        if not self.slug:
            self.slug = unique_slug(self, self.display_name, fallback="author")
        self.long_bio = sanitize_html(self.long_bio)
        self.name_key = name_key(self.display_name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("authors:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.orcid:
            self.orcid = normalise_orcid(self.orcid)

    def record_related(self):
        """Copy the current expertise and links onto the record (unsaved); True if they changed."""
        expertise = ", ".join(sorted(self.expertise.names(), key=str.lower))
        links = "\n".join(f"{link.label}: {link.url}" for link in self.links.all())
        changed = (expertise, links) != (self.expertise_names, self.link_list)
        self.expertise_names, self.link_list = expertise, links
        return changed

    @property
    def full_name(self):
        return f"{self.honorific} {self.display_name}" if self.honorific else self.display_name

    @property
    def orcid_url(self):
        return f"https://orcid.org/{self.orcid}" if self.orcid else ""

    def affiliations_on(self, on=None):
        """Affiliations held on a date, primary first. Uses prefetched rows when present."""
        on = on or timezone.localdate()
        held = [a for a in self.affiliations.all() if a.held_on(on)]
        return sorted(held, key=lambda a: (not a.primary, a.position, -a.pk))

    def bio_line(self, on=None):
        """The house bio sentence as of ``on`` (today by default).

        "Hideshi Tokuchi is President, Research Institute for Peace and Security (RIPS)."
        Several affiliations are joined in a list; with none, the one-line bio is used.
        """
        return compose_bio_line(
            self.full_name, [a.as_phrase() for a in self.affiliations_on(on)], self.short_bio
        )

    @property
    def initial(self):
        """The directory heading the author is listed under: a Latin letter, or 中 for Chinese."""
        first = (self.sort_name or self.display_name)[:1]
        folded = unicodedata.normalize("NFKD", first)[:1].upper()
        if folded.isascii() and folded.isalpha():
            return folded
        return "中" if "\u3400" <= first <= "\u9fff" else "#"


def compose_bio_line(full_name, phrases, fallback=""):
    """The house sentence from affiliation phrases; the one-line bio when there are none."""
    if not phrases:
        return fallback
    if len(phrases) == 1:
        phrase = phrases[0]
    elif len(phrases) == 2:
        phrase = f"{phrases[0]}, and {phrases[1]}"
    else:
        phrase = ", ".join(phrases[:-1]) + f", and {phrases[-1]}"
    sentence = f"{full_name} is {phrase}"
    return sentence if sentence.endswith(".") else sentence + "."


def duplicate_twins():
    """{author pk: pks of the authors it is probably a duplicate of}, over every author."""
    people = Author.objects.values_list("pk", "display_name", "other_script_name")
    return names.twins(list(people))


class AffiliationQuerySet(models.QuerySet):
    def held_on(self, on=None):
        on = on or timezone.localdate()
        return self.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=on),
            Q(end_date__isnull=True) | Q(end_date__gte=on),
        )


class Affiliation(models.Model):
    """A dated position: Hideshi Tokuchi, President of RIPS, from … until …"""

    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="affiliations")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="affiliations"
    )
    title = models.CharField(max_length=200, blank=True, help_text="e.g. President")
    start_date = models.DateField(null=True, blank=True, help_text="Blank: since before records.")
    end_date = models.DateField(null=True, blank=True, help_text="Blank: current.")
    primary = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AffiliationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["author", "-primary", "position", "-start_date"]
        constraints = [
            models.CheckConstraint(
                name="affiliation_ends_after_it_starts",
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
            ),
        ]

    def __str__(self):
        return f"{self.author}: {self.as_phrase()}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date is before the start date."})

    def held_on(self, on):
        return (self.start_date is None or self.start_date <= on) and (
            self.end_date is None or self.end_date >= on
        )

    def as_phrase(self):
        org = str(self.organization)
        return f"{self.title}, {org}" if self.title else f"with {org}"


class AuthorLink(models.Model):
    """A further link shown on the author's page (social profiles, publications list…)."""

    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(max_length=60, help_text="e.g. Bluesky, LinkedIn")
    url = models.URLField("URL")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["author", "position", "pk"]

    def __str__(self):
        return f"{self.label}: {self.url}"


class AuthorRedirect(models.Model):
    """An old author address that now belongs to another author (after a merge): 301 to them."""

    old_slug = models.CharField(max_length=200, unique=True)
    old_author_id = models.PositiveIntegerField(
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="The merged record's id, so old revisions find their author.",
    )
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"/authors/{self.old_slug}/ → {self.author}"

    @classmethod
    def current_ids(cls, author_ids):
        """Map each author id (of a revision, say) to the author who holds it now: itself, or
        the author it was merged into. Ids of records deleted without a merge are left out."""
        ids = set(author_ids)
        current = {pk: pk for pk in Author.objects.filter(pk__in=ids).values_list("pk", flat=True)}
        moved = cls.objects.filter(old_author_id__in=ids - set(current))
        current.update(moved.values_list("old_author_id", "author_id"))
        return current
