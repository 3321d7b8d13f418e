"""The body pipeline: the one place where editor input becomes the HTML readers get.

Everything that shows body text — the public page, previews, feeds, PDFs — uses what
:func:`sanitize_html` produced when the article was saved; the admin's read-only view sanitizes
it once more (:func:`body_html`), as it may show rows written around ``save()``. Markdown
(imports) is first turned into HTML with raw HTML switched off, then goes through the same
sanitizer.
"""

import html
import math
import re

from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

from prospect.sanitizer import sanitize_html

_markdown = MarkdownIt("commonmark", {"html": False, "typographer": False})


def body_html(value):
    """``value`` as readers get it: sanitized, then marked safe for a template."""
    return mark_safe(sanitize_html(value))


def markdown_to_html(text):
    """Markdown (with raw HTML off) → sanitized HTML."""
    return sanitize_html(_markdown.render(text or ""))


_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|figcaption|figure)>|<br\s*/?>|<hr\s*/?>")
_TAG = re.compile(r"<[^>]+>")


def html_to_text(value):
    """Plain text of sanitized HTML, one line per block, for search, summaries and feeds."""
    text = _BLOCK_END.sub("\n", value or "")
    text = html.unescape(_TAG.sub("", text))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def bigrams(text):
    """Overlapping character pairs of the Chinese in ``text``: "日台關係" → "日台 台關 關係".

    PostgreSQL's text search does not segment Chinese; searching these pairs finds any
    two-character term. A lone character stands for itself.
    """
    pairs = []
    for run in CJK_RUN.findall(text or ""):
        pairs.extend([run] if len(run) == 1 else (run[i : i + 2] for i in range(len(run) - 1)))
    return " ".join(pairs)


_CJK_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
WORDS_PER_MINUTE = 230
CJK_CHARS_PER_MINUTE = 400


def reading_minutes(text):
    """Minutes to read ``text``: Latin words at ~230 a minute, Chinese characters at ~400."""
    cjk = len(_CJK_CHAR.findall(text))
    words = len(_CJK_CHAR.sub(" ", text).split())
    if not (cjk or words):
        return 0
    return max(1, math.ceil(words / WORDS_PER_MINUTE + cjk / CJK_CHARS_PER_MINUTE))
