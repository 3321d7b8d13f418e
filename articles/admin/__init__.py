from .article import ArticleAdmin
from .series import SeriesAdmin
from .topics import TopicAdmin

__all__ = ["ArticleAdmin", "SeriesAdmin", "TopicAdmin"]
