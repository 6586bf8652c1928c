from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("", views.referral_list, name="list"),
    path("partners/", views.partner_list, name="partner_list"),
    path("partners/<int:pk>/", views.partner_detail, name="partner_detail"),
    path("interpreters/", views.interpreter_roster, name="interpreters"),
    path("inbound/new/", views.inbound_create, name="inbound_create"),
    path("<int:pk>/", views.referral_detail, name="detail"),
    path("<int:pk>/edit/", views.referral_edit, name="edit"),
    path("<int:pk>/status/<str:to>/", views.referral_transition, name="transition"),
    path("<int:pk>/letter/", views.referral_letter, name="letter"),
    path("<int:pk>/consent/", views.referral_consent, name="consent"),
    path("<int:pk>/link-client/", views.referral_link_client, name="link_client"),
    path("client/<str:ref>/new/", views.referral_create, name="create"),
    path("client/<str:ref>/screenings/new/", views.screening_create, name="screening_create"),
    path("client/<str:ref>/screenings/<int:pk>/", views.screening_detail, name="screening_detail"),
    path(
        "client/<str:ref>/screenings/<int:pk>/review/",
        views.screening_review,
        name="screening_review",
    ),
    path("client/<str:ref>/interpreters/", views.client_interpreters, name="client_interpreters"),
    path(
        "client/<str:ref>/interpreters/preference/",
        views.interpreter_preference,
        name="interpreter_preference",
    ),
    path("client/<str:ref>/interpreters/new/", views.booking_create, name="booking_create"),
]
