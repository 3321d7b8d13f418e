"""The HTML sanitizer: the one allowlist every piece of rich text passes through.

Article bodies (articles/body.py) and authors' long bios use it; nothing rich is stored or shown
without it.
"""

import re

import nh3

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "strong", "em", "a", "ul", "ol", "li", "blockquote",
    "sup", "sub", "hr", "br", "figure", "figcaption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    # Elements whose *content* goes too, not just the tags: a stray <script> must not leave its
    # code behind as visible text.
    clean_content_tags={"script", "style", "iframe", "svg", "math", "template", "noscript"},
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel="noopener",
    strip_comments=True,
)

_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|<br>)*</p>")


def sanitize_html(value):
    """Return ``value`` reduced to the allowlist: no scripts, styles, frames, SVG or event handlers;
    links only to http(s), mailto or relative URLs, with rel="noopener"."""
    if not value:
        return ""
    cleaned = _cleaner.clean(value)
    return _EMPTY_PARAGRAPH.sub("", cleaned).strip()
