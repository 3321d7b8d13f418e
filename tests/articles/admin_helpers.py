"""Building admin POSTs the way the browser's change form sends them."""

from django.urls import reverse


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def transition_url(article, action):
    return reverse("admin:articles_article_transition", args=[article.pk, action])


def form_data(article, *, bylines=None, notes=None, **changes):
    """The change form's POST for ``article`` as it stands, with ``changes`` applied.

    ``bylines`` and ``notes`` replace the inline rows (dicts of their fields; ``id`` for a row
    that exists); left out, bylines are posted as they stand and no public note rows at all.
    """
    existing = list(article.bylines.order_by("position", "pk")) if article.pk else []
    data = {
        "series": article.series_id,
        "title": article.title,
        "subtitle": article.subtitle,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "lead_image": article.lead_image_id or "",
        "tags": ", ".join(sorted(t.name for t in article.tags.all())) if article.pk else "",
        "language": article.language,
        "translation_key": str(article.translation_key),
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
        "legacy_addresses-TOTAL_FORMS": "0",
        "legacy_addresses-INITIAL_FORMS": "0",
    }
    if article.pk:
        data["edit_version"] = article.version
    if article.featured:
        data["featured"] = "on"
    rows = bylines if bylines is not None else [
        {"id": b.pk, "author": b.author_id, "position": b.position, "role": b.role,
         "bio_line": b.bio_line}
        for b in existing
    ]  # fmt: skip
    _rows(data, "bylines", rows, article)
    if notes is not None:
        _rows(data, "notes", notes, article)
    data.update(changes)
    return data


def note_rows(article):
    """The public note rows of ``article`` as the change form shows them."""
    return [{"id": n.pk, "kind": n.kind, "body": n.body}
            for n in article.notes.public().order_by("created_at", "pk")]  # fmt: skip


def _rows(data, prefix, rows, article):
    data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    data[f"{prefix}-INITIAL_FORMS"] = str(sum(1 for row in rows if row.get("id")))
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value if value is not None else ""
        if row.get("id"):
            data[f"{prefix}-{i}-article"] = article.pk
