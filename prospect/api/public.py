"""What the API may show besides live articles: authors, series and topics.

Topics use the site's own rule, ``public_topics()``. The site has no single rule yet for authors
and series, so theirs are written here, once, for every endpoint: when the models grow
``public`` rules of their own, replace these two functions by calls to them.
"""

from django.db.models import Q

from articles.models import Article, Byline, Series, public_topics
from authors.models import Author

__all__ = ["public_authors", "public_series", "public_topics"]


def public_authors():
    """Listed authors, and anyone bylined on a live commentary (their byline prints the name)."""
    return Author.objects.filter(Q(listed=True) | Q(pk__in=Byline.objects.live().values("author")))


def public_series():
    """Series with at least one live commentary: a series being prepared stays private."""
    return Series.objects.filter(pk__in=Article.objects.live().values("series"))
