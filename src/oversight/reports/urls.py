from django.urls import path

from oversight.reports import dashboard, views

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="report-dashboard"),
    path("records/", dashboard.records, name="report-records"),
    path("export/", views.export, name="report-export"),
]
