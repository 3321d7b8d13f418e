"""Workflow emails: who hears about what, with the reason and a link.

Called by articles/workflow/ through ``transaction.on_commit`` only, so nothing is sent for a
change that did not happen. Messages are composed now, as the article stands, and sent by the
task queue (prospect/mail.py), so an unreachable SMTP server never blocks or undoes an action:
the mail is retried until it goes out.

Who is mailed is each person's choice per kind of event (models/preferences.py): their own
articles only, all articles they may see, or none — with their role's default until they choose.
Whatever they choose, three rules hold: only active staff accounts are mailed, never the person
who acted, and nobody about an article that is neither theirs nor one they may open.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone

from prospect.mail import queue_messages
from prospect.pages import absolute_url

from . import permissions
from .models.preferences import Kind, Scope, default_scope

logger = logging.getLogger(__name__)

EVENT_KINDS = {
    "submit": Kind.SUBMITTED,
    "request_changes": Kind.CHANGES_REQUESTED,
    "approve": Kind.APPROVED,
    "approval_voided": Kind.APPROVAL_VOIDED,
    "announce": Kind.PUBLISHED,
    "publish_changes": Kind.PUBLISHED,
    "withdraw": Kind.WITHDRAWN,
}


def kind_of(event):
    if event.action == "publish":
        return Kind.PUBLISHED if event.article.is_live() else Kind.SCHEDULED
    return EVENT_KINDS.get(event.action)


def holders(codename):
    """Ids of the users holding ``articles.<codename>``, directly, by group or as superusers."""
    permission = Permission.objects.filter(
        codename=codename, content_type__app_label="articles"
    ).first()
    held = Q(is_superuser=True)
    if permission is not None:  # a database whose roles are not set up yet: superusers only
        held |= Q(groups__permissions=permission) | Q(user_permissions=permission)
    return set(get_user_model().objects.filter(held).values_list("pk", flat=True))


def reviewers_and_publishers():
    """Ids of those who hold the review and of those who hold the publish permission: the
    roles whose defaults differ (models/preferences.py)."""
    return holders("review_article"), holders("publish_article")


def defaults_for(user, roles):
    """{kind: scope} of ``user``'s role; ``roles`` is ``reviewers_and_publishers()``."""
    reviewers, publishers = roles
    reviews, publishes = user.pk in reviewers, user.pk in publishers
    return {kind: default_scope(kind, reviews=reviews, publishes=publishes) for kind in Kind}


def scopes_for(user, roles):
    """{kind: scope} for ``user``: what they chose, their role's default where they did not."""
    chosen = {p.kind: Scope(p.scope) for p in user.notification_preferences.all()}
    return {**defaults_for(user, roles), **chosen}


def is_own(user, article, bylined):
    """Their own article: they created or submitted it (or the live article it is a working copy
    of), or they are on its byline (``bylined``: ids of the accounts of its authors)."""
    return user.pk in bylined or permissions.owns(user, article)


def candidates(actor):
    """Everyone who could be mailed at all: active staff with an address, not the actor."""
    people = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
    if actor is not None:
        people = people.exclude(pk=actor.pk)
    return people.prefetch_related("notification_preferences")


def recipients_for(event):
    kind = kind_of(event)
    if kind is None:
        return set()
    people = list(candidates(event.actor))
    if not people:  # nobody could be mailed: no need to know roles or bylines
        return set()
    article = event.article
    bylined = set(
        article.bylines.filter(author__user__isnull=False).values_list("author__user", flat=True)
    )
    roles = reviewers_and_publishers()
    chosen = set()
    for user in people:
        scope = scopes_for(user, roles)[kind]
        if scope == Scope.NONE:
            continue
        # "All" widens to what they may open in the admin, never to others' articles beyond it:
        # a contributor sees only their own, so they hear only of their own.
        if is_own(user, article, bylined) or (
            scope == Scope.ALL and permissions.can_view(user, article)
        ):
            chosen.add(user)
    return chosen


def render_plain(name, context):
    """A plain-text template, rendered without HTML escaping: mail is not HTML, and a title
    such as “Trade & Security” must arrive as written, not as “Trade &amp; Security”."""
    return get_template(name).template.render(Context(context, autoescape=False))


def send(event):
    kind = kind_of(event)
    if kind is None:
        return 0
    recipients = recipients_for(event)
    if not recipients:
        return 0
    article = event.article
    context = {
        "article": article,
        "event": event,
        "actor": event.actor,
        "admin_url": absolute_url(reverse("admin:articles_article_change", args=[article.pk])),
        "public_url": absolute_url(article.get_absolute_url()),
        "publish_at": timezone.localtime(article.publish_at) if article.publish_at else None,
        "preferences_url": absolute_url(reverse("notification_preferences")),
    }
    subject = " ".join(render_plain(f"articles/email/{kind}_subject.txt", context).split())
    body = render_plain(f"articles/email/{kind}_body.txt", context)
    messages = [EmailMessage(subject, body, to=[user.email]) for user in recipients]
    return queue_messages(messages)
