"""Autosave of the article change form into the person's own edit buffer (EditBuffer).

static/admin/js/autosave.js posts the form's fields every few seconds while they differ from what
was loaded; the change form offers to restore them when the person comes back to it (after a
closed tab or a crash) and the buffer is newer than their last save. Only people who may edit
the article (or add one) keep a buffer; nobody else ever sees it.
"""

import json
import time

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import OperationalError, connection
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from .. import permissions
from ..models import EditBuffer

# Never kept: the session's token, and what only makes sense on the page it was typed on.
NOT_KEPT = frozenset({"csrfmiddlewaretoken", "revision", "keep_theirs"})


class AutosaveMixin:
    def get_urls(self):
        view = self.admin_site.admin_view
        name = "articles_article"
        return [
            path("autosave/", view(self.autosave_view), name=f"{name}_autosave_new"),
            path("<int:pk>/autosave/", view(self.autosave_view), name=f"{name}_autosave"),
            path("autosave/discard/", view(self.discard_buffer_view),
                 name=f"{name}_discard_buffer_new"),
            path("<int:pk>/autosave/discard/", view(self.discard_buffer_view),
                 name=f"{name}_discard_buffer"),
            *super().get_urls(),
        ]  # fmt: skip

    def _buffered_article(self, request, pk):
        """The article whose buffer this is (None: a new one), if the person may edit it."""
        if pk is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return None
        article = self._article(request, pk)
        if not permissions.can_edit(request.user, article):
            raise PermissionDenied
        return article

    @method_decorator(require_POST)
    def autosave_view(self, request, pk=None):
        try:
            article = self._buffered_article(request, pk)
        except PermissionDenied:
            return JsonResponse({"error": "You may not edit this article."}, status=403)
        try:
            too_big = len(request.body) > EditBuffer.MAX_BYTES
        except RequestDataTooBig:
            too_big = True
        if too_big:
            return JsonResponse({"error": "Too large to keep; save the form."}, status=413)
        try:
            fields, version = parse_buffer(request.body)
        except ValueError as exc:
            return JsonResponse({"error": str(exc)}, status=400)
        buffer = _keep_patiently(request.user, article, fields, version)
        return JsonResponse({"saved_at": f"{timezone.localtime(buffer.saved_at):%H:%M}"})

    @method_decorator(require_POST)
    def discard_buffer_view(self, request, pk=None):
        article = self._article(request, pk) if pk is not None else None
        EditBuffer.discard(request.user, article)
        return JsonResponse({"discarded": True})

    def edit_buffer_context(self, request, article):
        """The restore prompt's data, when a buffer newer than the person's last save exists."""
        if article is None:
            allowed = self.has_add_permission(request)
        else:
            allowed = permissions.can_edit(request.user, article)
        buffer = EditBuffer.objects.of(request.user, article).current().first() if allowed else None
        if buffer is None:
            return {}
        last_save = None
        if article is not None:
            last_save = (
                article.revisions.filter(created_by=request.user)
                .values_list("created_at", flat=True)
                .first()
            )
        if last_save is not None and last_save >= buffer.saved_at:
            buffer.delete()  # saved since: nothing unsaved is left in it
            return {}
        saved_at = timezone.localtime(buffer.saved_at)
        same_day = saved_at.date() == timezone.localdate()
        return {
            "edit_buffer": buffer,
            "edit_buffer_time": f"{saved_at:%H:%M}" if same_day else f"{saved_at:%Y-%m-%d %H:%M}",
            "edit_buffer_data": {"fields": buffer.fields, "version": buffer.based_on_version},
        }


def _keep_patiently(user, article, fields, version):
    """SQLite, the embedded default, locks a table while another request writes it (a picture
    being uploaded, a save): an autosave waits a moment for that rather than fail. A database
    that stays away still answers 503 (prospect/outage.py)."""
    for wait in (0.05, 0.2, 0.5, None):
        try:
            return EditBuffer.keep(user, article, fields, version=version)
        except OperationalError:
            if wait is None or connection.vendor != "sqlite":
                raise
            time.sleep(wait)


def parse_buffer(body):
    """([[name, value, label], …], version) from the script's JSON; ValueError when malformed."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValueError("Not JSON.") from None
    fields = data.get("fields") if isinstance(data, dict) else None
    if not isinstance(fields, list) or len(fields) > EditBuffer.MAX_FIELDS:
        raise ValueError("Expected a list of fields.")
    kept, version = [], None
    for entry in fields:
        if not (isinstance(entry, list) and 2 <= len(entry) <= 3):
            raise ValueError("Each field is [name, value] or [name, value, label].")
        if not all(isinstance(part, str) for part in entry):
            raise ValueError("Field names, values and labels are text.")
        name, value, label = (*entry, "")[:3]
        if len(name) > 200 or len(label) > 500:
            raise ValueError("A field name or label is too long.")
        if name == "edit_version":
            version = int(value) if value.isdigit() and len(value) < 10 else None
        if name not in NOT_KEPT:
            kept.append([name, value, label])
    return kept, version
