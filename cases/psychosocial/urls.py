from django.urls import path

from . import views

# Included in cases/urls.py: names are cases:session_add and so on. The tab itself is
# clients:psychosocial (clients/urls.py), served by views.psychosocial_tab.
urlpatterns = [
    path("clients/<str:ref>/psychosocial/sessions/new/", views.session_add, name="session_add"),
    path(
        "clients/<str:ref>/psychosocial/measures/<slug:instrument>/new/",
        views.assessment_add,
        name="assessment_add",
    ),
    path("clients/<str:ref>/psychosocial/risk/new/", views.risk_add, name="risk_add"),
    path(
        "clients/<str:ref>/psychosocial/summary/",
        views.summary,
        name="psychosocial_summary",
    ),
]
