"""“Being edited by X”: who has an article's edit form open, kept in the shared cache.

A hint, not a lock — the version check on save is what prevents lost updates. Entries expire on
their own, so a closed tab stops showing after PRESENCE_SECONDS.
"""

import time

from django.core.cache import cache

PRESENCE_SECONDS = 120


def _key(article):
    return f"article-presence:{article.pk}"


def touch(article, user):
    editors = cache.get(_key(article), {})
    now = time.time()
    editors = {uid: seen for uid, seen in editors.items() if now - seen[1] < PRESENCE_SECONDS}
    editors[user.pk] = (user.get_full_name() or user.get_username(), now)
    cache.set(_key(article), editors, PRESENCE_SECONDS)


def leave(article, user):
    editors = cache.get(_key(article), {})
    if editors.pop(user.pk, None) is not None:
        cache.set(_key(article), editors, PRESENCE_SECONDS)


def others(article, user):
    now = time.time()
    editors = cache.get(_key(article), {})
    return sorted(
        name
        for uid, (name, seen) in editors.items()
        if uid != user.pk and now - seen < PRESENCE_SECONDS
    )
