from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import registry, views

registry.autodiscover()

admin.site.site_header = _("Thi đua Portal administration")
admin.site.site_title = _("Thi đua Portal")

handler500 = "thiduaportal.errors.server_error"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/ready", views.healthz_ready, name="healthz-ready"),
    path("accounts/", include("accounts.urls")),
    path("notifications/", include("notifications.urls")),
    path("councils/", include("councils.urls")),
    path("ideas/", include("ideas.urls")),
    path("proposals/", include("proposals.urls")),
    path("pilots/", include("pilots.urls")),
    path("library/", include("library.urls")),
    path("awards/", include("awards.urls")),
    path("records/", include("records.urls")),
    path("stats/", include("stats.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# The load benchmark's bare view (bench/load.py); never routed unless the benchmark asks for it.
if settings.BENCH_BARE_VIEW:
    urlpatterns.append(path("bench/bare/", views.bench_bare, name="bench-bare"))
