from django.urls import path

from oversight.search import views

urlpatterns = [
    path("", views.search_page, name="search"),
]
