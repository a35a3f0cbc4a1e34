from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from portal.site import views as site_views
from portal.site.sitemaps import SITEMAPS

urlpatterns = [
    path("api/v1/", include("portal.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, so the Content-Security-Policy holds.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("i18n/set-language/", site_views.set_language, name="set_language"),
    path("healthz", site_views.healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", site_views.robots_txt, name="robots"),
    path("favicon.ico", RedirectView.as_view(url=settings.STATIC_URL + "img/favicon.svg", permanent=True)),
]

urlpatterns += i18n_patterns(
    path("", include("portal.site.urls")),
    path("accounts/", include("portal.accounts.urls")),
    path("notifications/", include("portal.notifications.urls")),
    path("practices/", include("practices.urls")),
    path("reviews/", include("reviews.urls")),
    path("grants/", include("grants.urls")),
    # One way in for everyone, staff included: the portal's login asks for the second factor, the admin's would not.
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("campaigns/", include("campaigns.urls")),
    path("resources/", include("resources.urls")),
    path("", include("network.urls")),
    path("admin/", admin.site.urls),
)

handler404 = "portal.site.views.page_not_found"
handler500 = "portal.site.views.server_error"
