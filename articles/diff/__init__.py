"""Two versions of an article compared for reviewers, field by field, in words.

``compare(before, after)`` takes two snapshots (articles/models/revisions.py) and describes
every part of the content declaration (articles/models/content.py) in the order of the page.
"""

from .fields import FieldChange, compare
from .words import word_diff

__all__ = ["FieldChange", "compare", "word_diff"]
