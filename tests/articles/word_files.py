"""Real .docx files for the Word import tests, written by python-docx (and, where python-docx has
no API — footnotes, hyperlinks, hostile packages — by editing the package as Word would)."""

import io
import zipfile

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from PIL import Image

CREDIT = (
    "Ships in the Taiwan Strait. Picture source: Ministry of National Defense, January 26, 2024, "
    "*Flickr*, <<https://www.flickr.com/photos/mnd/1>>."
)


def png(color=(40, 90, 160), size=(64, 48)):
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def add_link(paragraph, text, url):
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def commentary(
    *, byline="By Ana Ruiz and Hideshi Tokuchi", pictures=1, footnote=True, extra_pictures=0
):
    document = Document()
    document.add_heading("Deterrence in the Taiwan Strait", 0)
    document.add_paragraph("What Tokyo can do next", style="Subtitle")
    document.add_paragraph(byline)
    document.add_paragraph("Summary: Japan should deepen its security ties with Taiwan.")
    for index in range(pictures):
        picture = document.add_picture(io.BytesIO(png((index * 40 % 255, 90, 160))))
        picture._inline.docPr.set("descr", f"Two grey navy ships at sea ({index + 1})")
        document.add_paragraph(CREDIT, style="Caption")
    for index in range(extra_pictures):
        document.add_picture(io.BytesIO(png((index, index, index))))
    opening = document.add_paragraph("The strait is ")
    opening.add_run("narrow").bold = True
    opening.add_run(" and ")
    opening.add_run("contested").italic = True
    opening.add_run(". See ")
    add_link(opening, "the report", "https://example.org/report")
    opening.add_run(" for details.")
    if footnote:
        opening.add_run("FOOTNOTE_HERE")
    document.add_heading("Why it matters", 1)
    document.add_paragraph("Trade routes", style="List Bullet")
    document.add_paragraph("Shared values", style="List Bullet")
    document.add_paragraph("First step", style="List Number")
    document.add_paragraph("Deterrence begins with presence.", style="Quote")
    document.add_heading("A detail", 2)
    document.add_paragraph("The end of the argument.")
    document.add_paragraph(
        "(Ana Ruiz is Senior Fellow, Institute for Security Studies (ISS). She previously served "
        "at the U.S. Department of State. Hideshi Tokuchi is President, Research Institute for "
        "Peace and Security (RIPS).)"
    )
    document.add_paragraph("Editor's Note: The views expressed are the authors' own.")
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    return with_footnote(data) if footnote else data


FOOTNOTES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:footnote>"
    '<w:footnote w:id="1"><w:p><w:r><w:t>Defense White Paper 2023, p. 12.</w:t></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)


def rewrite(data, change):
    """A copy of the package with ``change(parts)`` applied to its {name: bytes}."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    change(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def with_footnote(data):
    def change(parts):
        parts["word/footnotes.xml"] = FOOTNOTES_XML.encode()
        parts["word/document.xml"] = parts["word/document.xml"].replace(
            b"<w:t>FOOTNOTE_HERE</w:t>", b'<w:footnoteReference w:id="1"/>'
        )
        parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
            b"</Relationships>",
            b'<Relationship Id="rIdFn1" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>',
        )
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>",
            b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.'
            b'openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
        )

    return rewrite(data, change)
