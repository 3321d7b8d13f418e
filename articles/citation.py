"""“Cite this”: one commentary as BibTeX, RIS, CSL-JSON and a formatted reference."""

import json
import re

from django.conf import settings
from django.utils import timezone


def _people(bylines):
    return [b.author for b in bylines if b.role in ("author", "co_author")]


def _split(author):
    family, _, given = author.sort_name.partition(", ")
    return (family, given) if given else (author.display_name, "")


def _date(article):
    return timezone.localdate(article.publish_at)


def _container(article):
    return f"{article.series.name}, No. {article.number}" if article.number else article.series.name


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
    return (
        f"{who}“{article.title}.” {_container(article)}. {settings.PUBLISHER['name']}, "
        f"{day:%B} {day.day}, {day.year}. {url}"
    )


_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def _bib(text):
    text = text.replace("\\", r"\textbackslash{}").replace("~", r"\textasciitilde{}")
    return _BIBTEX_SPECIAL.sub(r"\\\1", text).replace("^", r"\^{}")


def bibtex(article, bylines, url):
    day = _date(article)
    first = _split(_people(bylines)[0])[0] if _people(bylines) else "anon"
    key = re.sub(r"[^a-z0-9]", "", f"{first}{day.year}{article.number or article.pk}".lower())
    authors = " and ".join(
        "{" + _bib(a.display_name) + "}" if not _split(a)[1] else _bib(a.sort_name)
        for a in _people(bylines)
    )
    fields = [
        ("author", authors),
        ("title", "{" + _bib(article.title) + "}"),
        ("howpublished", _bib(_container(article))),
        ("publisher", _bib(settings.PUBLISHER["name"])),
        ("year", str(day.year)),
        ("month", day.strftime("%b").lower()),
        ("url", url),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" if name != "month" else f"  {name} = {value}"
                      for name, value in fields if value)  # fmt: skip
    return f"@misc{{{key},\n{body}\n}}\n"


def ris(article, bylines, url):
    day = _date(article)
    lines = ["TY  - ELEC"]
    lines += [f"AU  - {a.sort_name}" for a in _people(bylines)]
    lines += [
        f"TI  - {article.title}",
        f"T2  - {article.series.name}",
        *([f"IS  - {article.number}"] if article.number else []),
        f"PB  - {settings.PUBLISHER['name']}",
        f"DA  - {day:%Y/%m/%d}",
        f"PY  - {day.year}",
        f"UR  - {url}",
        f"LA  - {article.language}",
        "ER  - ",
    ]
    return "\r\n".join(line.replace("\n", " ") for line in lines) + "\r\n"


def csl_json(article, bylines, url):
    day = _date(article)
    authors = []
    for author in _people(bylines):
        family, given = _split(author)
        authors.append({"family": family, "given": given} if given else {"literal": family})
    item = {
        "id": f"prospect-{article.pk}",
        "type": "article",
        "title": article.title,
        "container-title": article.series.name,
        "publisher": settings.PUBLISHER["name"],
        "author": authors,
        "issued": {"date-parts": [[day.year, day.month, day.day]]},
        "URL": url,
        "language": article.language,
    }
    if article.number:
        item["number"] = str(article.number)
    return json.dumps([item], ensure_ascii=False, indent=2)


FORMATS = {
    "bib": (bibtex, "application/x-bibtex; charset=utf-8"),
    "ris": (ris, "application/x-research-info-systems; charset=utf-8"),
    "json": (csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8"),
}
