"""What a save of the article's change form changed: nothing, only editorial settings, or content.

Every workflow button on an editable article saves the form before it acts, so reviewers press
"save" far more often than they edit. A save that changes nothing is therefore not an edit: it is
undone (no new version, no revision, nobody's open form goes stale), and the person does not
become the article's latest editor — which is what four-eyes asks about. A save that changes only
settings readers never see (featured, language key, old addresses) stands, but leaves the latest
editor as it was. Only a change of content (articles/models/content.py, as the approval
fingerprint sees it) makes the person the article's latest editor and records a revision.
"""

import enum
from dataclasses import dataclass

from django.db import transaction

from ..models import Article, fingerprint, snapshot


class Outcome(enum.Enum):
    NOTHING = "nothing"
    SETTINGS = "settings"
    CONTENT = "content"


@dataclass(frozen=True)
class EditableState:
    content: str
    settings: tuple
    updated_by_id: int | None

    @classmethod
    def of(cls, pk):
        article = Article.objects.select_related("lead_image").get(pk=pk)
        addresses = sorted(article.legacy_addresses.values_list("path", flat=True))
        return cls(
            content=fingerprint(snapshot(article)),
            settings=(article.featured, str(article.translation_key), tuple(addresses)),
            updated_by_id=article.updated_by_id,
        )


class ChangeFormSave:
    """One save of the change form: made before anything is written, ``finish``ed after the
    inlines and topics are saved."""

    def __init__(self, article):
        self.pk = article.pk
        self.before = EditableState.of(article.pk)
        self.savepoint = transaction.savepoint()

    def finish(self):
        after = EditableState.of(self.pk)
        if (after.content, after.settings) == (self.before.content, self.before.settings):
            transaction.savepoint_rollback(self.savepoint)
            return Outcome.NOTHING
        transaction.savepoint_commit(self.savepoint)
        if after.content == self.before.content:
            Article.objects.filter(pk=self.pk).update(updated_by_id=self.before.updated_by_id)
            return Outcome.SETTINGS
        return Outcome.CONTENT
