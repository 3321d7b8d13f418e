"""Models to API documents. Each public rule is called, never restated: the picture's
publishability and credit line, the bio line as printed, public notes, citation formats."""

from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode

from articles import citation
from articles.rendering import article_page_context
from prospect.images import renditions
from prospect.pages import absolute_url

# The API's citation names for citation.FORMATS (whose keys are the site's file suffixes).
CITATION_FORMATS = {"bibtex": "bib", "ris": "ris", "csl_json": "json"}


def api_url(name, slug):
    return absolute_url(reverse(f"api:{name}", kwargs={"slug": slug}))


def commentaries_url(**filters):
    return absolute_url(reverse("api:commentaries") + "?" + urlencode(filters))


def page_url(path_name, slug, language=None):
    """A public page's canonical address; an article's is under its own language's prefix."""
    with translation.override(language or "en"):
        return absolute_url(reverse(path_name, kwargs={"slug": slug}))


def picture(image):
    """A publishable picture with its renditions; None when absent or its rights have expired."""
    if image is None or not image.is_publishable():
        return None
    sizes = renditions.ensure(image).get("sizes", [])
    if not sizes:
        return None
    return {
        "alt": image.alt,
        "decorative": image.decorative,
        "caption": image.caption,
        "width": sizes[-1]["width"],
        "height": sizes[-1]["height"],
        "credit": {
            "source": image.credit_source,
            "source_language": image.credit_source_language,
            "date": image.credit_date,
            "platform": image.credit_platform,
            "url": image.credit_url,
            "rights_holder": image.rights_holder,
            "line": image.credit_line(),
        },
        "renditions": [
            {
                "width": size["width"],
                "height": size["height"],
                "webp": absolute_url(default_storage.url(size["webp"])),
                "jpeg": absolute_url(default_storage.url(size["jpeg"])),
            }
            for size in sizes
        ],
    }


def link(name, slug, path_name, api_name):
    return {"slug": slug, "name": name, "url": page_url(path_name, slug),
            "api_url": api_url(api_name, slug)}  # fmt: skip


def series_link(series):
    return link(series.name, series.slug, "articles:series", "series")


def topic_link(tag):
    return link(tag.name, tag.slug, "articles:topic", "topic")


def author_link(author):
    return link(author.display_name, author.slug, "authors:detail", "author")


def commentary_summary(article, bylines=None, topics=None):
    """A commentary as lists show it. Uses the bylines and topics prefetched by for_listing()."""
    bylines = article.ordered_bylines() if bylines is None else bylines
    topics = list(article.tags.all()) if topics is None else topics
    return {
        "id": article.pk,
        "slug": article.slug,
        "url": page_url("articles:detail", article.slug, article.language),
        "api_url": api_url("commentary", article.slug),
        "language": article.language,
        "title": article.title,
        "subtitle": article.subtitle,
        "summary": article.summary,
        "series": series_link(article.series),
        "number": article.number,
        "published_at": article.publish_at,
        "first_published_at": article.first_published_at,
        "last_published_at": article.last_published_at,
        "reading_minutes": article.reading_minutes,
        "authors": [
            {"slug": b.author.slug, "name": b.author.display_name, "role": b.role} for b in bylines
        ],
        "topics": [topic_link(tag) for tag in topics],
        "picture": picture(article.lead_image),
    }


def commentary(article):
    """Everything the article page prints, from the same page context the page uses."""
    page = article_page_context(article)
    bylines = page["bylines"]
    document = commentary_summary(article, bylines, page["topics"])
    url = document["url"]
    references = {
        name: citation.FORMATS[suffix][0](article, bylines, url)
        for name, suffix in CITATION_FORMATS.items()
    }
    note = page["editors_note"]
    document.update(
        picture=picture(page["picture"]),
        body_html=article.body,
        body_text=article.body_text,
        bylines=[byline(b) for b in bylines],
        editors_note=note.body if note else "",
        corrections=[
            {"date": timezone.localdate(n.created_at), "text": n.body} for n in page["corrections"]
        ],
        translations=translations(article),
        citation={"reference": citation.reference(article, bylines, url), **references},
    )
    return document


def byline(item):
    """The byline as printed: the bio line frozen at publication (display_bio_line's rule)."""
    return {
        "position": item.position,
        "role": item.role,
        "author": author_link(item.author),
        "bio_line": item.display_bio_line(),
    }


def translations(article):
    """The live version in the other language (annotated by with_other_language())."""
    language, slug = article.other_language, article.other_language_slug
    if not language:
        return []
    return [{"language": language, "slug": slug, "api_url": api_url("commentary", slug),
             "url": page_url("articles:detail", slug, language)}]  # fmt: skip


def author(person, detail=False):
    document = {
        **author_link(person),
        "full_name": person.full_name,
        "sort_name": person.sort_name,
        "other_script_name": person.other_script_name,
        "commentaries_url": commentaries_url(author=person.slug),
        "commentary_count": person.commentary_count,
        "bio_line": person.bio_line(),
        "orcid": person.orcid,
        "orcid_url": person.orcid_url,
        "website": person.website,
    }
    if detail:
        document.update(
            long_bio_html=person.long_bio,
            affiliations=[affiliation(a) for a in person.affiliations_on()],
            links=[{"label": item.label, "url": item.url} for item in person.links.all()],
            portrait=picture(person.portrait),
        )
    return document


def affiliation(held):
    organization = held.organization
    return {
        "organization": {"name": organization.name, "acronym": organization.acronym,
                         "url": organization.url},
        "title": held.title,
        "start_date": held.start_date,
        "primary": held.primary,
    }  # fmt: skip


def series(item):
    return {
        **series_link(item),
        "description": item.description,
        "commentaries_url": commentaries_url(series=item.slug),
        "commentary_count": item.commentary_count,
        "latest_number": item.latest_number,
    }


def topic(tag):
    return {
        **topic_link(tag),
        "commentaries_url": commentaries_url(topic=tag.slug),
        "commentary_count": tag.commentary_count,
    }
