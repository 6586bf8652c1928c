from django.urls import path

from . import evidence_views, views
from .notifications import urls as notification_urls
from .psychosocial import urls as psychosocial_urls

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
    path(
        "clients/<str:ref>/claim/<int:pk>/evidence/",
        evidence_views.evidence_list,
        name="evidence_list",
    ),
    path(
        "clients/<str:ref>/claim/<int:pk>/evidence/new/",
        evidence_views.evidence_add,
        name="evidence_add",
    ),
    path(
        "clients/<str:ref>/claim/<int:pk>/evidence/bundle.pdf",
        evidence_views.evidence_bundle,
        name="evidence_bundle",
    ),
    path(
        "clients/<str:ref>/claim/evidence/<int:pk>/edit/",
        evidence_views.evidence_edit,
        name="evidence_edit",
    ),
    path(
        "clients/<str:ref>/claim/evidence/<int:pk>/move/",
        evidence_views.evidence_move,
        name="evidence_move",
    ),
    path(
        "clients/<str:ref>/claim/evidence/<int:pk>/remove/",
        evidence_views.evidence_remove,
        name="evidence_remove",
    ),
]
urlpatterns += psychosocial_urls.urlpatterns + notification_urls.urlpatterns
