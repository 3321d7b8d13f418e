from .article import ArticleAdmin
from .series import SeriesAdmin

__all__ = ["ArticleAdmin", "SeriesAdmin"]
