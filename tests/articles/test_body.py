"""The body sanitizer: hostile input never survives, harmless editing does."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.body import html_to_text, markdown_to_html, reading_minutes, sanitize_html

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<img src=x onerror="alert(1)">',
    '<p onclick="alert(1)">text</p>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="jav&#x41;script:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<svg onload="alert(1)"><script>alert(1)</script></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">',
    '<iframe src="https://evil.example"></iframe>',
    '<style>body{background:url("javascript:alert(1)")}</style>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example"><input name=a></form>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "<!--<script>alert(1)</script>-->",
    '<a href="https://example.org" target="_blank" onmouseover="alert(1)">x</a>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<template><img src=x onerror="alert(1)"></template>',
]


SAFE_TAGS = {
    "p", "h2", "h3", "h4", "strong", "em", "a", "ul", "ol", "li", "blockquote", "sup", "sub",
    "hr", "br", "figure", "figcaption", "code", "pre",
}  # fmt: skip
SAFE_ATTRIBUTES = {"href", "title", "hreflang", "rel", "start"}


class _Inspector(HTMLParser):
    """Parses the output as a browser would and records every element and attribute."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in SAFE_TAGS:
            self.problems.append(f"element <{tag}>")
        for name, value in attrs:
            if name not in SAFE_ATTRIBUTES:
                self.problems.append(f"attribute {name} on <{tag}>")
            if name == "href":
                # Browsers ignore control characters and whitespace inside a scheme.
                squeezed = re.sub(r"[\x00-\x20]", "", value or "").lower()
                scheme = re.match(r"^([a-z][a-z0-9+.-]*):", squeezed)
                if scheme and scheme.group(1) not in {"http", "https", "mailto"}:
                    self.problems.append(f"link to {value!r}")

    handle_startendtag = handle_starttag


def assert_harmless(html):
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    assert inspector.problems == [], html


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_markup_is_neutralised(payload):
    assert_harmless(sanitize_html(payload))


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_markup_in_markdown_is_neutralised(payload):
    assert_harmless(markdown_to_html(payload))
    assert_harmless(markdown_to_html(f"[click](javascript:alert(1)) {payload}"))


def test_script_content_does_not_leak_as_text():
    assert "alert" not in sanitize_html("<p>a</p><script>alert(1)</script>")


def test_editing_markup_survives():
    html = (
        "<h2>Section</h2><p><strong>Bold</strong> and <em>italic</em> with "
        '<a href="https://example.org/x?a=1&amp;b=2">a link</a>, '
        '<a href="/articles/other/">a relative one</a> and '
        '<a href="mailto:desk@example.org">mail</a>.</p>'
        '<ul><li>one</li></ul><ol start="3"><li>three</li></ol>'
        "<blockquote><p>Quoted</p></blockquote><p>H<sub>2</sub>O x<sup>2</sup></p><hr>"
    )
    cleaned = sanitize_html(html)
    for fragment in [
        "<h2>Section</h2>", "<strong>Bold</strong>", "<em>italic</em>",
        'href="https://example.org/x?a=1&amp;b=2"', 'href="/articles/other/"',
        'href="mailto:desk@example.org"', "<ul><li>one</li></ul>", '<ol start="3">',
        "<blockquote>", "<sub>2</sub>", "<sup>2</sup>", "<hr>",
    ]:  # fmt: skip
        assert fragment in cleaned


def test_links_get_rel_noopener():
    assert 'rel="noopener"' in sanitize_html('<a href="https://example.org">x</a>')


def test_h1_and_unknown_tags_are_reduced_to_their_text():
    assert sanitize_html("<h1>Title</h1><div><span>text</span></div>") == "Titletext"


def test_word_paste_leftovers_are_dropped():
    pasted = (
        '<p class="MsoNormal" style="margin:0"><o:p></o:p><span lang="EN-US">Text</span></p>'
        "<p><br></p><p>&nbsp;</p>"
    )
    assert sanitize_html(pasted) == "<p>Text</p>"


def test_markdown_raw_html_is_not_passed_through():
    assert "<b>" not in markdown_to_html("Some <b>raw</b> HTML")
    assert "&lt;b&gt;" in markdown_to_html("Some <b>raw</b> HTML")


def test_plain_text_and_reading_time():
    text = html_to_text("<h2>A &amp; B</h2><p>One two<br>three</p>")
    assert text == "A & B\nOne two\nthree"
    assert reading_minutes("word " * 460) == 2
    assert reading_minutes("字" * 800) == 2
    assert reading_minutes("") == 0


TOKENS = [*"<>/=\"' x:&#;()\t\n", "script", "onerror", "javascript", "svg", "href", "a ", "img"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_sanitizer_output_is_always_harmless(text):
    assert_harmless(sanitize_html(text))
    assert_harmless(markdown_to_html(text))


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_sanitizer_is_idempotent(text):
    once = sanitize_html(text)
    assert sanitize_html(once) == once


# --- blank paragraphs and what word processors leave behind --------------------------------------

CLIPBOARD = Path(__file__).parent / "clipboard"


@pytest.mark.parametrize(
    "empty",
    [
        "<p></p>", "<p> </p>", "<p>&nbsp;</p>", "<p>\u00a0\u00a0</p>", "<p><br></p>",
        "<p><br/><br /></p>", "<p>\u200b</p>", "<p>\ufeff</p>", "<p><strong> </strong></p>",
        "<p><em><br></em></p>", '<p><a href="https://example.org/"></a></p>',
        "<p><span>&nbsp;</span></p>", '<p class="MsoNormal"><o:p>&nbsp;</o:p></p>',
        "<h2></h2>", "<h3>&nbsp;</h3>", "<h4><br></h4>", "<blockquote><p> </p></blockquote>",
        "<ul><li></li></ul>", "<ol><li><p>&nbsp;</p></li></ol>", "<div><p></p></div>",
    ],
)  # fmt: skip
def test_blocks_with_nothing_to_read_are_dropped(empty):
    assert sanitize_html(f"<p>Before.</p>{empty}<p>After.</p>") == "<p>Before.</p><p>After.</p>"


@pytest.mark.parametrize(
    "html, kept",
    [
        ("<p>a</p><br><p>b</p>", "<p>a</p><p>b</p>"),
        ("<br><br><p>a</p>", "<p>a</p>"),
        ("<p>a</p> <br> <br>", "<p>a</p>"),
        ("<ul><li><p>a</p><br></li></ul>", "<ul><li><p>a</p></li></ul>"),
        ("<blockquote><br><p>a</p></blockquote>", "<blockquote><p>a</p></blockquote>"),
        ("<p>line<br>next line</p>", "<p>line<br>next line</p>"),
        ("<li>a<br></li>", "<li>a<br></li>"),
    ],
)
def test_line_breaks_between_blocks_are_dropped_but_not_inside_text(html, kept):
    assert sanitize_html(html) == kept


def test_blocks_with_something_in_them_are_kept():
    kept = "<p>0</p><p><br>x</p><ul><li>one</li><li><ul><li>nested</li></ul></li></ul><hr>"
    assert sanitize_html(kept) == kept


def test_empty_items_go_but_the_list_stays():
    assert (
        sanitize_html("<ul><li>a</li><li> </li><li>c</li></ul>") == "<ul><li>a</li><li>c</li></ul>"
    )


@pytest.mark.parametrize("clipboard", ["google_docs.html", "word.html"])
def test_word_processor_clipboards_leave_no_blank_paragraphs_or_styles(clipboard):
    pasted = (CLIPBOARD / clipboard).read_text()
    cleaned = sanitize_html(pasted)
    assert not re.search(r"<p>\s*</p>", cleaned)
    for leftover in ("style", "class=", "mso", "docs-internal", "o:p", "<br>", "@font-face"):
        assert leftover not in cleaned, leftover
    for text in ("Taiwan’s presidential election", "Security cooperation", "people-to-people"):
        assert text in cleaned
    assert 'href="https://www.mofa.go.jp/press/release/"' in cleaned


def test_ordered_lists_keep_letters_and_roman_numerals_only():
    for numbering in ("a", "A", "i", "I"):
        assert f'type="{numbering}"' in sanitize_html(f'<ol type="{numbering}"><li>x</li></ol>')
    for other in ("1", "disc", "x", "a onclick=y"):  # 1, 2, 3 is what a list does anyway
        assert sanitize_html(f'<ol type="{other}"><li>x</li></ol>') == "<ol><li>x</li></ol>"


def test_figures_are_not_kept_since_the_editor_cannot_make_them():
    assert sanitize_html("<figure><p>Chart</p><figcaption>Source</figcaption></figure>") == (
        "<p>Chart</p>Source"
    )


class _EmptyBlockFinder(HTMLParser):
    """Records blocks in which a reader would see nothing."""

    BLOCKS = {"p", "h2", "h3", "h4", "li", "blockquote", "ul", "ol"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open, self.empty = [], []

    def handle_starttag(self, tag, attrs):
        if self.open and tag == "hr":
            self.open[-1][1] = True
        if tag in self.BLOCKS:
            if self.open:
                self.open[-1][1] = self.open[-1][1] or tag in ("ul", "ol")
            self.open.append([tag, False])

    def handle_endtag(self, tag):
        if tag in self.BLOCKS and self.open and self.open[-1][0] == tag:
            name, seen = self.open.pop()
            if not seen:
                self.empty.append(name)
            elif self.open:
                self.open[-1][1] = True

    def handle_data(self, data):
        if self.open and data.strip(" \t\n\r\f\u00a0\u200b\u200c\u200d\u2060\ufeff"):
            self.open[-1][1] = True


BLOCK_TOKENS = ["<p>", "</p>", "<h2>", "</h2>", "<li>", "</li>", "<ul>", "</ul>", "<ol>",
                "</ol>", "<blockquote>", "</blockquote>", "<strong>", "</strong>", "<em>",
                "</em>", "<br>", "&nbsp;", " ", "\u200b", "x", '<a href="https://e.org">',
                "</a>", "<span>", "</span>", "<hr>"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(BLOCK_TOKENS), max_size=30).map("".join))
def test_sanitized_html_never_holds_an_empty_block(text):
    finder = _EmptyBlockFinder()
    finder.feed(sanitize_html(text))
    finder.close()
    assert finder.empty == [], sanitize_html(text)
