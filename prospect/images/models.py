import datetime
import hashlib
import re

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

CJK = re.compile(r"[\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]")


def upload_to(instance, filename):
    # The name was already replaced by a random one in uploads.clean_image; keep only that.
    return f"images/{filename.rsplit('/', 1)[-1]}"


class ImageCreditQuerySet(models.QuerySet):
    def rights_expiring(self, within_days=30, today=None):
        today = today or timezone.localdate()
        return self.filter(rights_expire_on__lte=today + timezone.timedelta(days=within_days))

    def publishable(self, today=None):
        """The queryset mirror of ``ImageCredit.is_publishable()``: a file, rights not expired."""
        today = today or timezone.localdate()
        return self.exclude(image="").filter(
            Q(rights_expire_on__isnull=True) | Q(rights_expire_on__gte=today)
        )

    def public(self, today=None):
        """Pictures a reader may see: publishable and shown by some public page (usage.py)."""
        from .usage import public_use_q

        in_use = self.model.objects.filter(public_use_q()).values("pk")
        return self.publishable(today).filter(pk__in=in_use)


class ImageCredit(models.Model):
    """One picture and everything owed for it: alt text, caption and its credit, as data.

    The credit parts are kept apart so the house credit line — "Picture source: SOURCE, DATE,
    PLATFORM, <link>" — can be printed exactly, and so rights can be checked.
    """

    image = models.ImageField(upload_to=upload_to, width_field="width", height_field="height")
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    title = models.CharField(
        max_length=200, blank=True, help_text="For finding the picture in the library."
    )
    alt_text = models.CharField(
        max_length=400,
        blank=True,
        help_text="What the picture shows, for people who cannot see it. "
        "Required unless the picture is decorative.",
    )
    decorative = models.BooleanField(
        default=False, help_text="Purely decorative: screen readers skip it (empty alt text)."
    )
    caption = models.TextField(blank=True)
    # Where the subject is, as fractions of the width and height: every cropped rendition keeps
    # it inside and at the same relative place (renditions.crop_box).
    focal_x = models.FloatField(
        "focal point across",
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="0 is the left edge, 1 the right edge.",
    )
    focal_y = models.FloatField(
        "focal point down",
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="0 is the top edge, 1 the bottom edge.",
    )
    credit_source = models.CharField("source", max_length=200, blank=True)
    credit_source_language = models.CharField(
        "language of the source's name",
        max_length=20,
        blank=True,
        help_text="A language tag such as zh-Hant or ja, when the source is written "
        "in another script.",
    )
    credit_date = models.DateField("date", null=True, blank=True)
    credit_platform = models.CharField("platform", max_length=100, blank=True)
    credit_url = models.URLField("source URL", max_length=1000, blank=True)
    licence = models.CharField(max_length=200, blank=True)
    rights_holder = models.CharField(max_length=200, blank=True)
    rights_expire_on = models.DateField(null=True, blank=True)
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    file_sha256 = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="Hash of the stored file, so an approval can tell a replaced picture apart.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ImageCreditQuerySet.as_manager()

    class Meta:
        verbose_name = "picture"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="image_alt_text_unless_decorative",
                condition=Q(decorative=True) | ~Q(alt_text=""),
            ),
            models.CheckConstraint(
                name="image_focal_point_inside",
                condition=Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
            ),
        ]

    def __str__(self):
        return self.title or self.alt_text or self.caption[:60] or f"Picture {self.pk}"

    def save(self, *args, **kwargs):
        if (
            self.credit_source
            and not self.credit_source_language
            and CJK.search(self.credit_source)
        ):
            self.credit_source_language = "zh-Hant"
        if self.image and not getattr(self.image, "_committed", True):
            self.file_sha256 = _file_digest(self.image)
        super().save(*args, **kwargs)

    @property
    def focal_point(self):
        return (self.focal_x, self.focal_y)

    @property
    def alt(self):
        """The alt attribute to print: empty for decorative pictures."""
        return "" if self.decorative else self.alt_text

    @property
    def credit_date_display(self):
        d = self.credit_date
        return f"{d:%B} {d.day}, {d.year}" if d else ""

    def credit_parts(self):
        return [
            part
            for part in (self.credit_source, self.credit_date_display, self.credit_platform)
            if part
        ]

    def has_credit(self):
        return bool(self.credit_source or self.rights_holder)

    def credit_line(self):
        """The house credit line as plain text (feeds, alt-free contexts)."""
        if not self.has_credit():
            return ""
        parts = self.credit_parts() or [self.rights_holder]
        if self.credit_url:
            parts.append(f"<{self.credit_url}>")
        return "Picture source: " + ", ".join(parts) + "."

    def is_publishable(self, today=None):
        """Shown on public pages only while its rights last."""
        return bool(self.image) and not self.rights_expired(today)

    def shown_until(self):
        """The moment (epoch seconds) it stops being shown, or None: the end of its last day."""
        if self.rights_expire_on is None:
            return None
        end = datetime.datetime.combine(
            self.rights_expire_on + datetime.timedelta(days=1), datetime.time.min
        )
        return timezone.make_aware(end).timestamp()

    def rights_expired(self, today=None):
        today = today or timezone.localdate()
        return self.rights_expire_on is not None and self.rights_expire_on < today


def _file_digest(field_file):
    digest = hashlib.sha256()
    field_file.seek(0)
    for chunk in field_file.chunks():
        digest.update(chunk)
    field_file.seek(0)
    return digest.hexdigest()


@receiver(post_delete, sender=ImageCredit, dispatch_uid="images.delete_picture_files")
def delete_picture_files(sender, instance, **kwargs):
    """A deleted picture's original and renditions leave storage with it, so they are no longer
    served — but only once the deletion is committed: a rolled-back delete keeps its files.

    A receiver rather than delete(): bulk and cascading deletes do not call delete().
    """
    from . import renditions

    original = [instance.image.name] if instance.image else []
    storage = instance.image.storage if instance.image else default_storage
    # Renditions are shared by pictures of the same content: they go only with the last one
    # (the rows a delete removes are already gone when this runs, so a bulk delete takes them).
    made = renditions.unshared_files(instance)

    def remove_files():
        for name in original:
            storage.delete(name)
        for name in made:
            default_storage.delete(name)

    transaction.on_commit(remove_files)
