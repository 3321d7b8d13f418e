from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .article import Article, Status
from .labels import choice_label


class WorkflowEvent(models.Model):
    """The audit trail: who moved an article from which state to which, when and why."""

    class Action(models.TextChoices):
        # The transitions of articles/workflow/rules.py, by the same names …
        SUBMIT = "submit", "Submit"
        REQUEST_CHANGES = "request_changes", "Request changes"
        APPROVE = "approve", "Approve"
        PUBLISH = "publish", "Publish"
        UNSCHEDULE = "unschedule", "Unschedule"
        WITHDRAW = "withdraw", "Withdraw"
        REDRAFT = "redraft", "Redraft"
        # … and the workflow's own steps.
        APPROVAL_VOIDED = "approval_voided", "Approval voided"
        WORKING_COPY_STARTED = "working_copy_started", "Working copy started"
        PUBLISH_CHANGES = "publish_changes", "Publish changes"
        ANNOUNCE = "announce", "Announce"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=40, choices=Action)
    from_status = models.CharField(max_length=20)
    to_status = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)
    revision = models.ForeignKey(
        "ArticleRevision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        who = self.actor or "the system"
        return f"{self.article}: {self.action} by {who} at {self.at:%Y-%m-%d %H:%M}"

    @classmethod
    def record(cls, article, action, *, by=None, from_status=None, comment="", revision=None):
        """One entry of the audit trail; ``from_status`` defaults to the article's status, as
        for events that do not move it."""
        return cls.objects.create(
            article=article,
            action=cls.Action(action),  # an unknown action is a bug: ValueError
            from_status=from_status or article.status,
            to_status=article.status,
            actor=by,
            comment=comment,
            revision=revision,
        )

    @property
    def label(self):
        return self.get_action_display()

    # --- in words, for the history page and the workflow panel ---------------------------

    def scheduled_for(self):
        """The time a publication was set for, if it was set for later than it happened: a
        schedule, not a publication. Read from the revision the step recorded."""
        if self.action != self.Action.PUBLISH or self.revision is None:
            return None
        at = parse_datetime(self.revision.data.get("publish_at") or "")
        return at if at is not None and at > self.at else None

    def describe(self):
        """What happened, as a sentence: "Scheduled for 2026-12-03 09:00 by Erin"."""
        A, by = self.Action, self._by()
        if self.action == A.PUBLISH:
            if (at := self.scheduled_for()) is None:
                return f"Published{by}"
            update = "Update scheduled" if self.revision.data.get("working_copy") else "Scheduled"
            return f"{update} for {timezone.localtime(at):%Y-%m-%d %H:%M}{by}"
        if self.action == A.APPROVE and self.revision_id:
            return f"Approved{by} (revision {self.revision_id})"
        if self.action == A.APPROVAL_VOIDED:
            reason = self.comment.strip().rstrip(".") or "the content changed"
            cancelled = self.from_status == Status.PUBLISHED
            return (f"Approval voided{by}: {reason[:1].lower()}{reason[1:]}"
                    + ("; the schedule is cancelled" if cancelled else ""))  # fmt: skip
        if self.action == A.PUBLISH_CHANGES and self.actor_id is None:
            return "The scheduled changes went live"
        if self.action == A.ANNOUNCE:
            return "Went live as scheduled"
        return _SENTENCES.get(self.action, self.get_action_display()) + by

    @property
    def remark(self):
        """The comment, unless the sentence already says it."""
        return "" if self.action == self.Action.APPROVAL_VOIDED else self.comment

    def status_change(self):
        """ "In review → Approved", in the words the admin uses ("" when it stayed put)."""
        scheduled_before = self.action in (self.Action.UNSCHEDULE, self.Action.APPROVAL_VOIDED)
        old = _status(self.from_status, scheduled=scheduled_before)
        new = _status(self.to_status, scheduled=self.scheduled_for() is not None)
        return "" if old == new else f"{old} → {new}"

    def _by(self):
        if self.actor is None:
            return ""
        return f" by {self.actor.get_full_name() or self.actor.get_username()}"


_SENTENCES = {
    WorkflowEvent.Action.SUBMIT: "Submitted for review",
    WorkflowEvent.Action.REQUEST_CHANGES: "Changes requested",
    WorkflowEvent.Action.APPROVE: "Approved",
    WorkflowEvent.Action.UNSCHEDULE: "Schedule cancelled",
    WorkflowEvent.Action.WITHDRAW: "Withdrawn",
    WorkflowEvent.Action.REDRAFT: "Sent back to draft",
    WorkflowEvent.Action.WORKING_COPY_STARTED: "Working copy started",
    WorkflowEvent.Action.PUBLISH_CHANGES: "Changes published",
}


def _status(code, *, scheduled):
    # A published article whose time has not come is "Scheduled" everywhere in the admin.
    return "Scheduled" if scheduled and code == Status.PUBLISHED else choice_label(Status, code)
