"""The transition table and the checks every transition makes."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from .. import permissions
from ..models import Status, fingerprint, snapshot


class InvalidTransition(Exception):
    """The article is not in a state, or a shape, that allows this transition."""


class NotReady(InvalidTransition):
    """Pre-publication checks failed; ``problems`` names what is missing."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("Still missing: " + "; ".join(problems) + ".")


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    target: str
    permission: str
    needs_comment: bool = False
    rule: str = ""  # its guards and effects, as the README's table states them
    # Checked for everyone, the system included, after the source state …
    guards: tuple = ()
    # … and for people, after the role's permission and the article's visibility.
    person_guards: tuple = ()


def _t(name, label, sources, target, permission, *, needs_comment=False, rule="", guards=(),
       person_guards=()):  # fmt: skip
    return Transition(name, label, frozenset(sources), target, permission, needs_comment, rule,
                      tuple(guards), tuple(person_guards))  # fmt: skip


# --- guards: each raises InvalidTransition or PermissionDenied, with the reason -----------------


def live_only(article, by, at):
    if not article.is_live():
        raise InvalidTransition(
            "Only a live article can be withdrawn; cancel its schedule instead."
        )


def not_a_working_copy(article, by, at):
    if article.is_working_copy:
        raise InvalidTransition("A working copy is never withdrawn; discard it instead.")


def not_yet_live(article, by, at):
    if article.is_live():
        raise InvalidTransition("The article is already live; withdraw it instead.")


def own_article(article, by, at):
    if not permissions.can_edit(by, article):
        raise PermissionDenied("You may only submit your own articles.")


def four_eyes(article, by, at):
    """Nobody approves what they submitted or last changed (a restore is a change)."""
    if by.pk in (article.submitted_by_id, article.updated_by_id):
        raise PermissionDenied(
            "Someone else must approve this: you submitted it or made its latest changes."
        )


def approval_still_holds(article, by, at):
    """The approval covers exactly the content readers will see, picture and notes included."""
    approved = article.approved_revision
    if approved is None or approved.content_hash != fingerprint(snapshot(article)):
        raise InvalidTransition(
            "The article changed after it was approved; it needs a new approval."
        )


def not_in_the_past(article, by, at):
    if at is not None and at < timezone.now() - SCHEDULE_TOLERANCE:
        raise InvalidTransition("The scheduled time is in the past.")


S = Status
TRANSITIONS = {
    t.name: t
    for t in [
        _t("submit", "Submit for review", [S.DRAFT, S.CHANGES_REQUESTED], S.IN_REVIEW,
           "articles.submit_article",
           rule="own articles only, for contributors; editors are told",
           person_guards=[own_article]),
        _t("request_changes", "Request changes", [S.IN_REVIEW, S.APPROVED],
           S.CHANGES_REQUESTED, "articles.review_article", needs_comment=True,
           rule="a comment is required; voids any approval"),
        _t("approve", "Approve", [S.IN_REVIEW], S.APPROVED, "articles.approve_article",
           rule="not by whoever submitted it or last changed it (a restore is a change); "
                "pre-publication checks pass; covers exactly the revision read",
           person_guards=[four_eyes]),
        _t("publish", "Publish", [S.APPROVED], S.PUBLISHED, "articles.publish_article",
           rule="the approval still covers the content, picture and public notes; now or at a "
                "time (a working copy too: the live text stays until then); freezes bio lines "
                "and the Editor's Note without voiding the approval",
           person_guards=[approval_still_holds, not_in_the_past]),
        _t("unschedule", "Cancel the schedule", [S.PUBLISHED], S.APPROVED,
           "articles.publish_article",
           rule="only before its time; the approval stays, so it can be published again",
           guards=[not_yet_live]),
        _t("withdraw", "Withdraw", [S.PUBLISHED], S.WITHDRAWN, "articles.withdraw_article",
           needs_comment=True,
           rule="only a live article, never a working copy; a reason is required; "
                "preview links stop working",
           guards=[live_only, not_a_working_copy]),
        _t("redraft", "Return to draft", [S.WITHDRAWN], S.DRAFT, "articles.withdraw_article",
           rule="voids the approval; preview links stop working",
           guards=[not_a_working_copy]),
    ]
}  # fmt: skip


def markdown_table():
    """The README's workflow table, from TRANSITIONS and the roles (a test keeps them in step)."""
    from ..roles import ROLES

    lines = ["| action | from | to | who (role) | rule |", "|---|---|---|---|---|"]
    for t in TRANSITIONS.values():
        sources = ", ".join(sorted(Status(s).label.lower() for s in t.sources))
        who = ", ".join(role for role, codes in ROLES.items() if t.permission in codes)
        lines.append(
            f"| {t.label} | {sources} | {Status(t.target).label.lower()} | {who} | {t.rule} |"
        )
    return "\n".join(lines)


# The system (by=None) may publish what people have not reviewed: imports of commentaries that
# were already published elsewhere, and demo content.
SYSTEM_PUBLISH_SOURCES = frozenset({S.DRAFT, S.IN_REVIEW, S.CHANGES_REQUESTED, S.APPROVED})
# A schedule a little in the past is "now" (the form took a moment to submit); more is a mistake.
SCHEDULE_TOLERANCE = datetime.timedelta(minutes=2)


def check(article, name, by, *, at=None):
    """Raise InvalidTransition or PermissionDenied unless ``by`` may perform ``name`` now."""
    transition = TRANSITIONS[name]
    sources = transition.sources
    if by is None and name == "publish":
        sources = SYSTEM_PUBLISH_SOURCES
    if article.status not in sources:
        raise InvalidTransition(
            f"Cannot {transition.label.lower()}: the article is "
            f"{article.get_status_display().lower()}."
        )
    for guard in transition.guards:
        guard(article, by, at)
    if by is None:
        return
    if not by.has_perm(transition.permission):
        raise PermissionDenied(f"You may not {transition.label.lower()} articles.")
    if not permissions.can_view(by, article):
        raise PermissionDenied("You may not work on this article.")
    for guard in transition.person_guards:
        guard(article, by, at)


def check_ready(article):
    problems = article.publication_problems()
    if problems:
        raise NotReady(problems)


def available(article, user):
    """The transitions ``user`` may perform on ``article`` now, for the admin's buttons."""
    allowed = []
    for name in TRANSITIONS:
        try:
            check(article, name, user)
        except (InvalidTransition, PermissionDenied):
            continue
        allowed.append(TRANSITIONS[name])
    return allowed
