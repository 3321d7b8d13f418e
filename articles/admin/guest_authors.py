"""Guest authors added from the byline picker: a first-time outside writer's piece can reach
review without waiting for bio staff, who then find the record flagged in the author list."""

from django.contrib.admin.views.decorators import staff_member_required
from django.forms import Media, Script
from django.http import JsonResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from authors.models import Author, duplicate_twins

from .. import permissions

MAX_NAME = 200


class GuestAuthorMixin:
    def get_urls(self):
        return [
            path("guest-author/", self.admin_site.admin_view(add_guest_author),
                 name="articles_article_guest_author"),
            *super().get_urls(),
        ]  # fmt: skip

    @property
    def media(self):
        script = Script(
            "admin/js/guest-author.js",
            **{"data-url": reverse("admin:articles_article_guest_author")},
        )
        return super().media + Media(
            js=["admin/js/vendor/select2/select2.full.js", "admin/js/autocomplete.js", script]
        )


@require_POST
@staff_member_required
def add_guest_author(request):
    if not permissions.can_add_guest_author(request.user):
        return JsonResponse({"error": "You may not add authors."}, status=403)
    name = " ".join(request.POST.get("name", "").split())
    if not name or len(name) > MAX_NAME:
        return JsonResponse(
            {"error": f"Give the author's name (at most {MAX_NAME} characters)."}, status=400
        )
    author = Author.objects.find(name).first()
    created = author is None
    if created:
        author = Author.objects.create_guest(name)
    if not created:
        message = f"{author.display_name} already exists and was chosen."
    else:
        message = f"{author.display_name} was added as a guest author; bio staff will review it."
        twins = duplicate_twins().get(author.pk)
        if twins:
            names = ", ".join(sorted(Author.objects.filter(pk__in=twins).values_list(
                "display_name", flat=True)))  # fmt: skip
            message += f" Possibly the same person as {names}: bio staff will check."
    return JsonResponse(
        {"id": author.pk, "text": str(author), "created": created, "message": message},
        status=201 if created else 200,
    )
