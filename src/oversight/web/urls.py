from django.contrib.auth import views as auth_views
from django.urls import path

from oversight.accounts.views import LoginView
from oversight.web import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("my/", views.my_work, name="my-work"),
    path("my/reassign/", views.my_work_reassign, name="my-work-reassign"),
    path("assign/<slug:kind>/<int:pk>/", views.record_assign, name="record-assign"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("units/", views.UnitListView.as_view(), name="unit-list"),
    path("units/<slug:code>/", views.unit_detail, name="unit-detail"),
    path("saved-filters/", views.saved_filter_create, name="saved-filter-create"),
    path("saved-filters/<int:pk>/delete/", views.saved_filter_delete, name="saved-filter-delete"),
]
