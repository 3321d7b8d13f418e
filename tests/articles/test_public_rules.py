"""One rule each for public authors, series and topics, and every surface uses it.

Authors, series and topics get a public page, feeds, a sitemap entry, a directory entry and links
only through Author.objects.public(), Series.objects.public() and public_topics(). The sweep
builds a site with every kind of non-public neighbour, crawls it from the home page as a reader
would, and checks that the pages linked, the pages that answer and the sitemap all agree.
"""

import re
from urllib.parse import unquote, urlsplit

import pytest
from django.urls import reverse
from taggit.models import Tag

from articles.models import Series, public_topics
from authors.models import Author
from tests.factories import make_article, make_author, make_series

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"#?]+)')
SECTIONS = ("/authors/", "/series/", "/topics/", "/articles/")


@pytest.fixture
def site():
    """Public things, and one of each kind of thing that must not have a public page."""
    live_series = make_series("Open Series")
    quiet_series = make_series("Quiet Series")  # only a draft
    scheduled_series = make_series("Future Series")  # only a scheduled piece
    writer = make_author("Public Writer", title="Fellow")
    writer.expertise.add("Ports")
    guest = make_author("Unlisted Guest", listed=False)
    guest.expertise.add("Guest expertise")
    drafter = make_author("Only Drafts")
    drafter.expertise.add("Drafter expertise")
    waiting = make_author("Only Scheduled")
    make_article("Live one", series=live_series, authors=[writer], tags=["Harbours"],
                 status="published")  # fmt: skip
    make_article("Live two", series=live_series, authors=[writer, guest], tags=["Harbours"],
                 status="published")  # fmt: skip
    make_article("Draft", series=quiet_series, authors=[drafter], tags=["Secret merger"])
    make_article("Embargoed", series=scheduled_series, authors=[waiting],
                 tags=["Embargoed topic"], status="scheduled")  # fmt: skip
    make_article("Pulled", series=quiet_series, authors=[drafter], tags=["Pulled topic"],
                 status="withdrawn")  # fmt: skip
    hidden_topics = ["Guest expertise", "Drafter expertise", "Secret merger", "Embargoed topic",
                     "Pulled topic"]  # fmt: skip
    return {
        "public": {
            "authors": {writer.get_absolute_url()},
            "series": {live_series.get_absolute_url()},
            "topics": {topic_url("harbours"), topic_url("ports")},
        },
        "hidden": {
            "authors": {a.get_absolute_url() for a in (guest, drafter, waiting)},
            "series": {s.get_absolute_url() for s in (quiet_series, scheduled_series)},
            "topics": {topic_url(Tag.objects.get(name=n).slug) for n in hidden_topics},
        },
    }


def topic_url(slug):
    return reverse("articles:topic", args=[slug])


def feeds_of(url):
    return [url + "feed/", url + "feed/atom/"]


def test_the_three_rules_name_exactly_the_public_things(site):
    assert {a.get_absolute_url() for a in Author.objects.public()} == site["public"]["authors"]
    assert {s.get_absolute_url() for s in Series.objects.public()} == site["public"]["series"]
    assert {topic_url(t.slug) for t in public_topics()} == site["public"]["topics"]


def test_only_public_authors_series_and_topics_have_pages_and_feeds(client, site):
    for kind in ("authors", "series", "topics"):
        for url in site["public"][kind]:
            for address in (url, *feeds_of(url)):
                assert client.get(address).status_code == 200, address
        for url in site["hidden"][kind]:
            for address in (url, *feeds_of(url)):
                assert client.get(address).status_code == 404, address


def sitemap_paths(client):
    xml = client.get(reverse("sitemap")).content.decode()
    return {unquote(urlsplit(loc).path) for loc in re.findall(r"<loc>(.*?)</loc>", xml)}


def crawl(client, start=("/", "/articles/", "/authors/"), limit=200):
    """Every same-site page a reader can reach by following links; returns {path: status}."""
    seen, queue = {}, list(start)
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        response = client.get(path)
        seen[path] = response.status_code
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(response.content.decode()):
            href = unquote(href)
            if href.startswith(SECTIONS) and "/feed/" not in href and href not in seen:
                queue.append(href)
    return seen


def test_every_surface_links_only_to_pages_that_exist_and_the_sitemap_lists_exactly_them(
    client, site
):
    reached = crawl(client)
    broken = {path: status for path, status in reached.items() if status != 200}
    assert not broken, broken
    listed = sitemap_paths(client)
    for kind in ("authors", "series", "topics"):
        assert site["public"][kind] <= listed, kind
        assert not site["hidden"][kind] & listed, kind
        assert not site["hidden"][kind] & set(reached), kind
    pages = {p for p in reached if p.startswith(("/authors/", "/series/", "/topics/"))}
    assert pages - {"/authors/"} <= listed  # nothing reachable is missing from the sitemap
    for path in listed:
        assert client.get(path).status_code == 200, path  # nothing listed is missing


def test_directory_and_filters_offer_only_public_authors_series_and_topics(client, site):
    directory = client.get(reverse("authors:list")).content.decode()
    assert "Public Writer" in directory
    for name in ("Unlisted Guest", "Only Drafts", "Only Scheduled", "Guest expertise",
                 "Drafter expertise"):  # fmt: skip
        assert name not in directory, name
    hidden_expertise = Tag.objects.get(name="Drafter expertise").slug
    filtered = client.get(reverse("authors:list"), {"expertise": hidden_expertise})
    assert "Drafter expertise" not in filtered.content.decode()
    archive = client.get(reverse("articles:list")).content.decode()
    home = client.get(reverse("home")).content.decode()
    for page in (archive, home):
        assert "Open Series" in page
        assert "Quiet Series" not in page and "Future Series" not in page
    assert "Secret merger" not in archive and "Embargoed topic" not in archive


def test_an_unlisted_authors_byline_names_them_without_a_link(client, site):
    guest = Author.objects.get(display_name="Unlisted Guest")
    page = client.get(reverse("articles:detail", args=["live-two"])).content.decode()
    assert "Unlisted Guest" in page and guest.get_absolute_url() not in page
    feed = client.get(reverse("feeds:atom")).content.decode()
    assert "Unlisted Guest" in feed and guest.get_absolute_url() not in feed
    topic = client.get(topic_url("harbours")).content.decode()
    assert guest.get_absolute_url() not in topic


def test_an_author_whose_work_is_withdrawn_loses_the_page(client):
    author = make_author("Was Public")
    article = make_article("Only piece", authors=[author], status="published")
    assert client.get(author.get_absolute_url()).status_code == 200
    from articles import workflow

    workflow.withdraw(article)
    assert client.get(author.get_absolute_url()).status_code == 404
    assert client.get(author.get_absolute_url() + "feed/").status_code == 404
