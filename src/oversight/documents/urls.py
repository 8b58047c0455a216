from django.urls import path

from oversight.documents import views

urlpatterns = [
    path("", views.DocumentListView.as_view(), name="document-list"),
    path("register.xlsx", views.register_xlsx, name="document-register-xlsx"),
    path("<int:pk>/", views.DocumentDetailView.as_view(), name="document-detail"),
    path("<int:pk>/download/", views.download, name="document-download"),
    path("<int:pk>/cancel/", views.cancel, name="document-cancel"),
    path("issue/<slug:record_type>/<int:pk>/", views.issue, name="document-issue"),
]
