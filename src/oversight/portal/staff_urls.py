from django.urls import path

from oversight.portal import staff_views

urlpatterns = [
    path("", staff_views.HeldListView.as_view(), name="portal-held"),
    path("<int:pk>/<slug:decision>/", staff_views.review, name="portal-review"),
    path("messages/<int:pk>/", staff_views.post_message, name="portal-message"),
]
