"""Background work: one small API over django-tasks, with retries and backoff.

Production runs the database backend (django-tasks-db): a task is a row in PostgreSQL, written in
the caller's transaction, so work is committed — or dropped — together with the change that asked
for it, and ``manage.py db_worker`` processes run it. Development and the test suite run tasks
inline at enqueue time (the immediate backend), so ``make run`` stays one command.

Usage::

    @background(retries=8, retry_on=(OSError,))
    def build_pdf(article_id): ...

    enqueue(build_pdf, article.pk)      # arguments must be JSON-serializable

A failure listed in ``retry_on`` schedules another attempt after ``backoff * 2**(attempt-1)``
seconds (capped at ``max_backoff``) and the attempt ends normally, recording the retry; the last
attempt's failure is raised and recorded as a failed task, which admins find under
"Tasks Database Backend → Task Results" (filter by status). The immediate backend cannot defer,
so there a failure is logged and recorded at once.
"""

import datetime
import functools
import logging

from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

ATTEMPT = "_attempt"


def background(*, retries=0, retry_on=(), backoff=60, max_backoff=3600, queue_name="default"):
    """Make a module-level function a task, retried ``retries`` times on ``retry_on``."""

    def decorate(func):
        @functools.wraps(func)
        def run(*args, **kwargs):
            attempt = kwargs.pop(ATTEMPT, 1)
            try:
                return func(*args, **kwargs)
            except retry_on as error:
                backend = background_task.get_backend()
                if attempt > retries or not backend.supports_defer:
                    raise
                delay = min(backoff * 2 ** (attempt - 1), max_backoff)
                when = timezone.now() + datetime.timedelta(seconds=delay)
                background_task.using(run_after=when).enqueue(
                    *args, **kwargs, **{ATTEMPT: attempt + 1}
                )
                logger.warning(
                    "%s failed (%r); attempt %d of %d in %d s",
                    func.__qualname__, error, attempt + 1, retries + 1, delay,
                )  # fmt: skip
                return {"retry": attempt + 1, "at": when.isoformat(), "error": repr(error)}

        background_task = task(run, queue_name=queue_name)
        return background_task

    return decorate


def enqueue(background_task, *args, **kwargs):
    """Queue a task made with :func:`background`; returns the django-tasks result.

    Call it where the work is decided: inside a transaction the database backend commits the task
    with it; the immediate backend runs it now, so callers with side effects that must follow a
    commit (mail) call this from ``transaction.on_commit``, as the workflow does.
    """
    return background_task.enqueue(*args, **kwargs)
