import pytest
from django.db import connection

from articles.body import bigrams
from articles.search import excerpt, search, terms
from tests.factories import make_article

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search is PostgreSQL's; CI runs this"
)


def titles(query):
    return [a.title for a in search(query)]


def test_bigrams_cover_every_two_character_term():
    assert bigrams("日台關係 and 台海") == "日台 台關 關係 台海"
    assert bigrams("中") == "中"
    assert bigrams("no chinese") == ""


def test_terms_drop_operators_and_keep_phrases():
    assert terms('"rule of law" OR democracy -Trump 日本') == [
        "rule of law",
        "democracy",
        "Trump",
        "日本",
    ]


def test_empty_query_finds_nothing():
    make_article("Anything", status="published")
    assert titles("") == [] and titles("   ") == [] and titles('"') == []


def test_only_live_articles_are_found():
    make_article("Deterrence live", status="published")
    for status in ("draft", "scheduled", "withdrawn", "in_review"):
        make_article(f"Deterrence {status}", status=status)
    assert titles("deterrence") == ["Deterrence live"]


def test_chinese_two_character_terms_are_found():
    make_article("日台關係的下一步", body="<p>區域安全與民主韌性。</p>", status="published")
    make_article("Unrelated", status="published")
    assert titles("台關") == ["日台關係的下一步"]
    assert titles("韌性") == ["日台關係的下一步"]
    assert titles("美國") == []


def test_excerpt_marks_matches_and_escapes_text():
    article = make_article(
        body="<p>Before &lt;b&gt; the Deterrence debate, after.</p>", status="published"
    )
    snippet = excerpt(article, "deterrence")
    assert "<mark>Deterrence</mark>" in snippet
    assert "&lt;b&gt;" in snippet and "<b>" not in snippet


@postgres_only
def test_title_matches_rank_above_body_matches():
    make_article("Elections in Asia", body="<p>Nothing here.</p>", status="published")
    make_article("Other topic", summary="Mentions elections.", status="published")
    make_article("Third piece", body="<p>Long text about elections.</p>", status="published")
    assert titles("election") == ["Elections in Asia", "Other topic", "Third piece"]


@postgres_only
def test_websearch_syntax_phrases_or_and_exclusion():
    make_article("Rule of law", body="<p>The rule of law matters.</p>", status="published")
    make_article("Law and order", body="<p>The law of the sea and rules.</p>", status="published")
    make_article("Trade", body="<p>Trade and tariffs.</p>", status="published")
    assert titles('"rule of law"') == ["Rule of law"]
    assert set(titles("tariffs OR order")) == {"Law and order", "Trade"}
    assert titles("law -sea") == ["Rule of law"]


@postgres_only
def test_stemming_finds_other_forms_of_a_word():
    make_article("Deterring aggression", status="published")
    assert titles("deterred") == ["Deterring aggression"]


@postgres_only
@pytest.mark.parametrize(
    ("document", "config", "words", "index"),
    [("text", "english", "deterrence", "article_search_document"),
     ("pairs", "simple", "日本", "article_search_pairs")],
)  # fmt: skip
def test_postgres_search_expressions_are_the_indexed_ones(document, config, words, index):
    """With sequential scans off, only the GIN index can answer: the expressions must match."""
    from django.contrib.postgres.search import SearchQuery
    from django.db import connection

    from articles.models import Article
    from articles.search import pairs_document, text_document

    make_article("Indexed", body="<p>Deterrence in 日本.</p>", status="published")
    vector = text_document() if document == "text" else pairs_document()
    queryset = Article.objects.annotate(doc=vector).filter(doc=SearchQuery(words, config=config))
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan
