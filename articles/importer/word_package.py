"""Checking an uploaded Word file before anything reads it.

A .docx is a zip of XML parts. Everything here runs on the zip's directory and on bounded reads,
before mammoth (or anything else) parses a byte of XML, so a hostile file is refused with a
clear reason and nothing written: not a zip, an encrypted or legacy .doc (an OLE compound file),
a zip bomb (sizes and compression ratios checked from the directory, then proved by reading no
more than was declared), XML with a DTD or entities, macros (.docm), too many or too large
pictures.
"""

import io
import posixpath
import zipfile

from django.conf import settings


class WordFileError(ValueError):
    """A file that cannot be imported; the message says why, for the person who uploaded it."""


OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAIN_DOCUMENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main"
MACRO_MARKERS = ("vbaproject", "vbadata", "macroenabled", "activex")
PICTURE_FOLDER = "word/media/"
# A ratio this high only comes from repeated filler; real Word XML compresses about 10:1.
MAX_RATIO = 200
RATIO_CHECKED_ABOVE = 1024 * 1024


def limit(name, default):
    return getattr(settings, name, default)


def check(data):
    """Return ``{part name: bytes}`` of a safe Word document, or raise :class:`WordFileError`."""
    max_upload = limit("WORD_MAX_UPLOAD_BYTES", 25 * 1024 * 1024)
    if len(data) > max_upload:
        raise WordFileError(
            f"The file is larger than {max_upload // (1024 * 1024)} MB; "
            "make the pictures smaller or import them separately."
        )
    if data.startswith(OLE_SIGNATURE):
        raise WordFileError(
            "This file is password-protected (encrypted) or an old Word 97–2003 .doc. "
            "Remove the password, or save it as a Word Document (.docx), and upload it again."
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise WordFileError(
            "This is not a Word document (.docx): it is not a valid Word package."
        ) from exc
    _check_directory(entries)
    parts = {info.filename: _read(archive, info) for info in entries if not info.is_dir()}
    _check_content(parts)
    return parts


def _check_directory(entries):
    max_entries = limit("WORD_MAX_PARTS", 1000)
    max_total = limit("WORD_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024)
    max_pictures = limit("WORD_MAX_PICTURES", 30)
    max_picture = settings.IMAGE_MAX_UPLOAD_BYTES
    if len(entries) > max_entries:
        raise WordFileError(
            f"The file has more than {max_entries} parts; it is not a usual document."
        )
    if sum(info.file_size for info in entries) > max_total:
        raise WordFileError(
            f"The file unpacks to more than {max_total // (1024 * 1024)} MB; it cannot be imported."
        )
    pictures = 0
    for info in entries:
        name = info.filename
        if info.flag_bits & 0x1:
            raise WordFileError(
                "Parts of this file are encrypted; remove the password and try again."
            )
        if name.startswith("/") or ".." in posixpath.normpath(name).split("/"):
            raise WordFileError("The file contains a part with an unsafe name.")
        if any(marker in name.lower() for marker in MACRO_MARKERS):
            raise WordFileError(
                "The file contains macros (a .docm). Save it as a Word Document (.docx) "
                "without macros and upload it again."
            )
        if info.file_size > RATIO_CHECKED_ABOVE and (
            info.compress_size == 0 or info.file_size / info.compress_size > MAX_RATIO
        ):
            raise WordFileError(
                f"The part {name} is compressed suspiciously well (a “zip bomb”); "
                "it cannot be imported."
            )
        if name.startswith(PICTURE_FOLDER):
            pictures += 1
            if info.file_size > max_picture:
                raise WordFileError(
                    f"The picture {name.removeprefix(PICTURE_FOLDER)} is larger than "
                    f"{max_picture // (1024 * 1024)} MB."
                )
    if pictures > max_pictures:
        raise WordFileError(
            f"The file has {pictures} pictures; at most {max_pictures} can be imported at once."
        )


def _read(archive, info):
    """The part's bytes, reading never more than its declared size (the directory may lie)."""
    try:
        with archive.open(info) as handle:
            content = handle.read(info.file_size + 1)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError) as exc:
        raise WordFileError(
            f"The part {info.filename} cannot be read; the file is damaged."
        ) from exc
    if len(content) != info.file_size:
        raise WordFileError(
            f"The part {info.filename} is not the size it claims; the file is damaged."
        )
    return content


def _check_content(parts):
    types = parts.get("[Content_Types].xml", b"")
    if b"macroEnabled" in types or b"vbaProject" in types:
        raise WordFileError(
            "The file contains macros (a .docm). Save it as a Word Document (.docx) "
            "without macros and upload it again."
        )
    if MAIN_DOCUMENT_TYPE not in types or "word/document.xml" not in parts:
        raise WordFileError(
            "This is not a Word document (.docx); spreadsheets, presentations and other "
            "packages cannot be imported."
        )
    for name, content in parts.items():
        if name.endswith((".xml", ".rels")) and _declares_entities(content):
            raise WordFileError(
                f"The part {name} declares a DTD or entities, which Word never writes; "
                "the file cannot be imported."
            )


def _declares_entities(content):
    # Word writes UTF-8; a part in UTF-16 is decoded so a DTD cannot hide behind the encoding.
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = content.decode("utf-16", errors="replace").encode()
    elif b"\x00" in content[:4]:
        encoding = "utf-16-le" if content[1:2] == b"\x00" else "utf-16-be"
        text = content.decode(encoding, errors="replace").encode()
    else:
        text = content
    text = text.upper()
    return b"<!DOCTYPE" in text or b"<!ENTITY" in text
