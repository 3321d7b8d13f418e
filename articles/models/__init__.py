from .article import Article, ArticleQuerySet, Language, Status, TaggedArticle
from .byline import Byline
from .notes import EditorNote
from .revisions import ArticleRevision, snapshot
from .series import Series

__all__ = [
    "Article", "ArticleQuerySet", "ArticleRevision", "Byline", "EditorNote", "Language",
    "Series", "Status", "TaggedArticle", "snapshot",
]  # fmt: skip
