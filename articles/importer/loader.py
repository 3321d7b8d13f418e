"""Writing a parsed commentary into the database, idempotently, in one transaction.

Re-importing the same file (same ``source_key``) updates the same article and reuses its authors,
organizations and picture; nothing is duplicated.
"""

import re

from django.core.files.base import ContentFile
from django.db import transaction

from authors.models import Affiliation, Author, Organization
from prospect.images import renditions
from prospect.images.models import ImageCredit
from prospect.images.uploads import clean_image, placeholder_image

from .. import workflow
from ..body import markdown_to_html
from ..models import Article, ArticleRevision, Byline, EditorNote, Series, Status

PLACEHOLDER_ALT = (
    "Placeholder: a plain coloured panel standing in for the original photograph, "
    "which the export does not include."
)
SUMMARY_LIMIT = 300


@transaction.atomic
def load(parsed, *, source_key, publish_at=None, number=None, image=None, topics=(), by=None):
    """Store ``parsed`` (a parser.Commentary). Returns (article, created)."""
    series, _ = Series.objects.get_or_create(
        name=parsed.series, defaults={"editors_note": parsed.editors_note}
    )
    article = Article.objects.filter(source_key=source_key).first()
    created = article is None
    if created:
        article = Article(source_key=source_key, created_by=by)
    article.series = series
    article.title = parsed.title
    article.subtitle = parsed.subtitle
    article.body = markdown_to_html(parsed.body_markdown)
    if not article.summary:
        article.summary = summarise(parsed.paragraphs[0])
    if number is not None and article.number is None:
        article.number = number
    article.lead_image = store_picture(parsed.picture, article.lead_image, image, by)
    article.updated_by = by
    article.save()
    if topics:
        article.tags.set(list(topics))

    store_bylines(article, parsed)
    if parsed.editors_note:
        EditorNote.objects.update_or_create(
            article=article,
            kind=EditorNote.Kind.EDITORS_NOTE,
            defaults={"body": parsed.editors_note},
        )
    if publish_at is not None and article.status != Status.PUBLISHED:
        workflow.publish(
            article, at=publish_at, by=by, message=f"Published by import of {source_key}"
        )
    ArticleRevision.capture(article, by=by, message=f"Imported from {source_key}")
    return article, created


def summarise(paragraph):
    """The opening sentences of the first paragraph, within SUMMARY_LIMIT characters."""
    text = re.sub(r"[*_]", "", paragraph)
    sentences = re.split(r"(?<=[.!?。！？])\s*", text)
    summary = ""
    for sentence in sentences:
        if summary and len(summary) + len(sentence) + 1 > SUMMARY_LIMIT:
            break
        summary = f"{summary} {sentence}".strip()
    return summary[:SUMMARY_LIMIT]


def find_or_create_author(name):
    author = Author.objects.find(name).first()
    if author is None:
        author = Author.objects.create(display_name=name)
    return author


def find_or_create_organization(name, acronym):
    organization = Organization.objects.filter(name__iexact=name).first()
    if organization is None and acronym:
        organization = Organization.objects.filter(acronym__iexact=acronym).first()
    if organization is None:
        organization = Organization.objects.create(name=name, acronym=acronym)
    elif acronym and not organization.acronym:
        organization.acronym = acronym
        organization.save(update_fields=["acronym"])
    return organization


def store_bylines(article, parsed):
    article.bylines.all().delete()
    for position, name in enumerate(parsed.authors):
        author = find_or_create_author(name)
        bio = parsed.bios.get(name)
        for index, text in enumerate(bio.affiliations if bio else []):
            organization = find_or_create_organization(text.organization, text.acronym)
            Affiliation.objects.get_or_create(
                author=author,
                organization=organization,
                title=text.title,
                defaults={"primary": index == 0, "position": index},
            )
        Byline.objects.create(
            article=article,
            author=author,
            position=position,
            role=Byline.Role.AUTHOR if position == 0 else Byline.Role.CO_AUTHOR,
            bio_line=bio.sentence if bio else "",
        )


def store_picture(picture, existing, image, by):
    """The lead picture with its credit; a placeholder file when the export has none."""
    if picture is None and image is None:
        return existing
    credit = existing or ImageCredit(uploaded_by=by)
    if image is not None:
        credit.image = clean_image(ContentFile(image))
        credit.alt_text = picture.caption if picture else ""
    elif not credit.image:
        credit.image = placeholder_image()
        credit.alt_text = PLACEHOLDER_ALT
    if picture is not None:
        credit.caption = picture.caption
        credit.credit_source = picture.source
        credit.credit_date = picture.date
        credit.credit_platform = picture.platform
        credit.credit_url = picture.url
        credit.title = credit.title or picture.caption[:200]
    if not credit.alt_text:
        credit.decorative = True
    credit.save()
    renditions.ensure(credit)
    return credit
