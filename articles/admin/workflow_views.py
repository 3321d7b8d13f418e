"""The admin's editorial views: workflow actions, review thread, history, compare, restore,
previews and preview links.

Every view fetches the article through ``get_object`` (the user's visible articles only, so
another contributor's article is simply not found) and asks articles/permissions.py or
articles/workflow/ before changing anything. Changes are POST-only.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from prospect.pages import absolute_url

from .. import permissions, presence, workflow
from ..diff import compare
from ..models import Article, ArticleRevision, PreviewLink, fingerprint, snapshot
from ..views.preview import render_preview
from .forms import PreviewLinkForm
from .panel import NOTE, RESOLVE, PanelAction, TransitionForm, carry_out, kept_comment


class WorkflowViewsMixin:
    def get_urls(self):
        view = self.admin_site.admin_view
        name = "articles_article"
        return [
            path("<int:pk>/workflow/<str:action>/", view(self.transition_view),
                 name=f"{name}_transition"),
            path("<int:pk>/working-copy/", view(self.working_copy_view),
                 name=f"{name}_working_copy"),
            path("<int:pk>/notes/", view(self.add_note_view), name=f"{name}_add_note"),
            path("<int:pk>/notes/<int:note_pk>/resolve/", view(self.resolve_note_view),
                 name=f"{name}_resolve_note"),
            path("<int:pk>/revisions/", view(self.revisions_view), name=f"{name}_revisions"),
            path("<int:pk>/revisions/compare/", view(self.compare_view), name=f"{name}_compare"),
            path("<int:pk>/revisions/<int:revision_pk>/preview/", view(self.preview_view),
                 name=f"{name}_preview"),
            path("<int:pk>/revisions/<int:revision_pk>/restore/", view(self.restore_view),
                 name=f"{name}_restore"),
            path("<int:pk>/preview-links/", view(self.create_preview_link_view),
                 name=f"{name}_create_preview_link"),
            path("<int:pk>/preview-links/<int:link_pk>/revoke/",
                 view(self.revoke_preview_link_view), name=f"{name}_revoke_preview_link"),
            path("<int:pk>/presence/", view(self.presence_view), name=f"{name}_presence"),
            *super().get_urls(),
        ]  # fmt: skip

    # --- helpers --------------------------------------------------------------------------

    def _article(self, request, pk):
        article = self.get_object(request, str(pk))
        if article is None:
            # The same answer for "does not exist" and "not yours to see".
            raise Http404("No such article.")
        return article

    def _back(self, article):
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def _revision(self, article, revision_pk):
        return get_object_or_404(ArticleRevision, pk=revision_pk, article=article)

    def workflow_context(self, request, article):
        """What the workflow panel on the change form shows."""
        user = request.user
        revisions = article.revisions.select_related("created_by")
        latest = revisions.first()
        return {
            "workflow_article": article,
            "transitions": workflow.available(article, user),
            # Whoever may edit saves the form with every panel button (articles/admin/panel.py).
            "panel_saves_form": permissions.can_edit(user, article),
            "transition_form": self._transition_form(request, article),
            "problems": article.publication_problems(),
            "review_notes": self._review_notes(article, user),
            "events": article.events.select_related("actor")[:20],
            "latest_revision": latest,
            "revision_count": revisions.count(),
            "others_editing": presence.others(article, user),
            "can_comment": permissions.can_comment(user, article),
            "can_start_working_copy": permissions.can_start_working_copy(user, article),
            "working_copy": Article.objects.filter(working_copy_of=article).first(),
            "can_share_preview": permissions.can_share_preview(user, article),
            "preview_links": self._preview_links(article),
            "preview_link_form": PreviewLinkForm(),
            "is_editor": permissions.is_editor(user),
        }

    @staticmethod
    def _transition_form(request, article):
        """The panel's fields as the person left them: what they posted when the page comes back
        after a refused save, the comment of a refused action after a redirect."""
        if request.method == "POST" and "_workflow" in request.POST:
            return TransitionForm(request.POST)
        return TransitionForm(initial={"comment": kept_comment(request, article)})

    @staticmethod
    def _preview_links(article):
        links = list(
            article.preview_links.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())
        )
        for link in links:
            link.address = absolute_url(link.shared_path())
        return links

    @staticmethod
    def _review_notes(article, user):
        notes = list(article.notes.internal().select_related("author", "resolved_by"))
        for note in notes:
            note.can_resolve = permissions.can_resolve_note(user, note)
        return notes

    # --- workflow -------------------------------------------------------------------------

    @method_decorator(require_POST)
    def transition_view(self, request, pk, action):
        """A panel button of a read-only form (an editable one saves the form first: see
        ArticleAdmin.response_change)."""
        article = self._article(request, pk)
        if action not in workflow.TRANSITIONS:
            raise Http404("No such action.")
        return self._act(request, article, action)

    def _act(self, request, article, name):
        action = PanelAction(name, TransitionForm(request.POST))
        return self._back(carry_out(request, article, action))

    @method_decorator(require_POST)
    def working_copy_view(self, request, pk):
        article = self._article(request, pk)
        try:
            copy = workflow.start_working_copy(article, by=request.user)
        except (workflow.InvalidTransition, PermissionDenied) as exc:
            messages.error(request, str(exc))
            return self._back(article)
        messages.info(
            request,
            "You are editing a working copy. The public keeps seeing the live version until "
            "these changes are approved and published.",
        )
        return self._back(copy)

    # --- review thread --------------------------------------------------------------------

    @method_decorator(require_POST)
    def add_note_view(self, request, pk):
        article = self._article(request, pk)
        if not permissions.can_comment(request.user, article):
            raise PermissionDenied
        return self._act(request, article, NOTE)

    @method_decorator(require_POST)
    def resolve_note_view(self, request, pk, note_pk):
        article = self._article(request, pk)
        get_object_or_404(article.notes.internal(), pk=note_pk)
        return self._act(request, article, f"{RESOLVE}{note_pk}")

    # --- history, compare, restore, preview -----------------------------------------------

    def revisions_view(self, request, pk):
        article = self._article(request, pk)
        revisions = list(article.revisions.select_related("created_by"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"History of “{article}”",
            "article": article,
            "revisions": revisions,
            "events": article.events.select_related("actor", "revision"),
            "can_restore": permissions.can_restore(request.user, article),
            "live_original": article.working_copy_of,
        }
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def compare_view(self, request, pk):
        """Compare two revisions (?a=&b=), or this working copy with the live article (?live=1)."""
        article = self._article(request, pk)
        if request.GET.get("live") and article.working_copy_of:
            before, after = snapshot(article.working_copy_of), snapshot(article)
            heading = "Live version → working copy"
        else:
            revisions = article.revisions.all()
            try:
                a = revisions.get(pk=int(request.GET.get("a", "")))
                b = (
                    revisions.get(pk=int(request.GET.get("b", "")))
                    if request.GET.get("b")
                    else None
                )
            except (ValueError, ArticleRevision.DoesNotExist):
                messages.error(request, "Choose two revisions of this article to compare.")
                return HttpResponseRedirect(
                    reverse("admin:articles_article_revisions", args=[article.pk])
                )
            if b and (b.created_at, b.pk) < (a.created_at, a.pk):
                a, b = b, a  # earlier first, whichever way round they were picked
            before = a.data
            after = b.data if b else snapshot(article)
            heading = f"Revision {a.pk} → " + (f"revision {b.pk}" if b else "current")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Changes to “{article}”",
            "heading": heading,
            "article": article,
            "changes": compare(before, after, working_copy=article.is_working_copy),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def preview_view(self, request, pk, revision_pk):
        article = self._article(request, pk)
        return render_preview(request, self._revision(article, revision_pk))

    @method_decorator(require_POST)
    def restore_view(self, request, pk, revision_pk):
        article = self._article(request, pk)
        revision = self._revision(article, revision_pk)
        try:
            draft = workflow.restore(article, revision, by=request.user)
        except (workflow.InvalidTransition, PermissionDenied) as exc:
            messages.error(request, str(exc))
            return self._back(article)
        messages.success(request, f"Revision {revision.pk} restored as the current draft.")
        return self._back(draft)

    # --- shareable preview links ----------------------------------------------------------

    @method_decorator(require_POST)
    def create_preview_link_view(self, request, pk):
        article = self._article(request, pk)
        if not permissions.can_share_preview(request.user, article):
            raise PermissionDenied
        form = PreviewLinkForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose how many days (1–30) the link should work.")
            return self._back(article)
        revision = self._revision_of_now(article, request.user)
        link = PreviewLink.objects.create(
            article=article,
            revision=revision,
            note=form.cleaned_data["note"],
            created_by=request.user,
            expires_at=timezone.now() + datetime.timedelta(days=form.cleaned_data["days"]),
        )
        messages.success(
            request,
            f"Preview link for revision {revision.pk}: {absolute_url(link.shared_path())}",
        )
        return self._back(article)

    @staticmethod
    def _revision_of_now(article, user):
        """The revision holding the article as it is now; a link pins what the sharer sees."""
        revision = article.revisions.first()
        if revision is None or revision.content_hash != fingerprint(snapshot(article)):
            revision = ArticleRevision.capture(article, by=user, message="Shared as a preview")
        return revision

    @method_decorator(require_POST)
    def revoke_preview_link_view(self, request, pk, link_pk):
        article = self._article(request, pk)
        if not permissions.can_share_preview(request.user, article):
            raise PermissionDenied
        link = get_object_or_404(PreviewLink, pk=link_pk, article=article)
        link.revoked_at = link.revoked_at or timezone.now()
        link.save(update_fields=["revoked_at"])
        messages.success(request, "The preview link no longer works.")
        return self._back(article)

    @method_decorator(require_POST)
    def presence_view(self, request, pk):
        """Heartbeat from the edit form's script: keeps “being edited by” current."""
        article = self._article(request, pk)
        if permissions.can_edit(request.user, article):
            presence.touch(article, request.user)
        return JsonResponse({"others": presence.others(article, request.user)})
