"""Topics (taggit's Tag) in the admin: each role sees the topics it may know about.

A topic's name can say more than its articles do ("Merger with X"), so the list is held to the same
rule as the articles themselves: editors see every topic; others see the public ones and those of
articles they may open, and bio staff those of authors' expertise too. taggit's own merge page
checks no permission and works on its generic tagged items, which Prospect does not use: it is
not offered.
"""

from django.contrib import admin
from django.db.models import Q
from taggit.admin import TagAdmin
from taggit.models import Tag

from authors.models import AuthorExpertise

from .. import permissions
from ..models import TaggedArticle, public_topics


def visible_topics(user, queryset=None):
    queryset = Tag.objects.all() if queryset is None else queryset
    if permissions.is_editor(user) or user.has_perm("articles.publish_article"):
        return queryset
    on_articles = TaggedArticle.objects.filter(
        content_object__in=permissions.visible_articles(user)
    ).values("tag")
    seen = Q(pk__in=public_topics().values("pk")) | Q(pk__in=on_articles)
    if user.has_perm("authors.view_author"):
        seen |= Q(pk__in=AuthorExpertise.objects.values("tag"))
    return queryset.filter(seen)


admin.site.unregister(Tag)


@admin.register(Tag)
class TopicAdmin(TagAdmin):
    inlines = []
    actions = []

    def get_urls(self):
        return admin.ModelAdmin.get_urls(self)  # without the unchecked merge page

    def get_queryset(self, request):
        return visible_topics(request.user, super().get_queryset(request))
