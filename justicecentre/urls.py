from auditlog.models import LogEntry
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from clients import trash as client_trash
from clients import views as client_views

from . import benchmark, views

# The audit trail is read in the app by those entitled to it (supervisors), never edited
# or deleted: the library's own admin page, which would let an admin read client data
# in the recorded changes and delete entries, is removed.
if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)
admin.site.site_header = "Justice Centre casework: administration"
admin.site.site_title = "Justice Centre casework"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("health/", views.health, name="health"),
    path("accounts/", include("accounts.urls")),
    # Django's own language switch (what django.conf.urls.i18n would add), opened to
    # visitors who are not signed in so the sign-in page can offer it.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("clients/", include("clients.urls")),
    path("referrals/", include("referrals.urls")),
    path("supervision/", include("supervision.urls")),
    path("reports/", include("supervision.report_urls")),
    path("", include("cases.urls")),
    path("staff/<int:pk>/activity/", client_views.staff_activity, name="staff_activity"),
    path("deleted-records/", client_trash.deleted_records, name="deleted_records"),
    path(
        "deleted-records/<str:kind>/<int:pk>/purge/",
        client_trash.deleted_record_purge,
        name="deleted_record_purge",
    ),
    path("admin/", admin.site.urls),
]

# Only for `make bench`: off by default, so it is no page of a real deployment.
if settings.BENCHMARK_BASELINE:
    urlpatterns.append(path("benchmark/baseline/", benchmark.baseline, name="benchmark_baseline"))
