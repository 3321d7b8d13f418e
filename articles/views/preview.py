"""Previews: the public template for a revision that is not (yet) public.

Never cached, never indexed. A bad, revoked or expired token is indistinguishable from a page
that does not exist.
"""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from ..models import PreviewLink
from ..rendering import revision_page_context


def render_preview(request, revision, *, shared_link=None):
    context = revision_page_context(revision)
    context.update(
        preview=True,
        revision=revision,
        shared_link=shared_link,
        noindex=True,
        page_title=f"Preview: {context['article'].title}",
    )
    response = render(request, "articles/article_detail.html", context)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def shared_preview(request, token):
    link = PreviewLink.from_token(token)
    if link is None:
        raise Http404("No such page.")
    response = render_preview(request, link.revision, shared_link=link)
    response["Cache-Control"] = "private, no-store"
    return response
