from django.urls import path

from oversight.accounts import views

urlpatterns = [
    path("2fa/setup/", views.setup, name="2fa-setup"),
    path("2fa/verify/", views.verify, name="2fa-verify"),
]
