"""Searching live articles.

PostgreSQL: full-text search over title (weight A), summary (B) and body (C) with
``websearch_to_tsquery`` syntax ("quoted phrases", OR, -exclusions) and ranking. PostgreSQL does
not segment Chinese, so each article also stores the overlapping two-character pairs of its Chinese
text (``search_bigrams``, weight D), and Chinese queries match on those pairs. Both live in one
stored, GIN-indexed column (``Article.search_vector``, see articles/search_document.py): matching
and ranking read it instead of recomputing ``to_tsvector`` for every candidate.

SQLite: every word of the query must appear in the title, summary or body.

Ranking reads each candidate's whole search vector, so a word found in most of the archive
("Taiwan", in a Taiwan think tank's) would rank thousands of commentaries per query. Relevance is
therefore ranked among the newest ``RANKED`` matches: a narrow query ranks all it finds, a broad
one its newest 500, and the page says so (``is_capped``) and suggests narrowing it. On PostgreSQL
the planner finds those through the GIN index (rare words) or by walking the publication-date
index until enough match (common words), so a query costs about the same at any archive size.

Excerpts and highlighting are made here in Python, the same way on both databases.
"""

import re

from django.db import connection
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .body import CJK_RUN, bigrams
from .models import Article

MAX_QUERY_LENGTH = 200
# How many of the newest matches are ranked by relevance (see above).
RANKED = 500
OPERATORS = {"or", "and", "not"}


CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def clean_query(raw):
    """At most MAX_QUERY_LENGTH characters, spaces collapsed, control characters (NUL) gone."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", raw or "").split())[:MAX_QUERY_LENGTH]


def terms(query):
    """The words and phrases a reader typed, without operators, for matching and highlighting."""
    found = []
    for phrase, word in re.findall(r'"([^"]+)"|(\S+)', CJK_RUN.sub(" ", query)):
        term = (phrase or word).strip("-+()'\"*:&|!<>")
        if term and term.lower() not in OPERATORS:
            found.append(term)
    found.extend(CJK_RUN.findall(query))
    return found


def search(raw_query):
    """Live articles matching the query, best first (among the newest RANKED matches). An
    empty query finds nothing."""
    query = clean_query(raw_query)
    if not terms(query):
        return Article.objects.none()
    articles = Article.objects.live()
    if connection.vendor == "postgresql":
        matches, rank = _postgres(articles, query)
    else:
        matches, rank = _fallback(articles, query), None
    newest = matches.order_by("-publish_at", "-pk").values("pk")[:RANKED]
    ranked = Article.objects.filter(pk__in=newest)
    if rank is None:
        return ranked.newest_first()
    return ranked.annotate(rank=rank).order_by("-rank", "-publish_at", "-pk")


def ranked_ids(raw_query):
    """The primary keys of ``search(raw_query)``, best first: at most RANKED, in one query that
    also gives their number (no COUNT of its own, which would match and plan a second time)."""
    return list(search(raw_query).values_list("pk", flat=True))


def in_order(articles, ids):
    """The rows of ``articles`` with these primary keys, in the order of ``ids``."""
    found = articles.filter(pk__in=ids).in_bulk()
    return [found[pk] for pk in ids if pk in found]


def is_capped(count):
    """Whether a search found so many matches that only the newest RANKED were ranked."""
    return count >= RANKED


def _postgres(articles, query):
    """(the live articles matching ``query``, the expression that ranks them)."""
    from django.contrib.postgres.search import SearchQuery, SearchRank

    latin = CJK_RUN.sub(" ", query).strip()
    chinese = bigrams(query)
    rank = None
    if latin.strip("-\"' ") and any(term for term in terms(latin)):
        text_query = SearchQuery(latin, search_type="websearch", config="english")
        articles = articles.filter(search_vector=text_query)
        rank = SearchRank(F("search_vector"), text_query)
    if chinese:
        pair_query = SearchQuery(chinese, search_type="plain", config="simple")
        articles = articles.filter(search_vector=pair_query)
        pair_rank = SearchRank(F("search_vector"), pair_query)
        rank = pair_rank if rank is None else rank + pair_rank
    return articles, rank


def _fallback(articles, query):
    for term in terms(query):
        articles = articles.filter(
            Q(title__icontains=term) | Q(summary__icontains=term) | Q(body_text__icontains=term)
        )
    return articles


EXCERPT_CHARS = 240


def excerpt(article, query):
    """A passage of the body around the first match, with every match in <mark>."""
    words = terms(clean_query(query))
    text = article.body_text.replace("\n", " ")
    if not words:
        return ""
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.I)
    match = pattern.search(text)
    start = max(0, match.start() - EXCERPT_CHARS // 3) if match else 0
    passage = text[start : start + EXCERPT_CHARS]
    if start > 0:
        passage = "…" + passage.split(" ", 1)[-1]
    if start + EXCERPT_CHARS < len(text):
        passage = passage.rsplit(" ", 1)[0] + "…"
    pieces, position = [], 0
    for found in pattern.finditer(passage):
        pieces.append(escape(passage[position : found.start()]))
        pieces.append(f"<mark>{escape(found.group(0))}</mark>")
        position = found.end()
    pieces.append(escape(passage[position:]))
    return mark_safe("".join(pieces))  # every piece is escaped above
