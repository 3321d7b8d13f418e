from django.urls import path

import prospect.converters  # noqa: F401  (registers <uslug:…>)

from . import views

app_name = "authors"

urlpatterns = [
    path("", views.AuthorDirectoryView.as_view(), name="list"),
    path("<uslug:slug>/", views.AuthorDetailView.as_view(), name="detail"),
]
