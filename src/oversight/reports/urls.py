from django.urls import path

from oversight.reports import views

urlpatterns = [
    path("export/", views.export, name="report-export"),
]
