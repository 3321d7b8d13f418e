"""JSON-LD (schema.org) shared by every page: the publisher, people, and safe embedding.

Each page carries one ``@graph``; nodes refer to each other by ``@id`` so the publisher is
described once. Article nodes are built in ``articles/metadata.py`` from these pieces.
"""

import json

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import mark_safe

from .pages import absolute_url

# Inside <script>, only "</" (and "<!--") can end or confuse the element; escaping every <, >
# and & as JSON \u escapes keeps any title or name inert while parsers read the same string.
_INERT = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def dumps(*nodes):
    """One JSON-LD graph of ``nodes``, safe to place between <script> tags."""
    graph = {"@context": "https://schema.org", "@graph": [n for n in nodes if n]}
    return mark_safe(json.dumps(graph, ensure_ascii=False, separators=(",", ":")).translate(_INERT))


def publisher_id():
    return absolute_url("/") + "#publisher"


def publisher():
    """The Organization that publishes every commentary, described once per page."""
    info = settings.PUBLISHER
    node = {
        "@type": "Organization",
        "@id": publisher_id(),
        "name": info["name"],
        "url": absolute_url("/"),
        "description": info["description"],
        "logo": {"@type": "ImageObject", "url": absolute_url(static("favicon.svg"))},
        "address": {"@type": "PostalAddress", "streetAddress": " ".join(info["address"].split())},
        "telephone": info["telephone"],
        "faxNumber": info["fax"],
    }
    if info.get("website"):
        node["sameAs"] = [info["website"]]
    return node


def website():
    return {
        "@type": "WebSite",
        "@id": absolute_url("/") + "#website",
        "url": absolute_url("/"),
        "name": settings.PUBLISHER["name"],
        "publisher": {"@id": publisher_id()},
        "potentialAction": {
            "@type": "SearchAction",
            "target": absolute_url(reverse("search")) + "?q={search_term_string}",
            "query-input": "required name=search_term_string",
        },
    }


def person(author, *, description="", affiliations=None, has_page=True):
    """An author as a Person: ORCID and links as ``sameAs``; ``description`` is the bio line
    to print (the frozen one on an article); ``affiliations`` Organizations when known.
    ``has_page`` is false for an author the public-author rule gives no page: no address then."""
    node = {"@type": "Person", "name": author.display_name}
    if has_page:
        url = absolute_url(author.get_absolute_url())
        node = {"@type": "Person", "@id": url + "#person", "name": author.display_name, "url": url}
    if author.other_script_name:
        node["alternateName"] = author.other_script_name
    if author.honorific:
        node["honorificPrefix"] = author.honorific
    if description:
        node["description"] = description
    if author.orcid:
        node["identifier"] = {
            "@type": "PropertyValue",
            "propertyID": "ORCID",
            "value": author.orcid,
        }
    same_as = [u for u in (author.orcid_url, author.website) if u]
    if affiliations is not None:
        node["affiliation"] = [
            {"@type": "Organization", "name": a.organization.name,
             **({"url": a.organization.url} if a.organization.url else {})}
            for a in affiliations
        ]  # fmt: skip
        same_as += [link.url for link in author.links.all()]
    if same_as:
        node["sameAs"] = same_as
    return node


def image(picture, url, width=None, height=None):
    """A picture with what is owed for it: credit, rights holder, licence."""
    node = {"@type": "ImageObject", "contentUrl": url, "url": url}
    if width and height:
        node.update(width=width, height=height)
    if picture.caption:
        node["caption"] = picture.caption
    if picture.has_credit():
        node["creditText"] = picture.credit_line()
    if picture.rights_holder:
        node["copyrightNotice"] = picture.rights_holder
        node["copyrightHolder"] = {"@type": "Organization", "name": picture.rights_holder}
    if picture.licence:
        node["license"] = picture.licence
    return node
