"""Reading an author's Word file (.docx) into the same structure as a PDF export.

The file is checked first (``word_package``), then converted by mammoth — with external files
and the document's own style map refused — and the resulting HTML is read block by block:

    Title style (or the first Heading 1)        title
    Subtitle style                               subtitle
    “By A and B”                                 byline, matched to authors or new guest authors
    “Summary: …”                                 summary (else the opening sentences)
    a picture, then “CAPTION. Picture source: …” a library picture with its credit in parts
    “(NAME is TITLE, ORGANIZATION (ACRONYM).)”   bio sentences, as in the PDF export
    “Editor's Note: …”                           the Editor's Note
    everything else                              body: headings, emphasis, links, lists, quotes;
                                                 footnotes become numbered endnotes

Reading is pure: nothing is written until the loader stores the result in one transaction.
"""

import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import mammoth

from . import parser
from .loader import summarise
from .word_package import WordFileError, check

STYLE_MAP = """
p[style-name='Title'] => h1.title:fresh
p[style-name='Subtitle'] => p.subtitle:fresh
p[style-name='Caption'] => p:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
"""
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
SUMMARY = re.compile(r"^(?:Summary|Abstract)\s*[:：]\s*", re.IGNORECASE)
EDITORS_NOTE = re.compile(r"^Editor[’']s Note\s*:?\s*", re.IGNORECASE)
NOTE_REF = re.compile(
    r'<sup><a href="#((?:foot|end)note-\d+)" id="(?:foot|end)note-ref-\d+">\[\d+\]</a></sup>'
)
NOTE_BACKLINK = re.compile(r'\s*<a href="#(?:foot|end)note-ref-\d+">↑</a>')


@dataclass
class WordPicture:
    data: bytes
    alt: str
    credit: parser.Picture | None = None


def read(data, *, series):
    """Bytes of a .docx → (parser.Commentary, [WordPicture]); raises WordFileError."""
    check(data)
    pictures = []

    def collect(image):
        with image.open() as handle:
            pictures.append(WordPicture(handle.read(), (image.alt_text or "").strip()))
        return {"src": f"picture:{len(pictures) - 1}"}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=STYLE_MAP,
            include_embedded_style_map=False,
            external_file_access=False,
            convert_image=mammoth.images.img_element(collect),
        )
    except WordFileError:
        raise
    except Exception as exc:  # mammoth raises many kinds on a malformed document
        raise WordFileError(f"The document cannot be read ({exc.__class__.__name__}).") from exc
    return _Reader(series, pictures).read(result.value), pictures


class _Reader:
    def __init__(self, series, pictures):
        self.series, self.pictures = series, pictures
        self.title = self.subtitle = self.summary = self.editors_note = ""
        self.authors, self.bio_blocks, self.body, self.endnotes = [], [], [], []
        self.uncredited = []  # pictures seen and still waiting for their "Picture source:" line

    def read(self, html):
        root = ET.fromstring(f"<root>{html}</root>")
        for element in root:
            element.tail = None
            self.take(element)
        if not self.title:
            raise WordFileError("No title found: give the document a line in the Title style.")
        if not self.authors:
            raise WordFileError(
                "No byline found: add a line such as “By Ana Ruiz” under the title."
            )
        body = self.body_html()
        if not _text_of_html(body).strip():
            raise WordFileError("The document has no body text after the byline.")
        return parser.Commentary(
            series=self.series,
            title=self.title,
            subtitle=self.subtitle,
            authors=self.authors,
            body_markdown="",
            body_html=body,
            summary=self.summary or summarise(_first_paragraph(self.body)),
            picture=self.pictures[0].credit if self.pictures else None,
            bios=parser.parse_bios(self.bio_blocks, self.authors),
            editors_note=self.editors_note,
        )

    def take(self, element):
        text = " ".join("".join(element.itertext()).split())
        images = list(element.iter("img"))
        for image in images:
            self.uncredited.append(self.pictures[int(image.get("src").split(":")[1])])
        if element.tag == "ol" and any(
            li.get("id", "").startswith(("footnote-", "endnote-")) for li in element
        ):
            self.endnotes.append(element)
        elif parser.PICTURE_SOURCE in text:
            self.credit(text)
        elif not text:
            return  # a paragraph holding only pictures, or an empty one
        elif element.get("class") == "title" or (element.tag == "h1" and not self.title):
            self.title = self.title or text
        elif element.get("class") == "subtitle":
            self.subtitle = text
        elif not self.authors and (match := parser.BYLINE.match(text)):
            self.authors = parser.parse_byline(parser.Block(0, match.group(1)))
        elif match := SUMMARY.match(text):
            self.summary = text[match.end() :]
        elif match := EDITORS_NOTE.match(text):
            self.editors_note = text[match.end() :]
        elif parser.BIO.match(text) and any(f"{name} is " in text for name in self.authors):
            self.bio_blocks.append(parser.Block(0, text))
        else:
            for image in images:
                _remove(element, image)
            self.body.append(element)

    def credit(self, text):
        if not self.uncredited:
            raise WordFileError(
                f"“{parser.PICTURE_SOURCE}” appears with no picture before it: “{text[:80]}…”"
            )
        picture = self.uncredited.pop(0)
        try:
            picture.credit = parser.parse_picture(parser.Block(0, text))
        except parser.CommentaryFormatError as exc:
            raise WordFileError(exc.message) from exc

    def body_html(self):
        top = min((int(e.tag[1]) for e in self.body if e.tag in HEADINGS), default=2)
        pieces = []
        for element in self.body:
            if element.tag in HEADINGS:  # the title is h1; the body's top level becomes h2
                element.tag = f"h{min(int(element.tag[1]) - top + 2, 4)}"
            pieces.append(ET.tostring(element, encoding="unicode"))
        if self.endnotes:
            pieces.append("<h2>Notes</h2>")
            pieces.extend(ET.tostring(e, encoding="unicode") for e in self.endnotes)
        html = NOTE_BACKLINK.sub("", "".join(pieces))
        # Numbered in the order the text cites them, as the list of notes is: Word's own note
        # ids skip numbers when notes were deleted, and footnotes and endnotes share the list.
        order = {}
        for note in NOTE_REF.findall(html):
            order.setdefault(note, len(order) + 1)
        return NOTE_REF.sub(lambda m: f"<sup>{order[m.group(1)]}</sup>", html)


def _remove(root, target):
    for parent in root.iter():
        if target in list(parent):
            if target.tail:  # keep text that followed the picture
                previous = _previous_sibling(parent, target)
                if previous is None:
                    parent.text = (parent.text or "") + target.tail
                else:
                    previous.tail = (previous.tail or "") + target.tail
            parent.remove(target)
            return


def _previous_sibling(parent, child):
    children = list(parent)
    index = children.index(child)
    return children[index - 1] if index else None


def _first_paragraph(elements):
    for element in elements:
        if element.tag == "p":
            return " ".join("".join(element.itertext()).split())
    return ""


def _text_of_html(html):
    return re.sub(r"<[^>]+>", "", html)
