"""What the public saw change, from one recorded workflow step.

Only what readers could see gives an event: a scheduled publication is told when it goes live
(its announcement), never when it is scheduled; a scheduled update when it is folded in; a
withdrawal only of an article that had been public. Event ids are derived from what happened,
so announcing the same step twice gives the same ids (and the delivery log keeps one of each).
"""

import hashlib
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import translation

from articles.models import Article, EditorNote, Status, WorkflowEvent
from prospect.pages import absolute_url

from ..documents import api_url, commentaries_url

Action = WorkflowEvent.Action


@dataclass
class Event:
    id: str
    type: str
    time: object
    article: Article
    extra: dict = field(default_factory=dict)

    def document(self):
        """The JSON endpoint's body: the event and the commentary's public summary."""
        return {
            "id": self.id,
            "type": self.type,
            "time": self.time.isoformat(),
            "commentary": summary(self.article, withdrawn=self.type == "withdrawn"),
            **self.extra,
        }

    def purge(self):
        """The CDN purge endpoint's body: every public address whose answer changed."""
        return {"id": self.id, "type": self.type, "time": self.time.isoformat(),
                "urls": changed_urls(self.article)}  # fmt: skip


def summary(article, *, withdrawn=False):
    """Enough to find the commentary; a withdrawn one is named by its address only."""
    found = {
        "id": article.pk,
        "slug": article.slug,
        "url": absolute_url(article.canonical_path()),
        "api_url": api_url("commentary", article.slug),
    }
    if not withdrawn:
        found["title"] = article.title
    return found


def changed_urls(article):
    """The article page, its PDF, and the lists and feeds it appears in, in its language."""
    paths = [article.canonical_path(), article.pdf_path()]
    topics = list(article.tags.values_list("slug", flat=True))
    authors = list(article.bylines.values_list("author__slug", flat=True))
    with translation.override(article.language):
        paths += [reverse("home"), reverse("articles:list")]
        paths += [reverse(f"feeds:{name}") for name in ("rss", "atom", "json")]
        for name, slugs in (("series", [article.series.slug]), ("topic", topics),
                            ("author", authors)):  # fmt: skip
            page = "authors:detail" if name == "author" else f"articles:{name}"
            for slug in slugs:
                paths.append(reverse(page, kwargs={"slug": slug}))
                paths += [reverse(f"feeds:{name}_{kind}", kwargs={"slug": slug})
                          for kind in ("rss", "atom")]  # fmt: skip
    urls = [absolute_url(path) for path in dict.fromkeys(paths)]
    return [*urls, api_url("commentary", article.slug), commentaries_url()]


def events_for(step):
    """The events a recorded workflow step gives: [] for anything readers did not see."""
    article = step.article
    if article.is_working_copy:  # a scheduled update: told when it is folded in
        return []
    if step.action in (Action.PUBLISH, Action.ANNOUNCE, Action.PUBLISH_CHANGES):
        live = Article.objects.live().filter(pk=article.pk).select_related("series").first()
        if live is None:  # scheduled for later: its announcement will tell
            return []
        kind = "updated" if step.action == Action.PUBLISH_CHANGES else "published"
        return [Event(f"{kind}-{step.pk}", kind, live.last_published_at, live),
                *corrections(live)]  # fmt: skip
    if step.action == Action.WITHDRAW and was_public(step, article):
        return [Event(f"withdrawn-{step.pk}", "withdrawn", step.at, article)]
    return []


def was_public(step, article):
    return (
        step.from_status == Status.PUBLISHED
        and article.publish_at is not None
        and article.publish_at <= step.at
    )


def corrections(article):
    """The public corrections that came out with the version now live. A correction keeps its
    text and date when an update carries it over (as a new row), so those name it."""
    found = article.notes.public().filter(
        kind=EditorNote.Kind.CORRECTION, created_at__gte=article.last_published_at
    )
    return [
        Event(correction_id(article, note), "correction", note.created_at, article,
              {"correction": {"text": note.body, "date": note.created_at.isoformat()}})
        for note in found.order_by("created_at", "pk")
    ]  # fmt: skip


def correction_id(article, note):
    content = f"{article.pk}|{note.created_at.isoformat()}|{note.body}".encode()
    return f"correction-{article.pk}-{hashlib.sha256(content).hexdigest()[:20]}"
