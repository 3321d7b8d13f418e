from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.sitemaps import SITEMAPS
from articles.views.preview import shared_preview
from articles.views.search import search_view
from prospect.caching import public_page

from . import views

admin.site.site_header = "Prospect"
admin.site.site_title = "Prospect admin"
admin.site.index_title = "Editorial desk"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml", public_page(sitemap, params=("p",)), {"sitemaps": SITEMAPS}, name="sitemap"
    ),
    path("preview/<str:token>/", shared_preview, name="preview"),
]

# Public pages: English unprefixed, Chinese under /zh-hant/.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("search/", search_view, name="search"),
    path("", include("articles.urls")),
    path("", include("articles.feed_urls")),
    path("authors/", include("authors.urls")),
    prefix_default_language=False,
)

urlpatterns += [path("media/<path:path>", views.media, name="media")]
