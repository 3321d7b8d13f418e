"""The public content stamp: one value that changes whenever what the public sees changes.

It lives in the cache (Redis when REDIS_URL is set, so every app process sees the same one), so
reading it costs no database query. It has two parts:

- a *token*, replaced by ``replace()`` whenever a model that public pages show is written
  (``articles.freshness`` holds the one receiver list). It is replaced at once and again when
  the transaction commits: a page rendered from the old rows in between would otherwise be kept
  under the new token.
- the *schedule*: the latest moment the site changed by itself (a scheduled article going live,
  a picture's rights expiring, an affiliation starting or ending) and the next such moment. It
  is read from the database only when that next moment has come, after a replacement, or every
  SCHEDULE_RECHECK seconds, so a scheduled article appears on time with no query per request.

Both parts are derived so that processes racing to fill them agree: the token is written with
``cache.add`` when missing, and the schedule is a pure function of the database.
"""

import hashlib
import secrets
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction

TOKEN_KEY = "public-stamp:token"
SCHEDULE_KEY = "public-stamp:schedule:v2"  # (latest, next, latest per kind)
# Upper bound on how long a schedule read just before a concurrent change can stay in use.
SCHEDULE_RECHECK = 300


@dataclass(frozen=True)
class Stamp:
    token: str
    changed: float  # seconds since the epoch: the page's Last-Modified
    # The latest moment each kind of content changed by itself ("articles", "pictures",
    # "people"): what a fragment showing that kind depends on (prospect/fragments.py).
    clocks: tuple = ()


def replace():
    """Public content is changing: new token now, and again once the transaction commits."""
    _new_token()
    transaction.on_commit(_new_token)


def reschedule():
    """The site's own clock changed (an article was scheduled): read the schedule again."""
    cache.delete(SCHEDULE_KEY)
    transaction.on_commit(lambda: cache.delete(SCHEDULE_KEY))


def _new_token():
    cache.set(TOKEN_KEY, (secrets.token_hex(8), time.time()), timeout=None)
    cache.delete(SCHEDULE_KEY)


def current(now=None):
    """The stamp in force now; touches the database only to refresh the schedule."""
    now = now or time.time()
    values = cache.get_many([TOKEN_KEY, SCHEDULE_KEY])
    token = values.get(TOKEN_KEY)
    if token is None:
        cache.add(TOKEN_KEY, (secrets.token_hex(8), now), timeout=None)
        token = cache.get(TOKEN_KEY) or ("uncached", now)
    schedule = values.get(SCHEDULE_KEY)
    if schedule is None or now >= schedule[1]:
        from articles.freshness import schedule as read_schedule

        schedule = read_schedule(now)
        timeout = int(max(1, min(SCHEDULE_RECHECK, schedule[1] - now + 1)))
        cache.set(SCHEDULE_KEY, schedule, timeout=timeout)
    value, changed = token
    passed, _next, clocks = schedule
    digest = hashlib.sha256(f"{value}|{passed}".encode()).hexdigest()[:16]
    return Stamp(token=digest, changed=max(changed, passed), clocks=tuple(sorted(clocks.items())))
