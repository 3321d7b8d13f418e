"""Sweeping rules of the public site: nothing hidden leaks anywhere; every page is well formed."""

import datetime
import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from articles.models import Article
from tests.factories import (
    make_article,
    make_author,
    make_picture,
    make_public_author,
    make_series,
)

pytestmark = pytest.mark.django_db

SECRET = "Hiddenword"


def every_public_url(article, author, series, topic="secret-topic"):
    """Every kind of public address that could show ``article``."""
    return [
        reverse("home"),
        reverse("articles:list"),
        reverse("articles:list") + f"?series={series.slug}&topic={topic}",
        series.get_absolute_url(),
        reverse("articles:topic", args=[topic]),
        author.get_absolute_url(),
        reverse("authors:list"),
        reverse("search") + "?q=body",  # matches both articles; the query itself is echoed
        reverse("feeds:rss"),
        reverse("feeds:atom"),
        reverse("feeds:json"),
        "/zh-hant" + reverse("feeds:rss"),
        reverse("feeds:series_rss", args=[series.slug]),
        reverse("feeds:series_atom", args=[series.slug]),
        reverse("feeds:topic_rss", args=[topic]),
        reverse("feeds:topic_atom", args=[topic]),
        reverse("feeds:author_rss", args=[author.slug]),
        reverse("feeds:author_atom", args=[author.slug]),
        reverse("sitemap"),
        "/zh-hant/",
        "/zh-hant" + reverse("articles:list"),
    ]


@pytest.fixture
def world():
    """A live neighbour sharing author, series and topic, so related lists and counts exist."""
    author = make_author("Shared Author", title="Fellow")
    series = make_series("Shared Series")
    neighbour = make_article("Live neighbour", series=series, authors=[author],
                             tags=["secret-topic"], status="published")  # fmt: skip
    return author, series, neighbour


def hidden_article(status, author, series, at=None):
    return make_article(f"{SECRET} commentary", series=series, authors=[author],
                        tags=["secret-topic"], status=status, at=at,
                        summary=f"{SECRET} summary", body=f"<p>{SECRET} body</p>")  # fmt: skip


@pytest.mark.parametrize("status", ["draft", "in_review", "scheduled", "withdrawn"])
def test_hidden_article_is_absent_from_every_public_url(client, world, status):
    author, series, neighbour = world
    hidden = hidden_article(status, author, series)
    for url in [*every_public_url(hidden, author, series), neighbour.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert SECRET not in body, url
        assert hidden.slug not in body, url
    for suffix in ("", "cite.bib", "cite.ris", "cite.json", f"{hidden.slug}.pdf"):
        assert client.get(hidden.get_absolute_url() + suffix).status_code in (404, 410)
    edition = client.get(neighbour.pdf_path())  # the neighbour's PDF names nothing hidden
    assert edition.status_code == 200
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(edition.content)).pages)
    assert "Live neighbour" in text and SECRET not in text


def test_scheduled_article_appears_everywhere_at_once_when_its_time_comes(client, world):
    author, series, neighbour = world
    at = timezone.now() + datetime.timedelta(hours=2)
    hidden = hidden_article("scheduled", author, series, at=at)
    urls = [u for u in every_public_url(hidden, author, series) if u[-8:] != "authors/"]
    for url in urls:  # warm every cache before the time
        client.get(url)
    with time_machine.travel(at + datetime.timedelta(seconds=1)):
        for url in urls:
            if url == reverse("authors:list"):
                continue  # the directory lists people, not commentaries
            body = client.get(url).content.decode()
            assert SECRET in body or hidden.slug in body, url
        page = client.get(neighbour.get_absolute_url()).content.decode()
        assert hidden.get_absolute_url() in page  # related items
        assert client.get(hidden.get_absolute_url()).status_code == 200


def test_archive_count_ignores_hidden_articles(client, world):
    author, series, _ = world
    for status in ("draft", "scheduled", "withdrawn"):
        hidden_article(status, author, series)
    body = client.get(reverse("search"), {"q": "body"}).content.decode()
    assert "1 result for" in body


# --- well-formed pages ------------------------------------------------------------------


class Outline(HTMLParser):
    """Headings, landmarks, images, links and form fields of a page, as a browser would see."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings, self.landmarks, self.images, self.links = [], set(), [], []
        self.fields, self.labels, self.html_lang, self.ids = [], set(), None, set()
        self._link = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.html_lang = a.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag in ("main", "nav", "header", "footer", "aside"):
            self.landmarks.add(tag)
        if tag == "img":
            self.images.append(a)
        if tag == "a" and "href" in a:
            self._link = [a, ""]
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.fields.append(a)
        if tag == "label" and "for" in a:
            self.labels.add(a["for"])

    def handle_data(self, data):
        if self._link is not None:
            self._link[1] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self.links.append((self._link[0], " ".join(self._link[1].split())))
            self._link = None


def outline(html):
    parser = Outline()
    parser.feed(html)
    return parser


@pytest.fixture
def site(seed_path):
    from django.core.management import call_command

    call_command("import_commentary", str(seed_path), "--publish-date", "2024-02-01",
                 "--topics", "Japan, Taiwan", stdout=StringIO())  # fmt: skip
    seed = Article.objects.get()
    author = seed.bylines.get().author
    return seed, author


def page_urls(seed, author):
    return {
        "home": reverse("home"),
        "archive": reverse("articles:list"),
        "article": seed.get_absolute_url(),
        "series": seed.series.get_absolute_url(),
        "topic": reverse("articles:topic", args=["japan"]),
        "directory": reverse("authors:list"),
        "author": author.get_absolute_url(),
        "search": reverse("search"),
        "search results": reverse("search") + "?q=Taiwan",
        "search empty": reverse("search") + "?q=zzzqqq",
        "chinese home": "/zh-hant/",
    }


@pytest.mark.parametrize(
    "name",
    ["home", "archive", "article", "series", "topic", "directory", "author", "search",
     "search results", "search empty", "chinese home"],
)  # fmt: skip
def test_every_page_type_meets_the_accessibility_rules(client, site, name):
    url = page_urls(*site)[name]
    response = client.get(url)
    assert response.status_code == 200
    page = outline(response.content.decode())
    assert page.headings.count(1) == 1, "exactly one h1"
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, f"heading level skipped: h{before} → h{after}"
    assert {"main", "nav", "header", "footer"} <= page.landmarks
    assert page.links[0][0]["href"] == "#content" and "content" in page.ids  # skip link works
    assert page.html_lang == ("zh-hant" if url.startswith("/zh-hant/") else "en")
    for image in page.images:
        assert "alt" in image and image.get("width") and image.get("height")
    vague = {"click here", "here", "more", "read more", "link"}
    for attrs, text in page.links:
        assert text.lower() not in vague and (text or attrs.get("aria-label")), attrs
    for field in page.fields:
        assert field.get("id") in page.labels or field.get("aria-label"), field


def test_article_picture_is_responsive_and_never_the_original(client, site):
    seed, _ = site
    html = client.get(seed.get_absolute_url()).content.decode()
    figure = re.search(r"<figure.*?</figure>", html, re.S).group(0)
    assert 'type="image/webp"' in figure and "srcset=" in figure and "sizes=" in figure
    assert re.search(r'<img [^>]*width="\d+" height="\d+"', figure)
    assert seed.lead_image.image.name not in html  # the upload itself is not linked
    assert 'loading="eager"' in figure  # above the fold


def test_article_page_has_canonical_and_open_graph_tags(client, site):
    seed, _ = site
    html = client.get(seed.get_absolute_url()).content.decode()
    site = settings.SITE_URL
    assert f'<link rel="canonical" href="{site}{seed.get_absolute_url()}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:image" content="{site}/media/renditions/' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_listing_pages_link_their_feeds(client, site):
    seed, author = site
    for url, feed in [
        (reverse("articles:list"), reverse("feeds:rss")),
        (seed.series.get_absolute_url(), reverse("feeds:series_rss", args=[seed.series.slug])),
        (reverse("articles:topic", args=["japan"]), reverse("feeds:topic_rss", args=["japan"])),
        (author.get_absolute_url(), reverse("feeds:author_rss", args=[author.slug])),
    ]:
        html = client.get(url).content.decode()
        assert '<link rel="alternate" type="application/rss+xml"' in html
        assert f'href="{feed}"' in html


# --- feeds and sitemap --------------------------------------------------------------------


def test_rss_item_has_summary_content_creators_topics_and_credit(client):
    a, b = make_author("Ann Author"), make_author("Bob Writer")
    picture = make_picture(credit_source="Agency", alt_text="A harbour")
    article = make_article("Two voices", authors=[a, b], tags=["Japan"], status="published",
                           summary="Short summary.", lead_image=picture)  # fmt: skip
    root = ET.fromstring(client.get(reverse("feeds:rss")).content)
    item = root.find("channel/item")
    ns = {"dc": "http://purl.org/dc/elements/1.1/",
          "content": "http://purl.org/rss/1.0/modules/content/"}  # fmt: skip
    assert item.findtext("title") == "Two voices"
    assert item.findtext("description") == "Short summary."
    assert [c.text for c in item.findall("dc:creator", ns)] == ["Ann Author", "Bob Writer"]
    assert [c.text for c in item.findall("category")] == ["Japan"]
    content = item.findtext("content:encoded", namespaces=ns)
    assert "Picture source: Agency" in content and "<p>Body text.</p>" in content
    assert item.findtext("link").endswith(article.get_absolute_url())


def test_atom_entry_has_one_author_element_per_author(client):
    authors = [make_author("Ann Author"), make_author("Bob Writer")]
    make_article("Two voices", authors=authors, status="published")
    root = ET.fromstring(client.get(reverse("feeds:atom")).content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entry = root.find("a:entry", ns)
    assert [n.text for n in entry.findall("a:author/a:name", ns)] == ["Ann Author", "Bob Writer"]
    assert entry.find("a:content", ns).get("type") == "html"


def test_sitemap_lists_articles_series_topics_and_authors_with_lastmod(client):
    author = make_author("Mapped Author")
    article = make_article("Mapped", authors=[author], tags=["Japan"], status="published")
    root = ET.fromstring(client.get(reverse("sitemap")).content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
                 for u in root.findall("s:url", ns)}  # fmt: skip
    paths = {loc.replace("http://testserver", ""): mod for loc, mod in locations.items()}
    for path in (article.get_absolute_url(), article.series.get_absolute_url(),
                 reverse("articles:topic", args=["japan"]), author.get_absolute_url()):  # fmt: skip
        assert paths.get(path), path


# --- hostile content ----------------------------------------------------------------------

HOSTILE = "</script><script>alert(1)</script><img src=x onerror=alert(2)>\"'&"


def test_hostile_text_is_escaped_everywhere_and_feeds_stay_well_formed(client):
    author = make_author(f"Evil {HOSTILE}", short_bio=f"Bio {HOSTILE}")
    picture = make_picture(credit_source=HOSTILE, credit_platform=HOSTILE, caption=HOSTILE,
                           alt_text=HOSTILE, credit_url="https://example.org/?a=<b>")  # fmt: skip
    series = make_series(f"Series {HOSTILE}", description=HOSTILE)
    article = make_article(f"Title {HOSTILE}", subtitle=HOSTILE, summary=HOSTILE, series=series,
                           authors=[author], tags=[f"tag {HOSTILE}"[:90]], lead_image=picture,
                           status="published")  # fmt: skip
    urls = [reverse("home"), reverse("articles:list"), article.get_absolute_url(),
            series.get_absolute_url(), author.get_absolute_url(), reverse("authors:list"),
            reverse("search") + "?q=" + "Title"]  # fmt: skip
    for url in urls:
        page = ElementCensus()
        page.feed(client.get(url).content.decode())
        assert page.scripts == 0, url  # public pages run no script at all
        assert page.handlers == [], url
        assert not any(src == "x" for src in page.image_sources), url
    for url in [reverse("feeds:rss"), reverse("feeds:atom"),
                reverse("feeds:author_rss", args=[author.slug]), reverse("sitemap")]:  # fmt: skip
        ET.fromstring(client.get(url).content)  # raises if not well-formed
    title = re.search(
        r"<title>(.*?)</title>", client.get(article.get_absolute_url()).content.decode(), re.S
    )
    assert "&lt;/script&gt;" in title.group(1)


class ElementCensus(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts, self.handlers, self.image_sources = 0, [], []

    def handle_starttag(self, tag, attrs):
        # A JSON-LD data block is never executed (and is escaped: see test_metadata.py).
        self.scripts += tag == "script" and dict(attrs).get("type") != "application/ld+json"
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        if tag == "img":
            self.image_sources.append(dict(attrs).get("src"))


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["page=0", "page=-1", "page=abc", "page=999999", "page=" + "9" * 400, "year=abc",
     "year=99999999999999999999", "series=nope", "topic=%00", "series[]=x", "foo=bar",
     "q=" + "x" * 10000, "page=1&page=2"],
)  # fmt: skip
@pytest.mark.parametrize("path", ["articles:list", "search", "authors:list", "home"])
def test_bad_query_strings_never_fail(client, path, query):
    make_article(status="published")
    assert client.get(reverse(path) + "?" + query).status_code == 200


@pytest.mark.parametrize(
    "q", ['"', '"unclosed phrase', "OR", "-", "--", "a & b | c", "!:*", "()", "' OR 1=1 --",
          "x" * 10_000, "\x00", "日本", " ", "<script>"],
)  # fmt: skip
def test_any_search_input_answers_200(client, q):
    make_article("Japan and Taiwan", status="published")
    response = client.get(reverse("search"), {"q": q})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</header>", 1)[1]


# --- caching ------------------------------------------------------------------------------


def test_anonymous_pages_answer_conditional_requests(client):
    article = make_article("Cached", status="published")
    first = client.get(article.get_absolute_url())
    assert first["ETag"] and first["Last-Modified"]
    assert "public" in first["Cache-Control"]
    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = client.get(article.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_a_correction_makes_cached_pages_fresh_at_once(client):
    from articles.models import EditorNote

    article = make_article("Corrected", status="published")
    first = client.get(article.get_absolute_url())
    EditorNote.objects.create(article=article, kind="correction", body="Fixed the date.")
    article.save()  # corrections are published with a save of the article (workflow)
    fresh = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert fresh.status_code == 200 and "Fixed the date." in fresh.content.decode()


def test_withdrawal_is_seen_at_once(client):
    from articles import workflow

    article = make_article("Soon gone", status="published")
    assert "Soon gone" in client.get(reverse("home")).content.decode()
    workflow.withdraw(article)
    assert "Soon gone" not in client.get(reverse("home")).content.decode()
    assert client.get(article.get_absolute_url()).status_code == 410


def test_logged_in_responses_are_never_cached(client, admin_user):
    article = make_article("Private view", status="published")
    client.force_login(admin_user)
    response = client.get(article.get_absolute_url())
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "ETag" not in response


# --- citations ----------------------------------------------------------------------------


def test_citations_in_three_formats(client, site):
    seed, _ = site
    bib = client.get(reverse("articles:cite", args=[seed.slug, "bib"]))
    assert bib["Content-Type"].startswith("application/x-bibtex")
    text = bib.content.decode()
    assert "author = {Tokuchi, Hideshi}" in text and "type = {Prospects \\& Perspectives}" in text
    assert "number = {1}" in text
    ris = client.get(reverse("articles:cite", args=[seed.slug, "ris"])).content.decode()
    assert "AU  - Tokuchi, Hideshi" in ris and "DA  - 2024/02/01" in ris
    csl = client.get(reverse("articles:cite", args=[seed.slug, "json"])).json()
    assert csl[0]["author"] == [{"family": "Tokuchi", "given": "Hideshi"}]
    assert csl[0]["issued"] == {"date-parts": [[2024, 2, 1]]}
    html = client.get(seed.get_absolute_url()).content.decode()
    assert "Tokuchi, Hideshi. “Promoting the Japan-Taiwan Partnership" in html
    assert client.get(reverse("articles:cite", args=[seed.slug, "docx"])).status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/articles/%00/", "/articles/a%00b/cite.bib", "/series/%00/", "/topics/%00/",
     "/authors/%00/", "/authors/%00/feed/", "/series/x%0A/feed/atom/", "/preview/%00/",
     "/articles/%3Cscript%3E/", "/articles/" + "a" * 3000 + "/"],
)  # fmt: skip
def test_junk_in_addresses_is_a_404_not_an_error(client, path):
    assert client.get(path).status_code == 404


def test_a_new_release_never_serves_pages_rendered_by_the_old_one(client, monkeypatch, settings):
    from prospect import caching

    settings.PAGE_CACHE_SECONDS = 600
    article = make_article("Release", status="published")
    before = client.get(article.get_absolute_url())["ETag"]
    monkeypatch.setattr(caching, "code_version", lambda: "next-release")
    after = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200 and after["ETag"] != before


def test_a_new_affiliation_shows_on_the_author_page_at_once(client):
    from authors.models import Affiliation
    from tests.factories import make_organization

    author = make_public_author("Changing Jobs", title="Fellow")
    assert "Fellow" in client.get(author.get_absolute_url()).content.decode()
    Affiliation.objects.filter(author=author).update(
        end_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    Affiliation.objects.create(
        author=author, organization=make_organization("New Place", acronym=""), title="Director"
    )
    assert "Director, New Place" in client.get(author.get_absolute_url()).content.decode()


def test_a_topic_only_unpublished_articles_use_stays_private(client):
    make_article("Embargoed", tags=["Secret negotiations"], status="scheduled")
    make_public_author("Known Expert").expertise.add("Maritime law")
    for path in ("/topics/secret-negotiations/", "/topics/secret-negotiations/feed/",
                 "/topics/secret-negotiations/feed/atom/"):  # fmt: skip
        assert client.get(path).status_code == 404, path
    assert client.get("/topics/maritime-law/").status_code == 200  # an expert's topic is public
