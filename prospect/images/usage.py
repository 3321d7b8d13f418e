"""Which pictures the public may see, asked of the apps that show them.

The image library must not know about articles or authors (they depend on it, not the other
way round), so each app that puts pictures on public pages registers, in its AppConfig.ready(),
a function answering "which pictures do your public pages show?" as a Q on ImageCredit, built
from that app's own public rule (``Article.objects.live()`` for articles).
"""

import functools
import operator

from django.db.models import Q

_public_uses = []


def register_public_use(q_function):
    """``q_function()`` returns a Q selecting the pictures the registering app shows publicly."""
    if q_function not in _public_uses:
        _public_uses.append(q_function)
    return q_function


def public_use_q():
    if not _public_uses:
        return Q(pk__in=[])
    return functools.reduce(operator.or_, (q_function() for q_function in _public_uses))
