from django.urls import path

from oversight.petitions import views

urlpatterns = [
    path("", views.PetitionListView.as_view(), name="petition-list"),
    path("new/", views.petition_create, name="petition-create"),
    path("duplicates/", views.petition_duplicates, name="petition-duplicates"),
    path("destruction/", views.destruction_list, name="petition-destruction"),
    path("suspended/", views.SuspendedListView.as_view(), name="petition-suspended"),
    path("bulk/", views.petition_bulk, name="petition-bulk"),
    path("notifications/", views.notification_list, name="notification-list"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification-open"),
    path("attachments/<int:pk>/", views.attachment_download, name="petition-attachment"),
    path("<int:pk>/", views.PetitionDetailView.as_view(), name="petition-detail"),
    path("<int:pk>/attachments/", views.attachment_upload, name="petition-attachment-upload"),
    path("<int:pk>/<slug:name>/", views.petition_action, name="petition-action"),
]

reception_urlpatterns = [
    path("", views.ReceptionListView.as_view(), name="reception-list"),
    path("new/", views.reception_create, name="reception-create"),
    path("<int:pk>/", views.ReceptionDetailView.as_view(), name="reception-detail"),
]

hotspot_urlpatterns = [
    path("", views.HotspotListView.as_view(), name="hotspot-list"),
    path("new/", views.hotspot_create, name="hotspot-create"),
    path("<int:pk>/", views.HotspotDetailView.as_view(), name="hotspot-detail"),
    path("<int:pk>/status/", views.hotspot_status, name="hotspot-status"),
]
