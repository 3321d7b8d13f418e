from django.conf import settings
from django.db import models
from django.utils import timezone

from .article import Article


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
