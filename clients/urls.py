from django.urls import path

from cases import views as cases_views
from cases.psychosocial import views as psychosocial_views
from referrals import views as referrals_views

from . import grants, trash, views

app_name = "clients"

urlpatterns = [
    path("", views.client_list, name="list"),
    path("new/", views.client_duplicate_check, name="duplicate_check"),
    path("new/details/", views.client_intake, name="intake"),
    path("break-glass/", grants.break_glass, name="break_glass"),
    path("<str:ref>/", views.client_detail, name="detail"),
    path("<str:ref>/edit/", views.client_edit, name="edit"),
    path("<str:ref>/access/", grants.client_access, name="access"),
    path("<str:ref>/data-export/", grants.client_data_export, name="data_export"),
    path(
        "<str:ref>/data-export.json",
        grants.client_data_export,
        {"fmt": "json"},
        name="data_export_json",
    ),
    path("<str:ref>/access/<int:pk>/revoke/", grants.grant_revoke, name="grant_revoke"),
    path("<str:ref>/assignments/", views.client_assignments, name="assignments"),
    path("<str:ref>/assignments/<int:pk>/end/", views.assignment_end, name="assignment_end"),
    path("<str:ref>/aliases/new/", views.alias_add, name="alias_add"),
    path("<str:ref>/aliases/<int:pk>/delete/", views.alias_delete, name="alias_delete"),
    path("<str:ref>/household/new/", views.dependant_edit, name="dependant_add"),
    path("<str:ref>/household/<int:pk>/edit/", views.dependant_edit, name="dependant_edit"),
    path("<str:ref>/household/<int:pk>/delete/", views.dependant_delete, name="dependant_delete"),
    path("<str:ref>/consents/new/", views.consent_create, name="consent_add"),
    path("<str:ref>/notes/", views.client_notes, name="notes"),
    path("<str:ref>/notes/<int:pk>/delete/", trash.note_delete, name="note_delete"),
    path("<str:ref>/documents/<int:pk>/delete/", trash.document_delete, name="document_delete"),
    path("<str:ref>/deleted/", trash.client_deleted, name="deleted"),
    path(
        "<str:ref>/deleted/<str:kind>/<int:pk>/restore/",
        trash.record_restore,
        name="record_restore",
    ),
    path("<str:ref>/notes/<int:pk>/edit/", views.note_edit, name="note_edit"),
    path("<str:ref>/documents/", views.client_documents, name="documents"),
    path("<str:ref>/documents/<int:pk>/", views.document_download, name="document_download"),
    path("<str:ref>/claim/", cases_views.claim_tab, name="claim"),
    path("<str:ref>/legal-aid/", cases_views.legal_aid_tab, name="legal_aid"),
    path("<str:ref>/psychosocial/", psychosocial_views.psychosocial_tab, name="psychosocial"),
    path("<str:ref>/referrals/", referrals_views.client_referrals, name="referrals"),
    path("<str:ref>/history/", views.client_history, name="history"),
]
