from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("clients/", views.client_list, name="client_list"),
    path("deadlines/", views.deadline_list, name="deadline_list"),
    path("closures/", views.closure_list, name="closure_list"),
    path("closures/<int:pk>/", views.closure_decide, name="closure_decide"),
    path("staff/<int:pk>/notes/", views.worker_notes, name="worker_notes"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("clients/<str:ref>/reassign/", views.client_reassign, name="client_reassign"),
    path("clients/<str:ref>/assign/", views.intake_assign, name="intake_assign"),
    path("clients/<str:ref>/closure/", views.client_closure, name="client_closure"),
    path("clients/<str:ref>/reopen/", views.client_reopen, name="client_reopen"),
    path("clients/<str:ref>/notes/", views.client_notes, name="client_notes"),
]
