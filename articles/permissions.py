"""Who may see and change which article — the one place these rules live.

Model-level permissions come from the roles (articles/roles.py); this module adds what depends on
the article itself: its state and who it belongs to. The admin, the preview views and the workflow
all ask here. Transitions (submit, approve …) are checked by articles/workflow/, which uses
these same functions for the object-level part.
"""

from django.db.models import Q
from django.utils import timezone

from .models import Article, Status

# Contributors edit their own pieces only while the pen is theirs.
EDITABLE_BY_OWNER = frozenset({Status.DRAFT, Status.CHANGES_REQUESTED})
# Editors edit anything not yet public. Public articles change through a working copy.
EDITABLE_BY_EDITOR = frozenset(
    {Status.DRAFT, Status.IN_REVIEW, Status.CHANGES_REQUESTED, Status.APPROVED}
)


def is_staff_member(user):
    return user.is_authenticated and user.is_active and user.is_staff


def is_editor(user):
    """Editors and managing editors: they see every article and review them."""
    return is_staff_member(user) and user.has_perm("articles.review_article")


def owns(user, article):
    """The contributor's own piece: they created it, or it is a working copy of one they did."""
    if not user.is_authenticated:
        return False
    if article.created_by_id == user.pk or article.submitted_by_id == user.pk:
        return True
    original = article.working_copy_of
    return original is not None and original.created_by_id == user.pk


def can_add_guest_author(user):
    """Contributors and editors may add a new outside writer to a byline (as an unlisted guest
    author for bio staff to review); changing existing author records stays with bio staff."""
    return is_staff_member(user) and (user.has_perm("articles.add_article") or is_editor(user))


def visible_articles(user, queryset=None):
    queryset = Article.objects.all() if queryset is None else queryset
    if not is_staff_member(user) or not user.has_perm("articles.view_article"):
        return queryset.none()
    if is_editor(user) or user.has_perm("articles.publish_article"):
        return queryset
    return queryset.filter(
        Q(created_by=user) | Q(submitted_by=user) | Q(working_copy_of__created_by=user)
    )


def can_view(user, article):
    return visible_articles(user, Article.objects.filter(pk=article.pk)).exists()


def can_edit(user, article):
    if not is_staff_member(user) or not user.has_perm("articles.change_article"):
        return False
    if is_editor(user):
        return article.status in EDITABLE_BY_EDITOR
    return article.status in EDITABLE_BY_OWNER and owns(user, article)


def can_delete(user, article):
    """Only what never went public: drafts by managing editors, or an owner's working copy."""
    if article.first_published_at is not None or article.status not in EDITABLE_BY_EDITOR:
        return False
    if article.is_working_copy:
        return can_edit(user, article)
    return user.has_perm("articles.delete_article") and can_view(user, article)


def can_comment(user, article):
    """Everyone who can see an article can take part in its review thread."""
    return can_view(user, article)


def can_change_note(user, note):
    """A review comment is a record once posted: nobody rewrites or deletes it (a correction is
    a new comment). A public note changes with its article, as an edit of it."""
    return note.is_public and is_editor(user) and can_edit(user, note.article)


def can_resolve_note(user, note):
    return is_editor(user) or (note.author_id == user.pk and can_view(user, note.article))


def can_start_working_copy(user, article):
    """Only a live article changes through a working copy; a scheduled one is not public yet
    (cancel its schedule to change it)."""
    return (
        article.status == Status.PUBLISHED
        and article.is_live()
        and not article.is_working_copy
        and user.has_perm("articles.change_article")
        and (is_editor(user) or owns(user, article))
    )


def can_restore(user, article):
    """Restoring writes an old revision as the new draft (or as a live article's working copy)."""
    if article.status in (Status.PUBLISHED, Status.WITHDRAWN):
        return can_start_working_copy(user, article) and article.status == Status.PUBLISHED
    return can_edit(user, article)


def can_share_preview(user, article):
    return is_editor(user) and can_view(user, article)


def can_change_picture(user, picture):
    """Who may change a library picture, given where readers see it.

    A picture shown by an approved or scheduled article (or a working copy awaiting publication)
    is part of what was approved: only a managing editor may change it, and doing so voids those
    approvals (articles/workflow/edits.py). One on a live article or a listed author's portrait is
    on a public page already: managing editors and the bio staff who keep the library may.
    """
    if not user.has_perm("images.change_imagecredit"):
        return False
    if picture.pk is None or user.has_perm("articles.publish_article"):
        return True
    approved = Q(status=Status.APPROVED) | Q(status=Status.PUBLISHED, publish_at__gt=timezone.now())
    if picture.lead_of.filter(approved).exists():
        return False
    if user.has_perm("authors.change_author"):
        return True
    return not (picture.lead_of.live().exists() or picture.portrait_of.listed().exists())
