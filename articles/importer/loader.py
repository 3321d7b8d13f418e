"""Writing a parsed commentary into the database, idempotently, in one transaction.

Re-importing the same file (same ``source_key``) updates the same article and reuses its authors,
organizations and picture; nothing is duplicated. A live article is never changed in place: the
re-import becomes its working copy, which goes through review like any other edit, and an export
that says nothing new leaves everything as it was.
"""

import re

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from authors.models import Affiliation, Author, Organization
from prospect.images import renditions
from prospect.images.models import ImageCredit
from prospect.images.uploads import clean_image, placeholder_image
from prospect.sanitizer import sanitize_html

from .. import workflow
from ..body import markdown_to_html
from ..models import Article, Byline, EditorNote, Series, Status
from ..models.revisions import content_keys, snapshot
from .parser import Picture
from .word_package import WordFileError

PLACEHOLDER_ALT = (
    "Placeholder: a plain coloured panel standing in for the original photograph, "
    "which the export does not include."
)
SUMMARY_LIMIT = 300


class _Unchanged(Exception):
    """Raised to roll back a working copy that would change nothing."""


@transaction.atomic
def load(
    parsed, *, source_key, publish_at=None, number=None, image=None, topics=(), by=None,
    guests=False,
):  # fmt: skip
    """Store ``parsed`` (a parser.Commentary). Returns (article, created).

    For a live article the returned article is its working copy (or the live article itself when
    the export changes nothing).
    """
    series, _ = Series.objects.get_or_create(
        name=parsed.series, defaults={"editors_note": parsed.editors_note}
    )
    article = Article.objects.filter(source_key=source_key).first()
    if article is not None and article.status == Status.PUBLISHED:
        copy = load_into_working_copy(
            article, parsed, series, image=image, topics=topics, by=by, guests=guests
        )
        return copy, False
    created = article is None
    if created:
        article = Article(source_key=source_key, created_by=by)
    fill(article, parsed, series, image=image, by=by)
    if number is not None and article.number is None:
        article.number = number
    article.save()
    if topics:
        article.tags.set(list(topics))
    store_bylines(article, parsed, guests=guests)
    store_editors_note(article, parsed)
    if publish_at is not None:
        workflow.publish(
            article, at=publish_at, by=by, message=f"Published by import of {source_key}"
        )
    # As any edit: recorded, and an approval of what the file has just replaced is void.
    workflow.record_edit(article, by=by, message=f"Imported from {source_key}")
    return article, created


def fill(article, parsed, series, *, image, by, shared_picture=False):
    """The article's own fields from the export (not saved)."""
    article.series = series
    article.title = parsed.title
    article.subtitle = parsed.subtitle
    article.body = (
        sanitize_html(parsed.body_html)
        if parsed.body_html
        else markdown_to_html(parsed.body_markdown)
    )
    if not article.summary:
        article.summary = parsed.summary or summarise(parsed.paragraphs[0])
    article.lead_image = store_picture(
        parsed.picture, article.lead_image, image, by, shared=shared_picture
    )
    article.updated_by = by


def load_into_working_copy(live, parsed, series, *, image, topics, by, guests):
    """The re-import of a live article's export, as its working copy (for review)."""
    had_copy = Article.objects.filter(working_copy_of=live).exists()
    try:
        with transaction.atomic():
            copy = workflow.start_working_copy(live, by=by)
            fill(copy, parsed, series, image=image, by=by, shared_picture=True)
            copy.save()
            if topics:
                copy.tags.set(list(topics))
            store_bylines(copy, parsed, guests=guests)
            if parsed.editors_note and parsed.editors_note != _editors_note_text(live):
                store_editors_note(copy, parsed)
            if not had_copy and _same_content(copy, live):
                raise _Unchanged
            workflow.record_edit(copy, by=by, message=f"Imported from {live.source_key}")
            return copy
    except _Unchanged:
        return live


def _same_content(copy, live):
    # The copy's address is its own until it is published, so the slug does not count; it holds
    # the article's public notes from the start, so only their text and kind are compared.
    keys = [key for key in content_keys() if key not in ("slug", "notes")]
    copy_data, live_data = snapshot(copy), snapshot(live)
    same_notes = _public_text(copy_data) == _public_text(live_data)
    return same_notes and all(copy_data.get(k) == live_data.get(k) for k in keys)


def _public_text(data):
    return sorted((n["kind"], n["body"]) for n in data.get("notes") or [])


def _editors_note_text(article):
    note = article.notes.filter(kind=EditorNote.Kind.EDITORS_NOTE).first()
    return note.body if note else ""


def store_editors_note(article, parsed):
    if parsed.editors_note:
        EditorNote.objects.update_or_create(
            article=article,
            kind=EditorNote.Kind.EDITORS_NOTE,
            defaults={"body": parsed.editors_note},
        )


@transaction.atomic
def load_word(parsed, pictures, *, source_key, by=None):
    """Store a Word file read by ``word.read``: a draft (or a live article's working copy) whose
    lead picture is the file's first; the others go into the picture library with their credits.

    A picture the library refuses (a Windows metafile chart, a damaged image) refuses the file,
    naming the picture, and nothing is kept.
    """
    described = [_with_alt(p.credit, p.alt) for p in pictures]
    if pictures:
        parsed.picture = described[0]
    try:
        article, created = load(
            parsed, source_key=source_key, image=pictures[0].data if pictures else None, by=by,
            guests=True,
        )  # fmt: skip
    except ValidationError as exc:
        raise WordFileError(
            f"Picture 1 in the file cannot be used: {' '.join(exc.messages)}"
        ) from exc
    if created:
        for number, (picture, credit) in enumerate(
            zip(pictures[1:], described[1:], strict=True), 2
        ):
            try:
                store_picture(credit, None, picture.data, by)
            except ValidationError as exc:
                raise WordFileError(
                    f"Picture {number} in the file cannot be used: {' '.join(exc.messages)}"
                ) from exc
    return article, created


def _with_alt(credit, alt):
    credit = credit or Picture(caption="", source="", date=None, platform="", url="")
    credit.alt = alt
    return credit


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


def find_or_create_author(name, *, guest=False):
    """The author of that name; a new one otherwise — for a Word file, a guest author (unlisted,
    flagged for bio staff), since nobody has checked who they are yet."""
    author = Author.objects.find(name).first()
    if author is None:
        author = (
            Author.objects.create_guest(name) if guest else Author.objects.create(display_name=name)
        )
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


def store_bylines(article, parsed, *, guests=False):
    article.bylines.all().delete()
    for position, name in enumerate(parsed.authors):
        author = find_or_create_author(name, guest=guests)
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


CREDIT_FIELDS = {
    "caption": "caption", "credit_source": "source", "credit_date": "date",
    "credit_platform": "platform", "credit_url": "url",
}  # fmt: skip


def store_picture(picture, existing, image, by, *, shared=False):
    """The lead picture with its credit; a placeholder file when the export has none.

    ``shared``: ``existing`` is also shown on a live article, so it is never changed in place —
    a different file or credit goes into a new library picture for the working copy.
    """
    if picture is None and image is None:
        return existing
    if shared and existing is not None:
        same_credit = picture is None or all(
            getattr(existing, field) == getattr(picture, part)
            for field, part in CREDIT_FIELDS.items()
        )
        if image is None and same_credit:
            return existing
        credit = ImageCredit(
            uploaded_by=by, title=existing.title, alt_text=existing.alt_text,
            decorative=existing.decorative, credit_source_language=existing.credit_source_language,
        )  # fmt: skip
        if image is None:
            with existing.image.open("rb") as handle:
                image = handle.read()
    else:
        credit = existing or ImageCredit(uploaded_by=by)
    if image is not None:
        credit.image = clean_image(ContentFile(image))
        if not shared or credit.alt_text == PLACEHOLDER_ALT:
            credit.alt_text = (picture.alt or picture.caption) if picture else ""
    elif not credit.image:
        credit.image = placeholder_image()
        credit.alt_text = PLACEHOLDER_ALT
    if picture is not None:
        for field, part in CREDIT_FIELDS.items():
            setattr(credit, field, getattr(picture, part))
        credit.title = credit.title or picture.caption[:200]
    if not credit.alt_text:
        credit.decorative = True
    credit.save()
    renditions.ensure(credit)
    return credit
