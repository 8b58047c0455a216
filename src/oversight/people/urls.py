from django.urls import path

from oversight.people import views

urlpatterns = [
    path("", views.PersonListView.as_view(), name="person-list"),
    path("<int:pk>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("<int:pk>/dossier/", views.DossierView.as_view(), name="person-dossier"),
    path("<int:pk>/dossier.pdf", views.dossier_pdf, name="person-dossier-pdf"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path("organisations/<int:pk>/", views.OrganisationDetailView.as_view(),
         name="organisation-detail"),
    path("review/", views.ReviewListView.as_view(), name="link-review-list"),
    path("review/<int:pk>/", views.ReviewDetailView.as_view(), name="link-review-detail"),
    path("review/<int:pk>/decide/", views.review_decide, name="link-review-decide"),
    path("runs/", views.run_list, name="link-run-list"),
    path("runs/start/", views.run_start, name="link-run-start"),
    path("runs/<int:pk>/progress/", views.run_progress, name="link-run-progress"),
]

appraisal_urlpatterns = [
    path("", views.AppraisalListView.as_view(), name="appraisal-list"),
    path("new/", views.appraisal_create, name="appraisal-create"),
    path("<int:pk>/", views.AppraisalDetailView.as_view(), name="appraisal-detail"),
    path("<int:pk>/opinion/", views.appraisal_opinion, name="appraisal-opinion"),
]
