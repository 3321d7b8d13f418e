"""What an article page tells Google Scholar, Zotero, link previews and search engines.

Highwire Press tags (``citation_*``, what Scholar and Zotero read first), Dublin Core as the
fallback, Open Graph ``article:*`` and Twitter tags, and the article's node in the page's JSON-LD
graph. Everything is built from the same bylines, series label and dates as the page itself.
"""

from django.conf import settings
from django.utils import timezone

from prospect import structured_data
from prospect.pages import OG_LOCALES, absolute_url

from .citation import language_tag, report_number


def _people(bylines):
    return [b for b in bylines if b.role in ("author", "co_author")]


def _day(moment):
    return timezone.localdate(moment)


def highwire(article, bylines, url, pdf_url):
    """``citation_*`` tags, in the order Scholar's inclusion guidelines list them."""
    day = _day(article.publish_at)
    online = _day(article.first_published_at or article.publish_at)
    tags = [("citation_title", article.title)]
    tags += [("citation_author", b.author.display_name) for b in _people(bylines)]
    tags += [
        ("citation_publication_date", f"{day.year}/{day.month}/{day.day}"),
        ("citation_online_date", f"{online.year}/{online.month}/{online.day}"),
        ("citation_technical_report_institution", settings.PUBLISHER["name"]),
        ("citation_technical_report_number", report_number(article)),
        ("citation_publisher", settings.PUBLISHER["name"]),
        ("citation_series_title", article.series.name),
        ("citation_language", language_tag(article)),
        ("citation_abstract_html_url", url),
        ("citation_fulltext_html_url", url),
        ("citation_pdf_url", pdf_url),
    ]
    tags += [("citation_keywords", tag.name) for tag in article.tags.all()]
    return tags


def dublin_core(article, bylines, url):
    day = _day(article.publish_at)
    return [
        ("DC.title", article.title),
        *(("DC.creator", b.author.display_name) for b in _people(bylines)),
        ("DC.date", day.isoformat()),
        ("DC.publisher", settings.PUBLISHER["name"]),
        ("DC.type", "Text"),
        ("DC.format", "text/html"),
        ("DC.identifier", url),
        ("DC.language", language_tag(article)),
        ("DC.relation.ispartof", report_number(article)),
        *([("DC.description", article.summary)] if article.summary else []),
    ]


def open_graph(article, bylines, picture, rendition, translation=None):
    """Open Graph properties beyond the ones every page has (base.html)."""
    tags = []
    if translation:
        tags.append(("og:locale:alternate", OG_LOCALES.get(translation["language"], "en_US")))
    if picture and rendition:
        tags += [
            ("og:image:width", str(rendition["width"])),
            ("og:image:height", str(rendition["height"])),
            ("og:image:type", "image/jpeg"),
        ]
        if picture.alt:
            tags.append(("og:image:alt", picture.alt))
    tags += [
        ("article:published_time", article.publish_at.isoformat()),
        ("article:modified_time", (article.last_published_at or article.publish_at).isoformat()),
        *(
            ("article:author", absolute_url(b.author.get_absolute_url()))
            for b in bylines
            if b.author_has_page()
        ),
        ("article:section", article.series.name),
        *(("article:tag", tag.name) for tag in article.tags.all()),
    ]
    return tags


def twitter(article, picture):
    tags = [("twitter:title", article.title), ("twitter:description", article.summary)]
    if picture and picture.alt:
        tags.append(("twitter:image:alt", picture.alt))
    return tags


def report(article, bylines, url, pdf_url, picture=None, rendition=None, translation=None):
    """The commentary as a schema.org Report: authors with the bio line printed at publication,
    the series it is part of, its picture with credit, and its other language version."""
    node = {
        "@type": "Report",
        "@id": url + "#report",
        "url": url,
        "mainEntityOfPage": url,
        "headline": article.title[:110],
        "name": article.title,
        "description": article.summary,
        "datePublished": article.publish_at.isoformat(),
        "dateModified": (article.last_published_at or article.publish_at).isoformat(),
        "inLanguage": language_tag(article),
        "reportNumber": report_number(article),
        "isPartOf": {
            "@type": "CreativeWorkSeries",
            "name": article.series.name,
            "url": absolute_url(article.series.get_absolute_url()),
        },
        "author": [
            structured_data.person(
                b.author, description=b.display_bio_line(), has_page=b.author_has_page()
            )
            for b in _people(bylines)
        ],
        "publisher": {"@id": structured_data.publisher_id()},
        "keywords": [tag.name for tag in article.tags.all()],
        "wordCount": len(article.body_text.split()),
        "encoding": {"@type": "MediaObject", "contentUrl": pdf_url,
                     "encodingFormat": "application/pdf"},
    }  # fmt: skip
    if article.number:
        node["position"] = article.number
    if picture and rendition:
        node["image"] = structured_data.image(
            picture, absolute_url(rendition["url"]), rendition["width"], rendition["height"]
        )
    if translation:
        node[_translation_relation(article)] = {
            "@type": "Report",
            "@id": translation["url"] + "#report",
            "url": translation["url"],
            "inLanguage": translation["hreflang"],
        }
    return node


def _translation_relation(article):
    """The version published first is the original; the other is its translation."""
    mine = article.first_published_at
    other = getattr(article, "other_language_first_published", None)
    if mine and other and other < mine:
        return "translationOfWork"
    return "workTranslation"
