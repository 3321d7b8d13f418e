from django.urls import path

import prospect.converters  # noqa: F401  (registers <uslug:…>)

from .views import public

app_name = "articles"

urlpatterns = [
    path("articles/", public.ArchiveView.as_view(), name="list"),
    path("articles/<uslug:slug>/", public.article_detail, name="detail"),
    path("articles/<uslug:slug>/cite.<str:fmt>", public.article_citation, name="cite"),
    path("articles/<uslug:slug>/<uslug:filename>.pdf", public.article_pdf, name="pdf"),
    path("series/<uslug:slug>/", public.SeriesView.as_view(), name="series"),
    path("topics/<uslug:slug>/", public.TopicView.as_view(), name="topic"),
]
