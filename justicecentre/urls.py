from auditlog.models import LogEntry
from django.contrib import admin
from django.urls import include, path

from clients import trash as client_trash
from clients import views as client_views

from . import views

# The audit trail is read in the app by those entitled to it (supervisors), never edited
# or deleted: the library's own admin page, which would let an admin read client data
# in the recorded changes and delete entries, is removed.
admin.site.unregister(LogEntry)
admin.site.site_header = "Justice Centre casework: administration"
admin.site.site_title = "Justice Centre casework"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("health/", views.health, name="health"),
    path("accounts/", include("accounts.urls")),
    path("clients/", include("clients.urls")),
    path("referrals/", include("referrals.urls")),
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
