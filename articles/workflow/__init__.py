"""Every change of an article's workflow status happens here, and nowhere else.

Each transition checks the current state, the actor's permission and the four-eyes rule, runs in
a transaction with the article's row locked, records a revision and an audit event, and hands its
notifications to ``transaction.on_commit`` — so a failure half-way leaves nothing changed and
sends nothing.

``by=None`` is the system itself (management commands: the importer and ``demo``), which may
publish directly; people go through review.
"""

from .edits import (
    apply_revision,
    picture_changed,
    record_edit,
    restore,
    start_working_copy,
    void_approval,
)
from .publication import announce_due, assign_number, freeze_public_text
from .rules import (
    SCHEDULE_TOLERANCE,
    SYSTEM_PUBLISH_SOURCES,
    TRANSITIONS,
    InvalidTransition,
    NotReady,
    Transition,
    available,
    check,
    check_ready,
)
from .transitions import (
    approve,
    perform,
    publish,
    redraft,
    request_changes,
    submit,
    unschedule,
    withdraw,
)

__all__ = [
    "SCHEDULE_TOLERANCE", "SYSTEM_PUBLISH_SOURCES", "TRANSITIONS", "InvalidTransition",
    "NotReady", "Transition", "announce_due", "apply_revision", "approve", "assign_number",
    "available", "check", "check_ready", "freeze_public_text", "perform", "picture_changed",
    "publish", "record_edit", "redraft", "request_changes", "restore", "start_working_copy",
    "submit", "unschedule", "void_approval", "withdraw",
]  # fmt: skip
