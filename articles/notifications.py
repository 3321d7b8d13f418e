"""Workflow emails: who hears about what, with the reason and a link.

Called by articles/workflow/ through ``transaction.on_commit`` only, so nothing is sent for a
change that did not happen. Messages are composed now, as the article stands, and sent by the
task queue (prospect/mail.py), so an unreachable SMTP server never blocks or undoes an action:
the mail is retried until it goes out.
"""

import logging

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone

from prospect.mail import queue_messages
from prospect.pages import absolute_url

logger = logging.getLogger(__name__)


def editors():
    """Everyone who reviews: active staff holding the review permission, directly or by group."""
    User = get_user_model()
    perm = Q(codename="review_article", content_type__app_label="articles")
    from django.contrib.auth.models import Permission

    permission = Permission.objects.filter(perm).first()
    return User.objects.filter(
        Q(groups__permissions=permission) | Q(user_permissions=permission) | Q(is_superuser=True),
        is_active=True,
        is_staff=True,
    ).distinct()


def people_of(article):
    """The submitter, the creator and the bylined authors who have staff accounts."""
    people = {u for u in (article.submitted_by, article.created_by) if u is not None}
    people |= {
        b.author.user for b in article.bylines.select_related("author__user") if b.author.user
    }
    return people


def recipients_for(event):
    article = event.article
    if event.action == "submit":
        return set(editors())
    if event.action in ("request_changes", "approve"):
        return {u for u in (article.submitted_by, article.created_by) if u is not None}
    if event.action in ("publish", "announce", "publish_changes", "withdraw"):
        return people_of(article)
    if event.action == "approval_voided":  # back in review, perhaps off a schedule
        return set(editors()) | {u for u in (article.submitted_by, article.created_by) if u}
    return set()


def kind_of(event):
    if event.action == "publish":
        return "scheduled" if not event.article.is_live() else "published"
    return {
        "submit": "submitted",
        "request_changes": "changes_requested",
        "approve": "approved",
        "announce": "published",
        "publish_changes": "published",
        "withdraw": "withdrawn",
        "approval_voided": "approval_voided",
    }.get(event.action)


def render_plain(name, context):
    """A plain-text template, rendered without HTML escaping: mail is not HTML, and a title
    such as “Trade & Security” must arrive as written, not as “Trade &amp; Security”."""
    return get_template(name).template.render(Context(context, autoescape=False))


def send(event):
    kind = kind_of(event)
    if kind is None:
        return 0
    article = event.article
    context = {
        "article": article,
        "event": event,
        "actor": event.actor,
        "admin_url": absolute_url(reverse("admin:articles_article_change", args=[article.pk])),
        "public_url": absolute_url(article.get_absolute_url()),
        "publish_at": timezone.localtime(article.publish_at) if article.publish_at else None,
    }
    subject = " ".join(render_plain(f"articles/email/{kind}_subject.txt", context).split())
    body = render_plain(f"articles/email/{kind}_body.txt", context)
    messages = [
        EmailMessage(subject, body, to=[user.email])
        for user in recipients_for(event)
        if user.email and user != event.actor and user.is_active
    ]
    return queue_messages(messages)
