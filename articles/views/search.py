from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from prospect.caching import public_page
from prospect.pages import page_meta

from ..search import clean_query, excerpt, search

RESULTS_PER_PAGE = 20


@public_page(params=("q", "page"))
def search_view(request):
    query = clean_query(request.GET.get("q", ""))
    results = search(query).select_related("series")
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    for article in page.object_list:
        article.excerpt = excerpt(article, query)
    title = _("Search: %(query)s") % {"query": query} if query else _("Search")
    context = {
        "query": query,
        "page_obj": page,
        "results": page.object_list,
        "is_paginated": page.has_other_pages(),
        "page_query": urlencode({"q": query}),
        **page_meta(request, title, keep=("q", "page")),
        "noindex": True,
    }
    return render(request, "articles/search.html", context)
