"""Words: the unit every text comparison works in, and how a run of them is printed.

Everything printed here is escaped; the only markup is the tags this module writes itself, so
the result is safe whatever the compared text holds.
"""

import re
from difflib import SequenceMatcher
from typing import NamedTuple

from django.utils.html import escape
from django.utils.safestring import mark_safe

# Chinese and Japanese do not put spaces between words: each character is a word of its own.
# Anything else runs to the next space.
_CJK = "\u3001-\u303f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_WORD = re.compile(rf"([{_CJK}]|[^\s{_CJK}]+)(\s*)")
_CJK_CHAR = re.compile(rf"[{_CJK}]")

LINE_BREAK = "\n"

# Inline formatting, in the order its tags nest when printed, with the words editors use for it.
MARKS = {"strong": "bold", "em": "italic", "sup": "superscript", "sub": "subscript"}


class Token(NamedTuple):
    text: str
    space: bool = False  # a space follows
    marks: frozenset = frozenset()  # tags of MARKS around the word
    href: str | None = None  # the target of the link the word is in

    @property
    def formatting(self):
        return self.marks, self.href


def words(text, marks=frozenset(), href=None):
    return [Token(m.group(1), bool(m.group(2)), marks, href) for m in _WORD.finditer(text or "")]


def plain(tokens):
    """The words as text again."""
    return "".join(t.text + (" " if t.space else "") for t in tokens).strip()


def opcodes(old, new):
    """How the word sequence ``old`` became ``new`` (difflib's opcodes, compared by text)."""
    matcher = SequenceMatcher(None, [t.text for t in old], [t.text for t in new], autojunk=False)
    return matcher.get_opcodes()


def render(tokens, *, breaks_visible=False):
    """Words as HTML with their formatting (links as marked text, not as links: a compared
    revision is not a page to follow links from, and its targets are listed in words)."""
    out, run = [], []
    for token in tokens:
        if run and run[-1].formatting != token.formatting:
            out.append(_run(run, breaks_visible))
            run = []
        run.append(token)
    if run:
        out.append(_run(run, breaks_visible))
    return "".join(out)


def _run(tokens, breaks_visible):
    text = "".join(
        (_BREAK_SHOWN if breaks_visible else "<br>")
        if t.text == LINE_BREAK
        else escape(t.text) + (" " if t.space and i < len(tokens) - 1 else "")
        for i, t in enumerate(tokens)
    )
    marks, href = tokens[0].formatting
    for tag in reversed(MARKS):
        if tag in marks:
            text = f"<{tag}>{text}</{tag}>"
    if href is not None:
        text = f'<span class="diff-link">{text}</span>'
    return text + (" " if tokens[-1].space else "")


# A line break added or removed is otherwise invisible.
_BREAK_SHOWN = '<span class="diff-break" aria-hidden="true">↵</span><span class="visually-hidden">line break</span><br>'  # noqa: E501


def inserted(tokens):
    return _wrap("ins", tokens)


def deleted(tokens):
    return _wrap("del", tokens)


def _wrap(tag, tokens):
    """``tokens`` in <ins> or <del>, the space after the last word left outside."""
    if not tokens:
        return ""
    last = tokens[-1]
    inner = render([*tokens[:-1], last._replace(space=False)], breaks_visible=True)
    return f"<{tag}>{inner}</{tag}>" + (" " if last.space else "")


def diff_tokens(old, new, equal=None):
    """HTML of how the words ``old`` became ``new``; ``equal(old_run, new_run)`` prints a run
    both share (by default, as it is now)."""
    out = []
    for op, i1, i2, j1, j2 in opcodes(old, new):
        if op == "equal":
            out.append(equal(old[i1:i2], new[j1:j2]) if equal else render(new[j1:j2]))
            continue
        if out and not out[-1].endswith(" ") and i1 and old[i1 - 1].space:
            out.append(" ")  # the word before a removal was followed by a space
        gone, came = old[i1:i2], new[j1:j2]
        if gone and came:  # a replacement: the two runs side by side, spaced as the script is
            between = " " if _spaced(gone[-1]) and _spaced(came[0]) else ""
            out.append(deleted(gone).rstrip() + between + inserted(came))
        else:
            out.append(deleted(gone) + inserted(came))
    return "".join(out).strip()


def _spaced(token):
    """Whether the word belongs to a script that separates words with spaces."""
    return _CJK_CHAR.fullmatch(token.text) is None


def word_diff(before, after):
    """Plain text compared word by word: removed words in <del>, added ones in <ins>."""
    return mark_safe(diff_tokens(words(before), words(after)))  # escaped, tags our own
