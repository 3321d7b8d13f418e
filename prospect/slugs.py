"""Slugs for public URLs, shared by articles and authors.

Slugs keep Unicode (a Chinese title gives a Chinese slug, which browsers show as typed), are never
empty, never collide, and never shadow a word the site's URLs use.
"""

import uuid

from django.core.exceptions import ValidationError
from django.utils.text import slugify

RESERVED_SLUGS = frozenset(
    {
        "admin", "api", "articles", "atom", "authors", "cite", "feed", "feeds", "healthz",
        "media", "new", "page", "preview", "robots.txt", "rss", "search", "series",
        "sitemap.xml", "static", "topics", "zh-hant",
    }
)  # fmt: skip


def validate_slug_not_reserved(value):
    if value.lower() in RESERVED_SLUGS:
        raise ValidationError(
            "“%(slug)s” is reserved for the site's own pages; choose another slug.",
            code="reserved_slug",
            params={"slug": value},
        )


def unique_slug(instance, text, *, field="slug", fallback="item"):
    """A slug for ``text`` that no other row of ``instance``'s model uses.

    Text that slugifies to nothing (punctuation, emoji) gets ``fallback`` plus a short random
    suffix; reserved words and collisions get ``-2``, ``-3`` … appended.
    """
    max_length = instance._meta.get_field(field).max_length
    base = slugify(text, allow_unicode=True)[: max_length - 8].strip("-")
    if not base:
        base = f"{fallback}-{uuid.uuid4().hex[:8]}"
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    candidate, n = base, 1
    while candidate.lower() in RESERVED_SLUGS or others.filter(**{field: candidate}).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate
