from django.urls import path

from .views import public

app_name = "articles"

urlpatterns = [
    path("articles/", public.ArchiveView.as_view(), name="list"),
    path("articles/<str:slug>/", public.article_detail, name="detail"),
    path("articles/<str:slug>/cite.<str:fmt>", public.article_citation, name="cite"),
    path("series/<str:slug>/", public.SeriesView.as_view(), name="series"),
    path("topics/<str:slug>/", public.TopicView.as_view(), name="topic"),
]
