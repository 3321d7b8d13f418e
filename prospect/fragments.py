"""Rendered pieces of public pages, kept by the versions of what they show.

The page cache (prospect/caching.py) keys whole pages by the public content stamp, which moves
with every public change: after one publication every page misses. Fragments make that miss
cheap. Each fragment names what it shows — ``article:<slug>`` for one commentary and its
bylines, notes and topics, ``article#<pk>`` for the same commentary seen from another page,
and kinds: ``articles`` (any public commentary: lists, related), ``people`` (authors,
affiliations, organisations, links, expertise), ``pictures``, ``topics``, ``series`` — and is
kept with the version each name had when it was rendered. A fragment is reused while every one
of those versions is unchanged, so publishing one commentary re-renders its own page, the lists
and the related boxes that mention it, and nothing else.

Versions live in the cache (Redis with REDIS_URL, shared by every process) with no expiry. They
are bumped by articles/freshness.py, the same receiver list that moves the stamp, at once and
again when the transaction commits. A fragment reads the versions of what it depends on *before*
it reads the rows it shows, so a change committed while it renders always leaves it outdated,
never stored under the new version. The cache must not evict keys without an expiry (Redis's
default ``noeviction``, or ``volatile-lru``; docs/deploy.md): a lost version would make fragments
rendered before its last change look current again.

The site's own clock is a dependency too: the latest moment each kind changed with no write
(a scheduled commentary going live, picture rights expiring, an affiliation ending), from the
stamp's schedule. A fragment may also say until when it holds (``until``), for a moment known
only to the rows it read, such as a scheduled update of the commentary it shows.
"""

import hashlib
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

from . import stamp

PREFIX = "fragment-version:"
# How long a fragment is kept at most; it is usually outdated by a version long before.
FRAGMENT_SECONDS = 24 * 3600


def bump(*names):
    """What these names show changed: new versions now, and again once the transaction commits."""
    if not names:
        return
    _new_versions(names)
    transaction.on_commit(lambda: _new_versions(names))


def _new_versions(names):
    cache.set_many({_key(name): secrets.token_hex(6) for name in names}, timeout=None)


def _key(name):
    # Slugs can be long (and come from the address bar): keep keys short and plain.
    return PREFIX + hashlib.sha256(name.encode()).hexdigest()[:24]


def versions(names):
    """The current version of each name: None for a name nothing has changed since the cache
    started (reading never writes, so a stranger's made-up addresses leave nothing behind)."""
    found = cache.get_many([_key(name) for name in names if not name.startswith("clock:")])
    clocks = dict(stamp.current().clocks) if any(n.startswith("clock:") for n in names) else {}
    return {
        name: clocks.get(name[6:]) if name.startswith("clock:") else found.get(_key(name))
        for name in names
    }


class Recorder:
    """The versions a fragment depends on, read before the rows it shows."""

    def __init__(self, names):
        self.versions = versions(names)
        self.until = None

    def holds_until(self, moment):
        """The fragment shows something that changes by itself at ``moment`` (epoch seconds)."""
        if moment is not None:
            self.until = moment if self.until is None else min(self.until, moment)


def _fragment_key(name):
    from .caching import code_version

    return (
        "fragment:"
        + hashlib.sha256(f"{code_version()}|{get_language()}|{name}".encode()).hexdigest()
    )


def fragment(name, depends_on, render):
    """The fragment ``name`` (per language), rendered by ``render(recorder)`` when anything in
    ``depends_on`` changed or the moment it holds until has come. Returns what ``render``
    returned (anything the cache can keep); an exception from ``render`` keeps nothing."""
    if not settings.FRAGMENT_CACHE:
        return render(Recorder([]))
    key = _fragment_key(name)
    entry = cache.get(key)
    if entry is not None and _current(entry, time.time()):
        return entry[0]
    recorder = Recorder(depends_on)
    value = render(recorder)
    cache.set(key, (value, recorder.versions, recorder.until), FRAGMENT_SECONDS)
    return value


def many(wanted, render_missing):
    """Several fragments at once, in two cache reads: ``wanted`` maps each name to what it
    depends on; ``render_missing(names)`` renders those not kept, as {name: value}, in one go
    (one query for a list's missing cards, say). Returns {name: value}."""
    if not settings.FRAGMENT_CACHE:
        return render_missing(list(wanted))
    keys = {name: _fragment_key(name) for name in wanted}
    entries = cache.get_many(list(keys.values()))
    kept_names = {n for name in wanted if (e := entries.get(keys[name])) for n in e[1]}
    now_versions = versions(sorted(kept_names)) if kept_names else {}
    now = time.time()
    found, missing = {}, []
    for name, key in keys.items():
        entry = entries.get(key)
        if entry is not None and _current(entry, now, now_versions):
            found[name] = entry[0]
        else:
            missing.append(name)
    if missing:
        recorded = versions(sorted({n for name in missing for n in wanted[name]}))
        rendered = render_missing(missing)
        cache.set_many(
            {keys[name]: (rendered[name], {n: recorded[n] for n in wanted[name]}, None)
             for name in missing if name in rendered},
            FRAGMENT_SECONDS,
        )  # fmt: skip
        found.update(rendered)
    return found


def _current(entry, now, known=None):
    _value, kept, until = entry
    if until is not None and now >= until:
        return False
    if known is not None:
        return all(known.get(name) == version for name, version in kept.items())
    return versions(list(kept)) == kept
