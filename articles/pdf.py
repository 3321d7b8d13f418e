"""The PDF edition of a commentary: WeasyPrint, the house layout, tagged PDF/UA, Noto fonts.

``build(article_id)`` is the one entry point: it renders the edition's HTML from the live
article, names the file by a hash of that HTML, and stores it once (``pdf/<id>/<hash>.pdf`` in the
default storage). Calling it again for unchanged content only finds the file; a correction or a
new published version changes the HTML and so the hash, and the next call builds a new file and
deletes the old one.
It takes an id and returns a storage name, so a task queue can run it as it is.
"""

import contextlib
import hashlib
import mimetypes
from urllib.parse import unquote

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation

from prospect.images.templatetags.pictures import link_preview_rendition
from prospect.pages import absolute_url
from prospect.tasks import background

from . import citation
from .models import Article
from .rendering import article_page_context

TEMPLATE = "articles/article_pdf.html"
# Bumped when the layout or build options change, so every edition is rebuilt once.
LAYOUT_VERSION = "1"


def edition_html(article):
    """The edition's HTML, in the article's own language, pictures as media paths."""
    with translation.override(article.language):
        context = article_page_context(article)
        picture = context["picture"]
        rendition = link_preview_rendition(picture, 1200) if picture else None
        url = absolute_url(article.canonical_path())
        return render_to_string(
            TEMPLATE,
            {
                **context,
                "PUBLISHER": settings.PUBLISHER,
                "picture_src": rendition["url"] if rendition else "",
                "url": url,
                "url_display": unquote(url),
                "reference": citation.reference(article, context["bylines"], url),
                "authors": [b.author.display_name for b in context["bylines"]],
                "keywords": ", ".join(tag.name for tag in context["topics"]),
                "layout_version": LAYOUT_VERSION,
            },
        )


def storage_name(article, html):
    digest = hashlib.sha256(html.encode()).hexdigest()[:20]
    return f"pdf/{article.pk}/{digest}.pdf"


def build(article_id):
    """Store the PDF edition of the live article ``article_id`` unless it exists; return its
    storage name. Raises Article.DoesNotExist for an article that is not live."""
    article = (
        Article.objects.live()
        .select_related("series", "lead_image")
        .prefetch_related(Article.bylines_with_authors(), "notes", "tags")
        .get(pk=article_id)
    )
    html = edition_html(article)
    name = storage_name(article, html)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(render_pdf(html)))
        _delete_other_editions(name)
    return name


@background(retries=3, retry_on=(OSError,))
def build_edition(article_id):
    """``build`` ahead of the first reader, from the task queue (articles/workflow/pipeline.py
    asks for it when readers start to see new content). An article that is no longer live by
    the time the task runs needs no edition."""
    with contextlib.suppress(Article.DoesNotExist):
        build(article_id)


def _delete_other_editions(keep):
    """Editions of earlier content are never served again (their hash is gone)."""
    folder = keep.rsplit("/", 1)[0]
    _, files = default_storage.listdir(folder)
    for file in files:
        if f"{folder}/{file}" != keep:
            default_storage.delete(f"{folder}/{file}")


def render_pdf(html):
    # Imported here: loading Pango costs time that nothing else in a web process needs.
    from weasyprint import HTML

    document = HTML(string=html, base_url=settings.SITE_URL, url_fetcher=_media_fetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, optimize_images=True)


def _media_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class MediaOnly(URLFetcher):
        """Pictures come from our own media storage; nothing is fetched from the network, so
        a link in a body can never make the server request another address."""

        def fetch(self, url, headers=None):
            prefix = settings.SITE_URL + settings.MEDIA_URL
            if not url.startswith(prefix):
                raise ValueError(f"Not fetched for the PDF edition: {url}")
            name = url[len(prefix) :]
            with default_storage.open(name) as handle:
                data = handle.read()
            mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=data, headers={"Content-Type": mime})

    return MediaOnly()
