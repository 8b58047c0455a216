from django.urls import path

from oversight.intake import views

urlpatterns = [
    path("", views.DeskView.as_view(), name="intake-desk"),
    path("scans/", views.upload_scans, name="intake-upload-scans"),
    path("messages/", views.upload_message, name="intake-upload-message"),
    path("<int:pk>/", views.draft_detail, name="intake-draft"),
    path("<int:pk>/register/", views.draft_register, name="intake-draft-register"),
    path("<int:pk>/discard/", views.draft_discard, name="intake-draft-discard"),
    path("<int:pk>/reread/", views.draft_reread, name="intake-draft-reread"),
]
