from django.contrib.auth import views as auth_views
from django.urls import path

from oversight.web import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("units/", views.UnitListView.as_view(), name="unit-list"),
    path("units/<slug:code>/", views.unit_detail, name="unit-detail"),
]
