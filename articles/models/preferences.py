"""What each member of staff wants to be mailed about, by kind of workflow event.

A person without a stored choice for a kind gets their role's default (``default_scope``), so
defaults follow them when their role changes; only choices that differ from it are stored.
"""

from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    """Kinds of workflow event, in the order an article meets them; the values name the mail
    templates (templates/articles/email/)."""

    SUBMITTED = "submitted", "Submitted for review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    APPROVAL_VOIDED = "approval_voided", "Approval voided (back in review)"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published or updated"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Scope(models.TextChoices):
    OWN = "own", "My own articles only"
    ALL = "all", "All articles I may see"
    NONE = "none", "None"


class NotificationPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=30, choices=Kind)
    scope = models.CharField(max_length=10, choices=Scope)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind"),
            models.CheckConstraint(
                name="notification_kind_known", condition=models.Q(kind__in=Kind.values)
            ),
            models.CheckConstraint(
                name="notification_scope_known", condition=models.Q(scope__in=Scope.values)
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()} → {self.get_scope_display()}"


# What a kind of event is, in a sentence, for the preferences page.
KIND_HELP = {
    Kind.SUBMITTED: "An article is sent for review.",
    Kind.CHANGES_REQUESTED: "An editor asks for changes, with the reason.",
    Kind.APPROVED: "An editor approves an article; it waits for a managing editor.",
    Kind.APPROVAL_VOIDED: "An approved or scheduled article changed and needs a new approval.",
    Kind.SCHEDULED: "An article, or an update to one, is scheduled to go live.",
    Kind.PUBLISHED: "An article, or an update to a live one, goes live.",
    Kind.WITHDRAWN: "A live article is taken off the public site.",
}

# Reviewers hear of everything that enters their queue; managing editors also of every approval,
# since approved articles wait on them. Everything else: one's own articles only.
REVIEWER_QUEUE = {Kind.SUBMITTED, Kind.APPROVAL_VOIDED}
PUBLISHER_QUEUE = REVIEWER_QUEUE | {Kind.APPROVED}


def default_scope(kind, *, reviews=False, publishes=False):
    """The role's default: ``reviews``/``publishes`` say whether the person holds the review
    and publish permissions (editors, managing editors); everyone else hears of their own."""
    if (publishes and kind in PUBLISHER_QUEUE) or (reviews and kind in REVIEWER_QUEUE):
        return Scope.ALL
    return Scope.OWN
