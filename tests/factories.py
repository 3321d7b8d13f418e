"""Plain factory functions: the one way tests build data."""

import datetime
import io
import itertools

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from articles import workflow
from articles.models import Article, Byline, Series
from authors.models import Affiliation, Author, Organization
from prospect.images import renditions
from prospect.images.models import ImageCredit

_counter = itertools.count(1)


def image_bytes(fmt="JPEG", size=(40, 30), mode="RGB", **save_args):
    out = io.BytesIO()
    Image.new(mode, size, "gray" if mode in ("RGB", "L") else 0).save(out, fmt, **save_args)
    return out.getvalue()


def make_user(username=None, *, groups=(), **fields):
    username = username or f"user{next(_counter)}"
    user = get_user_model().objects.create_user(
        username=username, password="x-secret-pass", email=f"{username}@example.org", **fields
    )
    user.groups.set(groups)
    return user


def make_series(name=None, **fields):
    return Series.objects.create(name=name or f"Series {next(_counter)}", **fields)


def make_organization(name="Research Institute for Peace and Security", acronym="RIPS", **fields):
    return Organization.objects.get_or_create(name=name, defaults={"acronym": acronym, **fields})[0]


def make_author(display_name=None, *, title=None, organization=None, **fields):
    author = Author.objects.create(
        display_name=display_name or f"Author {next(_counter)}", **fields
    )
    if title or organization:
        Affiliation.objects.create(
            author=author,
            organization=organization or make_organization(),
            title=title or "",
            primary=True,
        )
    return author


def make_public_author(display_name=None, **fields):
    """An author with a live commentary: only such authors have a public page (if listed)."""
    author = make_author(display_name, **fields)
    make_article(authors=[author], status="published")
    return author


def make_picture(**fields):
    fields.setdefault("alt_text", "A test picture")
    picture = ImageCredit(**fields)
    picture.image = ContentFile(image_bytes(), name=f"{next(_counter)}.jpg")
    picture.save()
    renditions.ensure(picture)
    return picture


def make_ready_article(title=None, **fields):
    """A draft that passes every pre-publication check."""
    fields.setdefault("authors", [make_author(title="Fellow")])
    fields.setdefault("tags", ["Taiwan"])
    fields.setdefault("summary", "A summary.")
    fields.setdefault("lead_image", make_picture(credit_source="Agency"))
    return make_article(title, **fields)


def make_article(
    title=None, *, series=None, authors=(), tags=(), status="draft", at=None, **fields
):
    """An article in the given state; published/scheduled/withdrawn go through the workflow.

    ``status`` is draft, in_review, published (live now, or at ``at``), scheduled or withdrawn.
    """
    article = Article.objects.create(
        title=title or f"Commentary {next(_counter)}",
        series=series or make_series(),
        body=fields.pop("body", "<p>Body text.</p>"),
        **fields,
    )
    for position, author in enumerate(authors):
        Byline.objects.create(article=article, author=author, position=position)
    if tags:
        article.tags.set(list(tags))
    now = timezone.now()
    if status == "in_review":
        workflow.submit(article)
    elif status in ("published", "withdrawn"):
        workflow.publish(article, at=at or now - datetime.timedelta(hours=1))
    elif status == "scheduled":
        workflow.publish(article, at=at or now + datetime.timedelta(days=1))
    if status == "withdrawn":
        workflow.withdraw(article)
    article.refresh_from_db()
    return article


def make_submitted_article(team, **fields):
    """A ready article written and submitted by ``team.contributor``."""
    article = make_ready_article(created_by=team.contributor, **fields)
    workflow.submit(article, by=team.contributor)
    return article


def make_approved_article(team, **fields):
    """A submitted article approved by ``team.editor`` (not its author: four eyes)."""
    article = make_submitted_article(team, **fields)
    workflow.approve(article, by=team.editor)
    return article
