"""The public site in a real browser: accessibility, valid HTML, keyboard use, layouts."""

import json
import subprocess
from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article
from tests.factories import make_article, make_author

from .conftest import ARTIFACTS, AXE, VNU

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@pytest.fixture
def site(base):
    seed_file = "articles/fixtures/seed_commentary.txt"
    call_command(
        "import_commentary",
        seed_file,
        "--publish-date",
        "2024-02-01",
        "--topics",
        "Japan, Taiwan",
        stdout=StringIO(),
    )
    seed = Article.objects.get()
    author = seed.bylines.get().author
    author.orcid = "0000-0002-1825-0097"  # the article page then links it
    author.save()
    other = make_author("Jane Roe", title="Fellow")
    make_article("Deterrence in the Strait", authors=[other], tags=["Taiwan"], status="published")
    return seed, author


def public_pages(seed, author):
    return {
        "home": "/",
        "archive": "/articles/",
        "article": seed.get_absolute_url(),
        "author": author.get_absolute_url(),
        "directory": "/authors/",
        "topic": "/topics/japan/",
        "series": seed.series.get_absolute_url(),
        "search-results": "/search/?q=Taiwan",
        "search-empty": "/search/?q=zzzzqqq",
        "not-found": "/articles/no-such-commentary/",
        "chinese-home": "/zh-hant/",
    }


def axe_violations(page):
    # Init scripts are not subject to the page's Content-Security-Policy; axe runs on a reload,
    # once the fonts have loaded: before, axe reads an icon font's ligature (the body editor's
    # toolbar) as visible words that the button's name leaves out.
    page.add_init_script(path=str(AXE))
    page.reload()
    result = page.evaluate(
        "async (tags) => { await document.fonts.ready; "
        "return await axe.run(document, {runOnly: {type: 'tag', values: tags}}); }",
        WCAG,
    )
    return [
        f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def test_every_public_page_type_passes_axe_with_no_console_errors(page, base, site, watch):
    for name, path in public_pages(*site).items():
        response = page.goto(base + path)
        assert response.status == (404 if name == "not-found" else 200), name
        assert axe_violations(page) == [], name


def test_every_public_page_type_is_valid_html(page, base, site, tmp_path):
    files = []
    for name, path in public_pages(*site).items():
        page.goto(base + path)
        file = tmp_path / f"{name}.html"
        file.write_text(
            page.content() if name == "not-found" else page.request.get(base + path).text()
        )
        files.append(str(file))
    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    messages = json.loads(checked.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages
    ]
    assert errors == []


def test_skip_link_and_keyboard_reach_every_control_with_visible_focus(page, base, site):
    seed, _ = site
    page.goto(base + seed.get_absolute_url())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    interactive = page.evaluate(
        "[...document.querySelectorAll('a[href], button, input, select, textarea')]"
        ".filter(e => e.offsetParent !== null).length"
    )
    page.goto(base + seed.get_absolute_url())
    reached, unstyled = set(), []
    for _ in range(interactive + 5):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const e = document.activeElement; const s = getComputedStyle(e);
                 return {key: e.outerHTML.slice(0, 120), outline: s.outlineStyle,
                         width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; }"""
        )
        if info["key"].startswith("<body"):
            break
        reached.add(info["key"])
        if info["outline"] == "none" or info["width"] == 0:
            unstyled.append(info["key"])
    assert len(reached) >= interactive
    assert unstyled == []


@pytest.mark.parametrize("width", [375, 768, 1280])
def test_article_layout_screenshots_and_no_overflow(page, base, site, width):
    seed, _ = site
    ARTIFACTS.joinpath("screenshots").mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base + seed.get_absolute_url())
    page.screenshot(path=ARTIFACTS / "screenshots" / f"article-{width}.png", full_page=True)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    assert not overflow, f"horizontal overflow at {width}px"
    picture = page.locator(".lead-figure img").bounding_box()
    credit = page.locator(".lead-figure figcaption .credit").bounding_box()
    assert credit["y"] >= picture["y"] + picture["height"], "credit line must sit under the picture"
    assert page.locator(".lead-figure img").evaluate("i => i.complete && i.naturalWidth > 0")


def test_print_layout_keeps_article_credit_note_and_address(page, base, site):
    seed, _ = site
    page.goto(base + seed.get_absolute_url())
    page.emulate_media(media="print")
    page.screenshot(path=ARTIFACTS / "screenshots" / "article-print.png", full_page=True)
    assert not page.locator(".site-header nav").is_visible()
    assert not page.locator(".share").is_visible()
    for selector in (".credit", ".editors-note", ".print-only", "h1"):
        assert page.locator(selector).first.is_visible(), selector
    assert seed.get_absolute_url() in page.locator(".print-only").inner_text()
    page.pdf(path=ARTIFACTS / "article.pdf")


def test_pdf_link_on_the_article_page_gives_the_pdf_edition(page, base, site):
    seed, _ = site
    page.goto(base + seed.get_absolute_url())
    link = page.get_by_role("link", name="PDF edition")
    href = link.get_attribute("href")
    assert href == base + seed.pdf_path()
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF-") and len(body) < 5 * 1024 * 1024
    (ARTIFACTS / "edition.pdf").write_bytes(body)
