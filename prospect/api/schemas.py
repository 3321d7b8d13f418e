"""The shapes of the API's documents; the OpenAPI schema is generated from these."""

import datetime
import re
from typing import Annotated, Literal

from ninja import Schema
from pydantic import BeforeValidator, Field

LanguageCode = Literal["en", "zh-hant"]


def _iso_day(value):
    # Pydantic would also take 0 or 1700000000 as a day (Unix time); the schema says YYYY-MM-DD.
    if not (isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
        raise ValueError("Give a day as YYYY-MM-DD.")
    return value


Day = Annotated[datetime.date, BeforeValidator(_iso_day)]
Role = Literal["author", "co_author", "translator", "editor"]


class Error(Schema):
    detail: str


class Link(Schema):
    slug: str
    name: str
    url: str = Field(description="The public page.")
    api_url: str


class Rendition(Schema):
    width: int
    height: int
    webp: str
    jpeg: str


class Credit(Schema):
    source: str
    source_language: str = Field(description="Language tag of the source's name, if not English.")
    date: datetime.date | None
    platform: str
    url: str
    rights_holder: str
    line: str = Field(description="The house credit line, as printed under the picture.")


class Picture(Schema):
    alt: str = Field(description="Empty for a decorative picture.")
    decorative: bool
    caption: str
    width: int
    height: int
    credit: Credit
    renditions: list[Rendition] = Field(
        description="Narrowest first. The uploaded original is never linked."
    )


class BylineAuthor(Schema):
    slug: str
    name: str
    role: Role


class CommentarySummary(Schema):
    id: int
    slug: str
    url: str = Field(description="Canonical address of the public page.")
    api_url: str
    language: LanguageCode
    title: str
    subtitle: str
    summary: str
    series: Link
    number: int | None
    published_at: datetime.datetime = Field(description="When it went (or goes) live.")
    first_published_at: datetime.datetime
    last_published_at: datetime.datetime | None
    reading_minutes: int
    authors: list[BylineAuthor]
    topics: list[Link]
    picture: Picture | None


class Byline(Schema):
    position: int
    role: Role
    author: Link
    bio_line: str = Field(description="The bio sentence as printed, frozen at publication.")


class Note(Schema):
    date: datetime.date
    text: str


class Translation(Schema):
    language: LanguageCode
    slug: str
    url: str
    api_url: str


class Citation(Schema):
    reference: str = Field(description="Formatted reference, as under “Cite this”.")
    bibtex: str
    ris: str
    csl_json: str = Field(description="CSL-JSON, as a string.")


class Commentary(CommentarySummary):
    body_html: str = Field(description="Sanitized HTML.")
    body_text: str
    bylines: list[Byline]
    editors_note: str
    corrections: list[Note]
    translations: list[Translation]
    citation: Citation


class CommentaryPage(Schema):
    next: str | None = Field(description="The next page, or null on the last one.")
    results: list[CommentarySummary]


class SearchHit(CommentarySummary):
    excerpt_html: str = Field(description="A passage of the text, matches in <mark>; escaped.")


class SearchPage(Schema):
    count: int
    # True when more matched than are ranked (articles/search.py RANKED): `count` is that cap.
    capped: bool
    next: str | None
    results: list[SearchHit]


class Organization(Schema):
    name: str
    acronym: str
    url: str


class Affiliation(Schema):
    organization: Organization
    title: str
    start_date: datetime.date | None
    primary: bool


class AuthorLink(Schema):
    label: str
    url: str


class Author(Schema):
    slug: str
    name: str
    full_name: str = Field(description="With the honorific.")
    sort_name: str
    other_script_name: str
    url: str
    api_url: str
    commentaries_url: str = Field(description="This author's commentaries in the API.")
    commentary_count: int
    bio_line: str = Field(description="The bio sentence as of today.")
    orcid: str
    orcid_url: str
    website: str


class AuthorDetail(Author):
    long_bio_html: str
    affiliations: list[Affiliation] = Field(description="Held today, primary first.")
    links: list[AuthorLink]
    portrait: Picture | None


class AuthorPage(Schema):
    next: str | None
    results: list[Author]


class Series(Schema):
    slug: str
    name: str
    description: str
    url: str
    api_url: str
    commentaries_url: str
    commentary_count: int
    latest_number: int | None


class Topic(Schema):
    slug: str
    name: str
    url: str
    api_url: str
    commentaries_url: str
    commentary_count: int


class InvalidRequest(Schema):
    detail: list[dict] = Field(description="What was wrong with each parameter (type, loc, msg).")
