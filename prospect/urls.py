from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.admin.calendar import calendar_view
from articles.admin.notification_preferences import notification_preferences_view
from articles.sitemaps import SITEMAPS
from articles.views.preview import shared_preview
from articles.views.search import search_view
from prospect.caching import public_page
from prospect.images.serving import media

from . import admin_shortcut, health, twofactor, views

admin.site.site_header = "Prospect"
admin.site.site_title = "Prospect admin"
admin.site.index_title = "Editorial desk"

urlpatterns = [
    # Before the admin's own: "View on site" respects object permissions (see admin_shortcut).
    path(
        "admin/r/<path:content_type_id>/<path:object_id>/",
        admin.site.admin_view(admin_shortcut.view_on_site),
    ),
    path("admin/2fa/", include(twofactor)),
    path("admin/calendar/", admin.site.admin_view(calendar_view), name="editorial_calendar"),
    path(
        "admin/notifications/",
        admin.site.admin_view(notification_preferences_view),
        name="notification_preferences",
    ),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml", public_page(sitemap, params=("p",)), {"sitemaps": SITEMAPS}, name="sitemap"
    ),
    path("preview/<str:token>/", shared_preview, name="preview"),
    path("", include("prospect.api.urls")),
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

urlpatterns += [path("media/<path:path>", media, name="media")]
