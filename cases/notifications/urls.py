from django.urls import path

from . import views

# Included in cases/urls.py, so the names are cases:notification_list and so on.
urlpatterns = [
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
]
