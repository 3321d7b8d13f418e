"""Article cards in lists, each rendered once per version of what it shows.

A list (home, archive, series, topic) changes with every publication, but its cards do not: a
new commentary re-renders its own card and the list around the others, which come from the
cache (prospect/fragments.py). Which commentaries are on the page is kept too
(prospect/kept_lists.py).
"""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from prospect import fragments

from .models import Article


def cards(ids, *, level=2):
    """The cards of the commentaries ``ids`` (primary keys), in order, as safe HTML."""
    names = {pk: f"card:{level}:{pk}" for pk in ids}
    # A card shows the commentary, its authors' names and its series' label.
    wanted = {name: [f"article#{pk}", "people", "series"] for pk, name in names.items()}

    def render_missing(missing):
        pks = [pk for pk, name in names.items() if name in missing]
        rows = Article.objects.filter(pk__in=pks).for_listing().in_bulk()
        return {
            names[pk]: render_to_string(
                "includes/_article_card.html", {"article": rows[pk], "level": level}
            )
            for pk in pks
            if pk in rows  # gone since the list was read: left out
        }

    found = fragments.many(wanted, render_missing)
    # Rendered by our own template from escaped fields: safe as the template made it.
    return [mark_safe(found[names[pk]]) for pk in ids if names[pk] in found]
