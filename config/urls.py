"""Top-level URL map: pages per app, the API under /api/, probes, admin."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import views as account_views
from config import health
from config.api_router import urlpatterns as api_urlpatterns

# Outside the views, /api/ answers 404 and 500 in the API's one error shape too.
handler404 = "config.api.page_not_found"
handler500 = "config.api.server_error"

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("", include("leadership.urls")),
    path("talent/", include("talent.urls")),
    path("careers/", include("careers.urls")),
    path("regulation/", include("regulation.urls")),
    path("reports/", include("reports.urls")),
    path("api/", include(api_urlpatterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        # The split view serves its init script from ?script: no inline script (CSP).
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
