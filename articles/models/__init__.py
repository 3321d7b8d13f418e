from .addresses import LegacyAddress
from .article import Article, ArticleQuerySet, Language, Status, TaggedArticle, public_topics
from .buffers import EditBuffer
from .byline import Byline
from .events import WorkflowEvent
from .notes import EditorNote
from .preferences import NotificationPreference
from .previews import PreviewLink
from .revisions import ArticleRevision, bylines_of, fingerprint, snapshot
from .series import Series
from .topics import topic_slug

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleRevision",
    "Byline",
    "EditBuffer",
    "EditorNote",
    "Language",
    "LegacyAddress",
    "NotificationPreference",
    "PreviewLink",
    "Series",
    "Status",
    "TaggedArticle",
    "WorkflowEvent",
    "bylines_of",
    "fingerprint",
    "public_topics",
    "snapshot",
    "topic_slug",
]  # fmt: skip
