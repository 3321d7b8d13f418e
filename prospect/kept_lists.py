"""Which rows a public list shows, kept by the versions of what it lists (prospect/fragments.py).

A list page asks the database two things: how many rows there are (the paginator's COUNT) and
which rows are on this page. Both change only when what the list depends on changes — a
publication, a withdrawal, a scheduled commentary's time coming — so both are kept under those
versions. A list nothing has changed since reads no row: its cards come from their own fragments
(articles/cards.py).

Names are built by the views from values they validated (a known series, a page number the
paginator clamped to the real pages), so a stranger's made-up parameters cannot multiply keys.
"""

from . import fragments


class KeptList:
    """The primary keys of ``queryset``, in its order, as a sequence a Paginator can page:
    its length and each slice are read once per version of ``depends_on``."""

    def __init__(self, name, depends_on, queryset):
        self.name = name
        self.depends_on = list(depends_on)
        self.queryset = queryset

    def count(self):
        return fragments.fragment(
            f"list:{self.name}:count", self.depends_on, lambda _recorder: self.queryset.count()
        )

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("A kept list is read a page (a plain slice) at a time.")
        start, stop = index.start or 0, index.stop
        return fragments.fragment(
            f"list:{self.name}:{start}:{stop}",
            self.depends_on,
            lambda _recorder: list(self.queryset.values_list("pk", flat=True)[start:stop]),
        )


def kept_object(name, depends_on, find):
    """The one object ``find()`` returns (a series, a topic, an author and what their page
    prefetches), kept while ``depends_on`` is unchanged. ``find`` raises (Http404, say) when
    there is none; nothing is kept then, so made-up addresses leave no keys behind."""
    return fragments.fragment(name, depends_on, lambda _recorder: find())
