"""The body compared as readers read it: block by block, and word by word inside a block.

Bodies are the sanitizer's HTML (prospect/sanitizer.py). They are read into blocks (paragraphs,
headings, list items, quotations, captions, separators) of words that remember their
formatting and link; the two lists of blocks are aligned, and a block that changed is compared
word by word, with what changed in its formatting and links said in words. Long stretches of
unchanged blocks are folded away, keeping one block of context on each side of a change.
"""

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property
from html.parser import HTMLParser

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from prospect.sanitizer import ALLOWED_URL_SCHEMES

from .words import LINE_BREAK, MARKS, Token, deleted, diff_tokens, inserted, plain, render, words

CONTEXT = 1  # unchanged blocks shown on each side of a change
SIMILAR = 0.5  # share of words two blocks must have in common to count as one block edited
LOOKAHEAD = 6  # blocks searched ahead for an edited block's new version


@dataclass(frozen=True)
class Block:
    kind: str  # how the admin names it: "paragraph", "heading level 2", "bulleted list item" …
    tokens: tuple

    @cached_property
    def key(self):
        """The block's kind, words and their formatting, as one string (compared often)."""
        words = (f"{t.text}\x1e{' '.join(sorted(t.marks))}\x1e{t.href or ''}" for t in self.tokens)
        return self.kind + "\x1d" + "\x1f".join(words)

    @cached_property
    def texts(self):
        return [t.text for t in self.tokens]

    @property
    def links(self):
        """(text, target) of each link, in order."""
        runs, previous = [], None
        for token in self.tokens:
            if token.href is not None and token.href == previous:
                runs[-1].append(token)
            elif token.href is not None:
                runs.append([token])
            previous = token.href
        return [(plain(run), run[0].href) for run in runs]


_HEADINGS = {"h1": "heading level 1", "h2": "heading level 2", "h3": "heading level 3",
             "h4": "heading level 4", "h5": "heading level 5", "h6": "heading level 6"}  # fmt: skip
_BLOCKS = {"p", "li", "figcaption", *_HEADINGS}
_INLINE = {"b": "strong", "i": "em", **{tag: tag for tag in MARKS}}


class _Reader(HTMLParser):
    """Sanitized HTML → blocks. Unknown tags are read for their text only."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.lists, self.quotes = [], [], 0
        self.kind, self.segments = None, []
        self.marks, self.links = [], []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self._flush()
            self.kind = self._kind(tag)
        elif tag in ("ul", "ol"):
            self._flush()
            self.lists.append(tag)
        elif tag == "blockquote":
            self._flush()
            self.quotes += 1
        elif tag == "hr":
            self._flush()
            self.blocks.append(Block("separator line", ()))
        elif tag == "br":
            self._open()
            self.segments.append(None)
        elif tag in _INLINE:
            self.marks.append(_INLINE[tag])
        elif tag == "a":
            self.links.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self._flush()
        elif tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
        elif tag == "blockquote":
            self._flush()
            self.quotes = max(0, self.quotes - 1)
        elif tag in _INLINE and _INLINE[tag] in self.marks:
            self.marks.reverse()
            self.marks.remove(_INLINE[tag])
            self.marks.reverse()
        elif tag == "a" and self.links:
            self.links.pop()

    def handle_data(self, data):
        if self.kind is None and not data.strip():
            return
        self._open()
        self.segments.append((data, frozenset(self.marks), self.links[-1] if self.links else None))

    def _kind(self, tag):
        if tag in _HEADINGS:
            return _HEADINGS[tag]
        if tag == "figcaption":
            return "figure caption"
        if self.lists:
            kind = "numbered list item" if self.lists[-1] == "ol" else "bulleted list item"
            return kind + (f" (level {len(self.lists)})" if len(self.lists) > 1 else "")
        return "quotation" if self.quotes else "paragraph"

    def _open(self):
        """Text outside any block (a list item's text after a nested list, say) is a block."""
        if self.kind is None:
            self.kind = self._kind("p")

    def _flush(self):
        tokens = []
        for segment in self.segments:
            if segment is None:
                tokens.append(Token(LINE_BREAK))
                continue
            text, marks, href = segment
            if text[:1].isspace() and tokens:
                tokens[-1] = tokens[-1]._replace(space=True)
            tokens.extend(words(text, marks, href))
        if tokens:
            tokens[-1] = tokens[-1]._replace(space=False)
            self.blocks.append(Block(self.kind, tuple(tokens)))
        self.kind, self.segments = None, []


def blocks(html):
    reader = _Reader()
    reader.feed(html or "")
    reader.close()
    reader._flush()
    return reader.blocks


@dataclass
class Entry:
    """One block of the comparison, or a fold of unchanged ones (``hidden``)."""

    status: str  # same, added, removed, changed, folded
    caption: str = ""
    html: str = ""
    notes: list = field(default_factory=list)
    hidden: list = field(default_factory=list)


def compare_bodies(before, after):
    """[Entry] in reading order; [] when the bodies read the same."""
    old, new = blocks(before), blocks(after)
    if [b.key for b in old] == [b.key for b in new]:
        return []
    return _fold(list(_entries(old, new)))


def _entries(old, new):
    matcher = SequenceMatcher(None, [b.key for b in old], [b.key for b in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            yield from (_same(block) for block in new[j1:j2])
        else:
            yield from _pair(old[i1:i2], new[j1:j2])


def _pair(old, new):
    """Blocks of a changed stretch: an old block and a new one similar enough are one block
    edited; the rest were removed or added."""
    j = 0
    for block in old:
        window = [(_similarity(block, other), k) for k, other in enumerate(new[j : j + LOOKAHEAD])]
        best = max(window, default=(0, 0))
        if best[0] < SIMILAR:
            yield _removed(block)
            continue
        for added in new[j : j + best[1]]:
            yield _added(added)
        yield _changed(block, new[j + best[1]])
        j += best[1] + 1
    for added in new[j:]:
        yield _added(added)


def _similarity(a, b):
    if not a.tokens and not b.tokens:
        return 1.0 if a.kind == b.kind else 0.0
    matcher = SequenceMatcher(None, a.texts, b.texts, autojunk=False)
    return matcher.quick_ratio() >= SIMILAR and matcher.ratio()


def _caption(kind, status=""):
    return f"{kind.capitalize()} {status}".strip()


def _same(block):
    # A paragraph needs no caption; a heading or list item is easier to place with one.
    caption = "" if block.kind == "paragraph" else _caption(block.kind)
    return Entry("same", caption, mark_safe(_text(block)))


def _text(block):
    if not block.tokens:
        return "<hr>"
    return render(block.tokens)


def _added(block):
    body = inserted(block.tokens) if block.tokens else "<ins>―</ins>"
    return Entry("added", _caption(block.kind, "added"), mark_safe(body),
                 link_notes([], block.links))  # fmt: skip


def _removed(block):
    body = deleted(block.tokens) if block.tokens else "<del>―</del>"
    return Entry("removed", _caption(block.kind, "removed"), mark_safe(body),
                 link_notes(block.links, []))  # fmt: skip


def _changed(old, new):
    caption = _caption(new.kind, "changed")
    if old.kind != new.kind:
        caption = f"{old.kind.capitalize()} → {new.kind}"
    notes = []
    html = diff_tokens(old.tokens, new.tokens, equal=lambda o, n: _restyled(o, n, notes))
    return Entry("changed", caption, mark_safe(html), notes + link_notes(old.links, new.links))


def _restyled(old, new, notes):
    """Words both versions share, printed as they are now; where their bold, italic,
    superscript or subscript changed, marked and said in ``notes`` (links are compared apart)."""
    out, run, change = [], [], None
    for before, after in zip(old, new, strict=True):
        now = (frozenset(after.marks - before.marks), frozenset(before.marks - after.marks))
        if now != change and run:
            out.append(_restyle_run(run, change, notes))
            run = []
        run.append(after)
        change = now
    if run:
        out.append(_restyle_run(run, change, notes))
    return "".join(out)


def _restyle_run(tokens, change, notes):
    added, removed = change
    if not added and not removed:
        return render(tokens)
    quoted = plain(tokens)
    for marks, verb in ((added, "added to"), (removed, "removed from")):
        if marks:
            names = " and ".join(MARKS[tag] for tag in MARKS if tag in marks).capitalize()
            notes.append(format_html("{} {} “{}”", names, verb, quoted))
    last = tokens[-1]
    inner = render([*tokens[:-1], last._replace(space=False)])
    return f'<span class="format-change">{inner}</span>' + (" " if last.space else "")


def link_notes(old, new):
    """What happened to a block's links, in words: added, removed, a new target, new text."""
    notes = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        gone, came = list(old[i1:i2]), list(new[j1:j2])
        for same in (0, 1):  # pair by text (a new target), then by target (new text)
            for link in list(gone):
                match = next((c for c in came if c[same] == link[same]), None)
                if match is None:
                    continue
                gone.remove(link)
                came.remove(match)
                if same == 0:
                    notes.append(format_html("Link target changed on “{}”: {} → {}",
                                             link[0], url(link[1]), url(match[1])))  # fmt: skip
                else:
                    notes.append(format_html("Link text changed: “{}” → “{}” ({})",
                                             link[0], match[0], url(match[1])))  # fmt: skip
        notes += [format_html("Link removed: “{}” ({})", t, url(h)) for t, h in gone]
        notes += [format_html("Link added: “{}” → {}", t, url(h)) for t, h in came]
    return notes


def url(href):
    """A link target, followable when it is one the sanitizer would let readers follow."""
    scheme = href.split(":", 1)[0].lower() if ":" in href else ""
    if scheme in ALLOWED_URL_SCHEMES:
        return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', href, href)
    return format_html("<code>{}</code>", href or "(no address)")


def _fold(entries):
    """Unchanged blocks further than CONTEXT from a change go into a fold."""
    changed = [i for i, e in enumerate(entries) if e.status != "same"]
    near = {i + d for i in changed for d in range(-CONTEXT, CONTEXT + 1)}
    out, hidden = [], []
    for i, entry in enumerate(entries):
        if entry.status != "same" or i in near:
            out += _folded(hidden)
            hidden = []
            out.append(entry)
        else:
            hidden.append(entry)
    return out + _folded(hidden)


def _folded(hidden):
    if len(hidden) < 2:  # a fold hiding one block saves nothing
        return hidden
    kinds = {e.caption for e in hidden}
    what = "paragraphs" if kinds == {""} else "blocks"
    return [Entry("folded", f"{len(hidden)} unchanged {what}", hidden=hidden)]
