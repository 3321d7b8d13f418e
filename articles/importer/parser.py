"""Reading a commentary exported from its PDF into structured data.

The export is Markdown-like text (see ``articles/fixtures/seed_commentary.txt``)::

    ## Prospects & Perspectives                      series label
    CAPTION. Picture source: SOURCE, DATE, *PLATFORM*, <<URL>>.
    ## TITLE
    By *NAME* [and *NAME*]
    **T**he body …                                  drop cap markup, paragraphs, ### headings
    (NAME is TITLE, ORGANIZATION (ACRONYM).)        bio sentences
    ---
    **Editor's Note:** …
    ***Publisher** …                                publisher block, not part of the article

Parsing is pure: it touches no database, so a file that fails leaves nothing behind, and every
error names the line it is about.
"""

import datetime
import re
from dataclasses import dataclass, field


class CommentaryFormatError(ValueError):
    def __init__(self, message, line=None):
        self.message, self.line = message, line
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass
class Picture:
    caption: str
    source: str
    date: datetime.date | None
    platform: str
    url: str
    alt: str = ""


@dataclass
class AffiliationText:
    title: str
    organization: str
    acronym: str


@dataclass
class Bio:
    sentence: str
    affiliations: list[AffiliationText] = field(default_factory=list)


@dataclass
class Commentary:
    series: str
    title: str
    authors: list[str]
    body_markdown: str
    picture: Picture | None = None
    subtitle: str = ""
    bios: dict[str, Bio] = field(default_factory=dict)
    editors_note: str = ""
    # A Word file gives HTML (already structured) and may state its summary; an export gives
    # Markdown and a summary is taken from its opening.
    body_html: str = ""
    summary: str = ""

    @property
    def paragraphs(self):
        return [p for p in self.body_markdown.split("\n\n") if not p.startswith("#")]

    @property
    def headings(self):
        return [p.lstrip("# ") for p in self.body_markdown.split("\n\n") if p.startswith("#")]


@dataclass
class Block:
    line: int
    text: str


# Page furniture a PDF export leaves between pages: "2", "- 2 -", "— 2 —", "Page 2", "Page 2 of 3",
# "p. 2", "2/3", "第 2 頁", and a running footer with the number at either end
# ("2 | Prospects & Perspectives", "Prospects & Perspectives | 2"). Only short numbers count, so a
# year standing alone ("2024") is never mistaken for one.
_NUMBER = r"\d{1,3}(?:\s*(?:/|of)\s*\d{1,3})?"
PAGE_NUMBER = re.compile(
    rf"^(?:[-–—~\s]*{_NUMBER}[-–—~\s]*"
    rf"|(?:page|p\.)\s*{_NUMBER}"
    rf"|第\s*\d{{1,3}}\s*頁(?:\s*/?\s*共\s*\d{{1,3}}\s*頁)?"
    rf"|{_NUMBER}\s*[|│·•]\s*[^|│]{{1,80}}"
    rf"|[^|│]{{1,80}}[|│·•]\s*{_NUMBER})$",
    re.IGNORECASE,
)


def is_page_number(line):
    return bool(PAGE_NUMBER.match(line))


def split_blocks(text):
    """Blank-line separated blocks, lines joined by spaces, each with its first line number.

    Page-number lines are dropped as if they were not there, so the halves of a paragraph cut by
    a page break meet with nothing between them and are rejoined by :func:`body_to_markdown`.
    """
    blocks, current, start = [], [], 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line and is_page_number(line):
            continue
        if line:
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append(Block(start, " ".join(current)))
            current = []
    if current:
        blocks.append(Block(start, " ".join(current)))
    return blocks


def decode(data):
    """Bytes of an export → text; a binary or non-UTF-8 file is refused with its position."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise CommentaryFormatError("this is a binary file, not an exported commentary", line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CommentaryFormatError("the file is not UTF-8 text", line) from exc
    if not text.strip():
        raise CommentaryFormatError("the file is empty", 1)
    return text


HEADING = re.compile(r"^(#{2,6})\s+(.*)$")
BYLINE = re.compile(r"^By\s+(.+)$")
RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
EDITORS_NOTE = re.compile(r"^\*\*Editor[’']s Note:?\*\*:?\s*(.*)$", re.IGNORECASE)
BIO = re.compile(r"^\((.+ is .+)\)$")
PICTURE_SOURCE = "Picture source:"
DROP_CAP = re.compile(r"^\*\*([^\W\d_])\*\*(?=\w)")
# A paragraph that ends like this really ends; anything else was cut by a PDF page break.
PARAGRAPH_END = re.compile(r"[.!?:;…。！？；：][\"'”’)\]」』*_]*$")
CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def strip_emphasis(text):
    return re.sub(r"(\*\*|__|\*|_)(.+?)\1", r"\2", text).strip(" *_")


def parse(data, *, default_series=""):
    """Parse the bytes of one export into a :class:`Commentary`."""
    blocks = split_blocks(decode(data))
    head_headings, picture, byline, body, bios = [], None, None, [], []
    authors, editors_note, state = [], "", "head"

    def is_bio(text):
        return BIO.match(text) and any(f"{name} is " in text for name in authors)

    def opens_bio(text):
        # A bio parenthesis that a page break cut: it continues in the next blocks.
        return text.startswith("(") and not text.endswith(")") and is_bio(text + ")")

    open_bio = None
    for block in blocks:
        text = block.text
        if open_bio is not None:
            open_bio.text = f"{open_bio.text} {text}"
            if text.endswith(")"):
                bios.append(open_bio)
                open_bio, state = None, "end"
            continue
        if state in ("body", "end") and opens_bio(text):
            open_bio = Block(block.line, text)
            continue
        if state == "head":
            heading = HEADING.match(text)
            if heading and len(heading.group(1)) == 2:
                head_headings.append(Block(block.line, strip_emphasis(heading.group(2))))
            elif PICTURE_SOURCE in text:
                picture = parse_picture(block)
            elif match := BYLINE.match(text):
                byline = Block(block.line, match.group(1))
                authors = parse_byline(byline)
                state = "body"
            # Anything else before the byline (stray page furniture) is not part of the article.
        elif state == "body":
            if is_bio(text):
                bios.append(block)
                state = "end"
            elif RULE.match(text):
                state = "end"
            elif match := EDITORS_NOTE.match(text):
                editors_note = match.group(1).strip()
                state = "publisher"
            else:
                body.append(block)
        elif state == "end":
            if is_bio(text):
                bios.append(block)
            elif match := EDITORS_NOTE.match(text):
                editors_note = match.group(1).strip()
                state = "publisher"
        # state == "publisher": the publisher's block comes from settings, never from the file.

    if open_bio is not None:
        raise CommentaryFormatError("the bio parenthesis is never closed", open_bio.line)
    if not head_headings or not head_headings[-1].text:
        raise CommentaryFormatError("no title found (a “## Title” line before the byline)", 1)
    if byline is None:
        raise CommentaryFormatError(
            "no byline found (a line “By *NAME*” after the title)", head_headings[-1].line
        )
    body_markdown = body_to_markdown(body, byline.line)
    series = head_headings[0].text if len(head_headings) > 1 else default_series
    return Commentary(
        series=series,
        title=head_headings[-1].text,
        authors=authors,
        body_markdown=body_markdown,
        picture=picture,
        bios=parse_bios(bios, authors),
        editors_note=strip_emphasis(editors_note) if editors_note else "",
    )


def parse_byline(block):
    text = strip_emphasis(block.text)
    names = [n.strip(" *_") for n in re.split(r",\s*and\s+|\s+and\s+|\s*&\s*|,\s*", text)]
    names = [" ".join(n.split()) for n in names if n.strip(" *_")]
    if not names:
        raise CommentaryFormatError("the byline names no author", block.line)
    return names


MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
CREDIT_DATE = re.compile(rf"\b(?:{MONTHS})\s+\d{{1,2}},\s+\d{{4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b")
CREDIT_URL = re.compile(r",?\s*<{1,2}\s*(https?://[^<>\s]+)\s*>{1,2}\.?\s*$")


def parse_picture(block):
    caption, _, credit = block.text.partition(PICTURE_SOURCE)
    credit = credit.strip()
    url = ""
    if match := CREDIT_URL.search(credit):
        url = match.group(1)
        credit = credit[: match.start()]
    credit = credit.strip().rstrip(".").strip().strip(",")
    if not credit:
        raise CommentaryFormatError("the picture credit names no source", block.line)
    date = None
    if match := CREDIT_DATE.search(credit):
        date = parse_credit_date(match.group(0), block.line)
        source = credit[: match.start()].strip(" ,")
        platform = credit[match.end() :].strip(" ,")
    else:
        source, _, platform = (part.strip() for part in credit.partition(","))
    source, platform = strip_emphasis(source), strip_emphasis(platform)
    if not source or "," in platform or "<" in credit or ">" in credit:
        raise CommentaryFormatError(
            f"cannot read the picture credit “{PICTURE_SOURCE} {credit}” "
            "(expected SOURCE, DATE, PLATFORM, <<URL>>)",
            block.line,
        )
    return Picture(caption.strip(), source, date, platform, url)


def parse_credit_date(text, line):
    for fmt in ("%B %d, %Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(" ".join(text.split()), fmt).date()
        except ValueError:
            continue
    raise CommentaryFormatError(f"the picture credit's date “{text}” is not a real date", line)


def body_to_markdown(blocks, byline_line):
    """Paragraphs and ``##`` headings as Markdown, with paragraphs split by page breaks rejoined."""
    pieces = []  # [kind, text]
    for block in blocks:
        heading = HEADING.match(block.text)
        if heading:
            pieces.append(["heading", strip_emphasis(heading.group(2))])
            continue
        text = block.text
        if not pieces:
            text = DROP_CAP.sub(r"\1", text)
        previous = pieces[-1] if pieces else None
        if previous and previous[0] == "paragraph" and not PARAGRAPH_END.search(previous[1]):
            joiner = "" if CJK.match(text) and CJK.search(previous[1][-1:]) else " "
            previous[1] = previous[1] + joiner + text
        else:
            pieces.append(["paragraph", text])
    if not any(kind == "paragraph" for kind, _ in pieces):
        raise CommentaryFormatError("the commentary has no body text after the byline", byline_line)
    return "\n\n".join(f"## {text}" if kind == "heading" else text for kind, text in pieces)


def parse_bios(blocks, authors):
    """Bio sentences, possibly several people and several sentences in one parenthesis.

    Each person's text runs from "NAME is" to the next person's; its first sentence gives the
    affiliations, and any further sentences ("He previously served as …") stay in the printed
    bio line as free text, never in an organization's name.
    """
    text = " ".join(BIO.match(b.text).group(1) for b in blocks)
    text = strip_emphasis(text)
    starts = sorted((text.find(f"{name} is "), name) for name in authors if f"{name} is " in text)
    bios = {}
    for i, (start, name) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        sentence = text[start:end].strip()
        first, *_ = split_sentences(sentence[len(name) + len(" is ") :])
        bios[name] = Bio(sentence=sentence, affiliations=parse_affiliations(first.rstrip(".")))
    return bios


# Words after which a full stop does not end a sentence.
ABBREVIATIONS = {
    "dr", "mr", "mrs", "ms", "prof", "amb", "gen", "lt", "col", "capt", "st", "jr", "sr", "no",
    "vol", "ed", "eds", "etc", "inc", "ltd", "co", "corp", "univ", "dept", "govt", "vs",
}  # fmt: skip
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“(]?[A-Z\u3400-\u9fff])")


def split_sentences(text):
    """Sentences of an English bio; "U.S.", "Dr." and initials do not end one."""
    sentences, begin = [], 0
    for match in SENTENCE_END.finditer(text):
        words = text[begin : match.start()].split()
        last = words[-1].rstrip(".!?").lower() if words else ""
        if last in ABBREVIATIONS or len(last.replace(".", "")) <= 1 or "." in last:
            continue
        sentences.append(text[begin : match.start()].strip())
        begin = match.end()
    sentences.append(text[begin:].strip())
    return [s for s in sentences if s] or [""]


ACRONYM = re.compile(r"^(?P<organization>.+?)\s*\((?P<acronym>[^()]+)\)(?P<rest>.*)$")


def parse_affiliations(text):
    """“President, Research Institute for Peace and Security (RIPS)” → title, organization, acronym.

    Several are joined with “, and ”. The organization ends at its acronym in brackets; whatever
    follows (“…(ISS), where he leads …”) is free text, not part of its name. A phrase with no
    organization gives none.
    """
    found = []
    for part in text.split(", and "):
        if ", " in part:
            title, organization = part.split(", ", 1)
        elif " at " in part:
            title, organization = part.split(" at ", 1)
        else:
            continue
        acronym = ""
        if match := ACRONYM.match(organization.strip()):
            organization, acronym = match["organization"], match["acronym"]
        elif ", " in organization:
            organization = organization.split(", ", 1)[0]
        found.append(AffiliationText(title.strip(), organization.strip(), acronym.strip()))
    return found
