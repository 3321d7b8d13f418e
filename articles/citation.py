"""“Cite this”: one commentary as BibTeX, RIS, CSL-JSON and a formatted reference.

A commentary in a numbered series is a report in every reference manager's vocabulary: BibTeX
``@techreport``, RIS ``TY RPRT``, CSL ``report``. Typed so, Zotero, EndNote and citeproc print
the series, number and institution instead of treating the page as a web page or a preprint.
"""

import json
import re
import unicodedata

from django.conf import settings
from django.utils import timezone, translation

# BCP 47 tags for the article languages (Django's codes are lower case).
BCP47 = {"en": "en", "zh-hant": "zh-Hant"}


def _people(bylines):
    return [b.author for b in bylines if b.role in ("author", "co_author")]


def _split(author):
    """(family, given); a name stored without a comma (林宗弘, a mononym) is one literal name."""
    family, _, given = author.sort_name.partition(", ")
    return (family, given) if given else (author.display_name, "")


def _date(article):
    return timezone.localdate(article.publish_at)


def language_tag(article):
    return BCP47.get(article.language, article.language)


def _container(article):
    return f"{article.series.name}, No. {article.number}" if article.number else article.series.name


def report_number(article):
    """“Prospects & Perspectives No. 4”: the series and number, as Scholar's report number, in
    the article's own language (“第 4 期” for a Chinese commentary)."""
    with translation.override(article.language):
        return article.series_label


def reference(article, bylines, url):
    """A Chicago-style reference, as printed under “Cite this”."""
    names = []
    for i, author in enumerate(_people(bylines)):
        family, given = _split(author)
        if i == 0 and given:
            names.append(f"{family}, {given}")
        else:
            names.append(f"{given} {family}".strip())
    if len(names) > 1:
        names = [", ".join(names[:-1]) + f", and {names[-1]}"]
    who = f"{names[0]}. " if names else ""
    day = _date(article)
    place = settings.PUBLISHER.get("place")
    publisher = f"{place}: {settings.PUBLISHER['name']}" if place else settings.PUBLISHER["name"]
    return (
        f"{who}“{article.title}.” {_container(article)}. {publisher}, "
        f"{day:%B} {day.day}, {day.year}. {url}"
    )


# --- BibTeX ---------------------------------------------------------------------------------

_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def _bib(text):
    text = text.replace("\\", r"\textbackslash{}").replace("~", r"\textasciitilde{}")
    return _BIBTEX_SPECIAL.sub(r"\\\1", text).replace("^", r"\^{}")


def _ascii_word(text):
    """``text`` folded to lower-case ASCII letters and digits ('Tōkuchi' → 'tokuchi')."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def bibtex_key(article, bylines):
    """A key that is plain ASCII, stable and unique: the first author's family name (or the
    first word of the title, or 'prospect' when neither has Latin letters), the year, and the
    article's own id, which no other article shares."""
    people = _people(bylines)
    word = _ascii_word(_split(people[0])[0]) if people else ""
    if not word:
        word = next((w for w in map(_ascii_word, article.title.split()) if len(w) > 2), "")
    return f"{word or 'prospect'}{_date(article).year}-{article.pk}"


def _bib_name(author):
    family, given = _split(author)
    return _bib(f"{family}, {given}") if given else "{" + _bib(family) + "}"


def bibtex(article, bylines, url):
    day = _date(article)
    fields = [
        ("author", " and ".join(_bib_name(a) for a in _people(bylines))),
        ("title", "{" + _bib(article.title) + "}"),
        ("institution", _bib(settings.PUBLISHER["name"])),
        ("address", _bib(settings.PUBLISHER.get("place", ""))),
        ("type", _bib(article.series.name)),
        ("number", str(article.number or "")),
        ("year", str(day.year)),
        ("month", str(day.month)),
        ("day", str(day.day)),
        ("date", day.isoformat()),
        ("language", article.language),
        ("abstract", _bib(article.summary)),
        ("url", url),
        ("urldate", timezone.localdate().isoformat()),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@techreport{{{bibtex_key(article, bylines)},\n{body}\n}}\n"


# --- RIS ------------------------------------------------------------------------------------


def ris(article, bylines, url):
    day = _date(article)
    number = [f"IS  - {article.number}", f"M1  - {article.number}"] if article.number else []
    lines = [
        "TY  - RPRT",
        *(f"AU  - {', '.join(filter(None, _split(a)))}" for a in _people(bylines)),
        f"TI  - {article.title}",
        f"T3  - {article.series.name}",
        *number,
        f"PB  - {settings.PUBLISHER['name']}",
        *([f"CY  - {settings.PUBLISHER['place']}"] if settings.PUBLISHER.get("place") else []),
        f"DA  - {day:%Y/%m/%d}",
        f"PY  - {day.year}",
        *([f"AB  - {article.summary}"] if article.summary else []),
        f"UR  - {url}",
        f"Y2  - {timezone.localdate():%Y/%m/%d}",
        f"LA  - {language_tag(article)}",
        "ER  - ",
    ]
    # A tag's value is one line: line breaks in a title or summary would end the record early.
    return "\r\n".join(line[:6] + " ".join(line[6:].split()) for line in lines) + "\r\n"


# --- CSL-JSON -------------------------------------------------------------------------------


def csl_name(author):
    family, given = _split(author)
    return {"family": family, "given": given} if given else {"literal": family}


def csl_item(article, bylines, url):
    day, today = _date(article), timezone.localdate()
    item = {
        "id": f"prospect-{article.pk}",
        "type": "report",
        "title": article.title,
        "collection-title": article.series.name,
        "publisher": settings.PUBLISHER["name"],
        "author": [csl_name(a) for a in _people(bylines)],
        "issued": {"date-parts": [[day.year, day.month, day.day]]},
        "accessed": {"date-parts": [[today.year, today.month, today.day]]},
        "URL": url,
        "language": language_tag(article),
    }
    if settings.PUBLISHER.get("place"):
        item["publisher-place"] = settings.PUBLISHER["place"]
    if article.number:
        item["number"] = str(article.number)
    if article.summary:
        item["abstract"] = article.summary
    return item


def csl_json(article, bylines, url):
    return json.dumps([csl_item(article, bylines, url)], ensure_ascii=False, indent=2)


FORMATS = {
    "bib": (bibtex, "application/x-bibtex; charset=utf-8"),
    "ris": (ris, "application/x-research-info-systems; charset=utf-8"),
    "json": (csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8"),
}
