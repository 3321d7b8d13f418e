"""The HTML sanitizer: the one allowlist every piece of rich text passes through.

Article bodies (articles/body.py) and authors' long bios use it; nothing rich is stored or shown
without it.
"""

import re

import nh3

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "strong", "em", "a", "ul", "ol", "li", "blockquote",
    "sup", "sub", "hr", "br",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "ol": {"start"}}
# An ordered list counts 1, 2, 3 unless it says a, A, i or I.
ALLOWED_ATTRIBUTE_VALUES = {"ol": {"type": {"a", "A", "i", "I"}}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    # Elements whose *content* goes too, not just the tags: a stray <script> must not leave its
    # code behind as visible text.
    clean_content_tags={"script", "style", "iframe", "svg", "math", "template", "noscript"},
    attributes=ALLOWED_ATTRIBUTES,
    tag_attribute_values=ALLOWED_ATTRIBUTE_VALUES,
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel="noopener",
    strip_comments=True,
)

# A block with nothing to read in it: spaces, line breaks, zero-width characters, formatting or a
# link around nothing. Word and Google Docs leave them between paragraphs when text is pasted.
_NOTHING = (
    r"(?:\s|&nbsp;|<br>|[\u200b-\u200d\u2060\ufeff]|</?(?:strong|em|sub|sup)>|<a [^>]*>|</a>)*"
)
_EMPTY_BLOCK = re.compile(
    rf"<(p|h[2-4]|li|blockquote)>{_NOTHING}</\1>|<(ul|ol)\b[^>]*>{_NOTHING}</\2>"
)
# Line breaks between blocks, or at the edge of one, are blank lines (Google Docs puts a <br>
# between paragraphs), not breaks inside a line of text.
_BLOCK_BEFORE = r"^|</(?:p|h[2-4]|ul|ol|li|blockquote)>|<(?:hr|li|ul|ol[^>]*|blockquote)>"
_BLOCK_AFTER = r"$|<(?:p|h[2-4]|ul|ol|li|blockquote|hr)[\s>]|</(?:li|ul|ol|blockquote)>"
_STRAY_BREAKS = re.compile(rf"({_BLOCK_BEFORE})(?:\s*<br>)+\s*(?={_BLOCK_AFTER})")


def sanitize_html(value):
    """Return ``value`` reduced to the allowlist: no scripts, styles, frames, SVG or event handlers;
    links only to http(s), mailto or relative URLs, with rel="noopener"."""
    if not value:
        return ""
    cleaned = _cleaner.clean(value)
    emptied = None
    while emptied != cleaned:  # a list or quote may hold nothing once its empty items are gone
        emptied = cleaned
        cleaned = _EMPTY_BLOCK.sub("", _STRAY_BREAKS.sub(r"\1", cleaned))
    return cleaned.strip()
