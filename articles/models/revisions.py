import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils import timezone

from .article import Article
from .content import article_content_fields, picture_content


class ArticleRevision(models.Model):
    """A snapshot of an article with its bylines, topics and picture, as JSON.

    Revisions outlive their authors' accounts (SET_NULL) and are never rewritten.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    article_version = models.PositiveIntegerField()
    data = models.JSONField()
    message = models.CharField(max_length=300, blank=True)
    content_hash = models.CharField(max_length=64, editable=False, db_index=True)
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
            data=(data := snapshot(article)),
            content_hash=fingerprint(data),
            message=message,
            created_by=by,
        )


# The workflow values a preview needs to print the page as it would be (number, status, date).
PREVIEW_WORKFLOW_FIELDS = ["status", "number"]


def snapshot(article):
    """Everything the public page is made of, as JSON-ready data."""
    fields = article_content_fields() + PREVIEW_WORKFLOW_FIELDS
    data = {name: getattr(article, name) for name in fields}
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
    data["picture"] = picture_content(article.lead_image)
    # Not content, but what the reviewers' comparison needs to speak of the revision: a working
    # copy's slug is a placeholder (the live article keeps its address), and home-page placement.
    data["working_copy"] = article.is_working_copy
    data["featured"] = article.featured
    return data


# What readers see (articles/models/content.py), as snapshot keys. A change to any of these after
# an approval needs a new approval; status, numbering and dates are the workflow's own. The
# picture is its content (file, alt text, caption, credit as printed), not just its id: a
# picture changed in the library after approval is a change to the article.
def content_keys():
    return [*article_content_fields(), "bylines", "tags", "notes", "picture"]


def _content_of(key, value):
    if key == "notes" and value:
        # A note's text and kind are what readers see; its timestamp is bookkeeping.
        return [{"kind": n["kind"], "body": n["body"]} for n in value]
    return value


def bylines_of(data):
    """A snapshot's bylines, in order, with their authors as they are now.

    An author merged since the snapshot was taken is followed to the author they were merged
    into (once per article, as the merge itself does); an author deleted outright is left out.
    Restore and preview both read bylines through here.
    """
    from authors.models import AuthorRedirect

    rows = sorted(data.get("bylines", []), key=lambda b: b["position"])
    current = AuthorRedirect.current_ids(b["author_id"] for b in rows)
    seen, bylines = set(), []
    for row in rows:
        author_id = current.get(row["author_id"])
        if author_id is not None and author_id not in seen:
            seen.add(author_id)
            bylines.append({**row, "author_id": author_id})
    return bylines


def fingerprint(data):
    content = {key: _content_of(key, data.get(key)) for key in content_keys()}
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()
