from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("deadlines/", views.deadline_list, name="deadline_list"),
    path("deadlines/calculator/", views.calculator, name="calculator"),
    path("deadlines/calendar/", views.calendar_settings, name="calendar_settings"),
    path("deadlines/calendar/reset/", views.calendar_reset, name="calendar_reset"),
    path("deadlines/calendar/<str:token>/", views.calendar_feed, name="calendar_feed"),
    path("deadlines/<int:pk>/done/", views.deadline_done, name="deadline_done"),
    path("deadlines/<int:pk>/undone/", views.deadline_undone, name="deadline_undone"),
    # Client-file pages; the claim and legal-aid tabs themselves are clients:claim and
    # clients:legal_aid (clients/urls.py), served by cases.views.
    path("clients/<str:ref>/claim/new/", views.claim_create, name="claim_create"),
    path("clients/<str:ref>/claim/<int:pk>/edit/", views.claim_edit, name="claim_edit"),
    path("clients/<str:ref>/claim/<int:pk>/events/new/", views.event_add, name="event_add"),
    path("clients/<str:ref>/claim/events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path(
        "clients/<str:ref>/claim/events/<int:pk>/remove/",
        views.event_remove,
        name="event_remove",
    ),
    path("clients/<str:ref>/deadlines/new/", views.deadline_add, name="deadline_add"),
    path("clients/<str:ref>/legal-aid/new/", views.legal_aid_edit, name="legal_aid_add"),
    path(
        "clients/<str:ref>/legal-aid/<int:pk>/edit/",
        views.legal_aid_edit,
        name="legal_aid_edit",
    ),
    path("clients/<str:ref>/reporting/new/", views.reporting_edit, name="reporting_add"),
    path(
        "clients/<str:ref>/reporting/<int:pk>/edit/",
        views.reporting_edit,
        name="reporting_edit",
    ),
]
