"""What an article's content is, declared once.

Every field of Article, Byline, EditorNote and ImageCredit is one of:

- ``CONTENT``: what readers see. Snapshots, the approval fingerprint, working copies, restore,
  preview and the reviewers' diff all read it from here, so an approval covers exactly it.
- ``WORKFLOW``: where the article is in its life (status, dates, who approved), written only by
  articles/workflow/.
- ``BOOKKEEPING``: derived or administrative values readers never see as such.

tests/articles/test_content_declaration.py fails when a model gains a field that is not
classified here, so a new field cannot be left out of the approval by accident.
"""

ARTICLE = {
    # Content, in page order. ``slug`` is the address readers see; a working copy never
    # changes the live article's.
    "series": "content",
    "title": "content",
    "subtitle": "content",
    "slug": "content",
    "summary": "content",
    "body": "content",
    "lead_image": "content",
    "language": "content",
    "tags": "content",
    # Placement on the home page is an editor's decision about a live article, not its text.
    "featured": "workflow",
    "status": "workflow",
    "number": "workflow",
    "publish_at": "workflow",
    "first_published_at": "workflow",
    "last_published_at": "workflow",
    "superseded_at": "workflow",
    "working_copy_of": "workflow",
    "submitted_by": "workflow",
    "approved_by": "workflow",
    "approved_revision": "workflow",
    "announced_at": "workflow",
    # Chosen at publication from other live articles (articles/related.py): not this text.
    "related_ids": "bookkeeping",
    "id": "bookkeeping",
    "translation_key": "bookkeeping",
    "body_text": "bookkeeping",
    "reading_minutes": "bookkeeping",
    "search_bigrams": "bookkeeping",
    "search_vector": "bookkeeping",
    "version": "bookkeeping",
    "source_key": "bookkeeping",
    "created_by": "bookkeeping",
    "updated_by": "bookkeeping",
    "created_at": "bookkeeping",
    "updated_at": "bookkeeping",
}

BYLINE = {
    "author": "content",
    "position": "content",
    "role": "content",
    "bio_line": "content",
    "id": "bookkeeping",
    "article": "bookkeeping",
}

# Internal review comments are never content; the public kinds are, by kind and text.
EDITOR_NOTE = {
    "kind": "content",
    "body": "content",
    "created_at": "bookkeeping",  # printed with a correction, but fixed when it is written
    "id": "bookkeeping",
    "article": "bookkeeping",
    "author": "bookkeeping",
    "resolved_at": "workflow",
    "resolved_by": "workflow",
}

# What readers see of a picture (picture_content below); the library's own records are not.
PICTURE = {
    "image": "content",
    "file_sha256": "content",
    "alt_text": "content",
    "decorative": "content",
    "caption": "content",
    # Where crops are cut: the picture readers see in link previews and portraits.
    "focal_x": "content",
    "focal_y": "content",
    "credit_source": "content",
    "credit_source_language": "content",
    "credit_date": "content",
    "credit_platform": "content",
    "credit_url": "content",
    "rights_holder": "content",
    "rights_expire_on": "content",
    "licence": "bookkeeping",
    "title": "bookkeeping",
    "width": "bookkeeping",
    "height": "bookkeeping",
    "renditions": "bookkeeping",
    "uploaded_by": "bookkeeping",
    "created_at": "bookkeeping",
    "updated_at": "bookkeeping",
    "id": "bookkeeping",
}


def article_content_fields():
    """Article's content fields (attribute names, as a row stores them), without topics."""
    from .article import Article

    return [
        Article._meta.get_field(name).attname
        for name, kind in ARTICLE.items()
        if kind == "content" and name != "tags"
    ]


# Pictures were cropped around their centre before they had a focal point.
CENTRE = (0.5, 0.5)


def picture_content(picture):
    """The content of a picture (``PICTURE``), as JSON-ready data, plus its credit as printed.

    A focal point at the centre is left out: it is what every picture had before focal points
    were recorded, so approvals given then still cover the same content.
    """
    if picture is None:
        return None
    data = {"credit": picture.credit_line(), "alt": picture.alt}
    for name, kind in PICTURE.items():
        if kind == "content":
            value = getattr(picture, name)
            data[name] = value.name if name == "image" else value
    if (data["focal_x"], data["focal_y"]) == CENTRE:
        del data["focal_x"], data["focal_y"]
    return {key: (str(v) if hasattr(v, "isoformat") else v) for key, v in data.items()}
