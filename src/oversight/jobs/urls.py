from django.urls import path

from oversight.jobs import views

urlpatterns = [
    path("", views.job_list, name="job-list"),
    path("report/", views.job_report, name="job-report"),
    path("start/<slug:name>/", views.job_start, name="job-start"),
    path("<int:pk>/", views.job_detail, name="job-detail"),
    path("<int:pk>/cancel/", views.job_cancel, name="job-cancel"),
    path("<int:pk>/download/", views.job_download, name="job-download"),
]
