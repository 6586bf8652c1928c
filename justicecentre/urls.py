from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "Justice Centre casework: administration"
admin.site.site_title = "Justice Centre casework"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("health/", views.health, name="health"),
    path("accounts/", include("accounts.urls")),
    path("clients/", include("clients.urls")),
    path("admin/", admin.site.urls),
]
