from django.urls import path

from . import report_views

app_name = "reports"

urlpatterns = [
    path("", report_views.report_page, name="index"),
    path("export.<str:fmt>", report_views.report_export, name="export"),
    path("anonymised.<str:fmt>", report_views.report_anonymised, name="anonymised"),
]
