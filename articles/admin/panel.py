"""What the workflow panel's buttons do: transitions, review notes, marking a note resolved.

When the person may edit the article, every button and the comment field belong to the change
form (the HTML ``form`` attribute), so a click saves the form first and then acts
(``ArticleAdmin.response_change``); if the save is refused, nothing else happens and the page comes
back with the input. When the form is read-only the buttons post to the panel's own endpoints
(articles/admin/workflow_views.py): there is nothing to lose. Both ways end in ``carry_out``.

There is one comment field: "Add note" posts it as a review note, Request changes and Withdraw
take it as their required reason, other transitions record it with the step. A refused action
keeps the text for the next page.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from .. import permissions, workflow
from ..models import Article, ArticleRevision, EditorNote

NOTE = "note"
RESOLVE = "resolve-"


class TransitionForm(forms.Form):
    comment = forms.CharField(required=False, widget=forms.Textarea, max_length=5000)
    publish_at = forms.DateTimeField(
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)


@dataclass
class PanelAction:
    """One press of a panel button: a transition's name, ``note``, or ``resolve-<note id>``."""

    name: str
    form: TransitionForm

    @classmethod
    def posted(cls, data):
        """The action a change-form POST asks for after saving, or None for a plain save."""
        name = data.get("_workflow")
        return None if name is None else cls(name, TransitionForm(data))

    @property
    def note_pk(self):
        suffix = self.name.removeprefix(RESOLVE)
        return int(suffix) if self.name.startswith(RESOLVE) and suffix.isdigit() else None

    @property
    def transition(self):
        return workflow.TRANSITIONS.get(self.name)

    @property
    def label(self):
        if self.name == NOTE:
            return "Add note"
        if self.note_pk is not None:
            return "Mark resolved"
        return self.transition.label if self.transition else self.name

    @property
    def comment(self):
        return (self.form.cleaned_data.get("comment") or "").strip() if self.form.is_valid() else ""

    def problem(self):
        """Why the action cannot even be tried, or None. Checked before anything is saved."""
        if self.name != NOTE and self.note_pk is None and self.transition is None:
            return "That action was not understood."
        if not self.form.is_valid():
            return "The form was not understood: " + self.form.errors.as_text()
        if self.name == NOTE and not self.comment:
            return "Write a comment first."
        if self.transition and self.transition.needs_comment and not self.comment:
            return f"“{self.label}” needs a reason: say why in the comment field."
        return None


def carry_out(request, article, action, *, saved=""):
    """Perform ``action`` on ``article`` for ``request.user`` and say how it went; return the
    article to show next (a published working copy's live article).

    ``saved`` says what the change form's save did just before, if it did anything.
    """
    problem = action.problem()
    if problem:
        return _refused(request, article, action, saved + problem)
    if action.name == NOTE:
        if not permissions.can_comment(request.user, article):
            raise PermissionDenied
        EditorNote.objects.create(
            article=article, kind=EditorNote.Kind.INTERNAL, body=action.comment,
            author=request.user,
        )  # fmt: skip
        messages.success(request, saved + "Comment added.")
        return article
    if action.note_pk is not None:
        return _resolve(request, article, action.note_pk, saved)
    data = action.form.cleaned_data
    revision = None
    if data["revision"]:
        revision = ArticleRevision.objects.filter(pk=data["revision"], article=article).first()
    try:
        workflow.perform(
            article, action.name, by=request.user, comment=data["comment"],
            at=_aware(data["publish_at"]), revision=revision,
        )  # fmt: skip
    except (workflow.InvalidTransition, PermissionDenied) as exc:
        return _refused(request, article, action, f"{saved}Not done — {action.label}: {exc}")
    gone_live = not Article.objects.filter(pk=article.pk).exists()  # a working copy's
    target = article.working_copy_of if gone_live else article
    target.refresh_from_db()
    messages.success(request, saved + outcome(action.name, target))
    return target


def outcome(name, article):
    """Say what happened, in the reader's terms: scheduled is not public."""
    if name == "publish" and article.is_scheduled:
        when = timezone.localtime(article.publish_at)
        return f"Scheduled for {when:%Y-%m-%d %H:%M}. Not public until then."
    if name == "publish":
        return "Published: the article is live."
    if name == "unschedule":
        return "The schedule is cancelled: the article is approved and not public."
    return f"{workflow.TRANSITIONS[name].label}: done."


def _resolve(request, article, note_pk, saved):
    note = article.notes.internal().filter(pk=note_pk).first()
    if note is None:
        messages.error(request, saved + "That review note is not on this article.")
    elif not permissions.can_resolve_note(request.user, note):
        messages.error(request, "Only editors and the note's author can mark it resolved.")
    elif note.resolved_at is None:
        note.resolved_at, note.resolved_by = timezone.now(), request.user
        note.save(update_fields=["resolved_at", "resolved_by"])
        messages.success(request, saved + "Note marked resolved.")
    return article


def _refused(request, article, action, message):
    if action.comment or action.form.data.get("comment", "").strip():
        keep_comment(request, article, action.form.data.get("comment", ""))
        message += " Your comment is still in the comment field."
    messages.error(request, message)
    return article


def _aware(value):
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


# A refused action's comment waits in the session for the article's next page, so the text the
# person typed is never lost to a redirect.
def _comment_key(article):
    return f"articles.workflow-comment.{article.pk}"


def keep_comment(request, article, text):
    request.session[_comment_key(article)] = text[:5000]


def kept_comment(request, article):
    return request.session.pop(_comment_key(article), "")
