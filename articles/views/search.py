from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from prospect.caching import public_page
from prospect.pages import page_meta

from .. import search as full_text
from ..models import Article
from ..search import clean_query, excerpt, in_order, is_capped, ranked_ids

RESULTS_PER_PAGE = 20


@public_page(params=("q", "page"))
def search_view(request):
    query = clean_query(request.GET.get("q", ""))
    page = Paginator(ranked_ids(query), RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    # The excerpt reads body_text; the stored HTML and the Chinese pairs are only weight here.
    shown = Article.objects.live().select_related("series").defer("body", "search_bigrams")
    results = in_order(shown, page.object_list)
    for article in results:
        article.excerpt = excerpt(article, query)
    title = _("Search: %(query)s") % {"query": query} if query else _("Search")
    context = {
        "query": query,
        "page_obj": page,
        "results": results,
        "is_paginated": page.has_other_pages(),
        "capped": is_capped(page.paginator.count),
        "ranked": full_text.RANKED,
        "page_query": urlencode({"q": query}),
        **page_meta(request, title, keep=("q", "page")),
        "noindex": True,
    }
    return render(request, "articles/search.html", context)
