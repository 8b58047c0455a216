from django.urls import path

from oversight.workcalendar import views

urlpatterns = [
    path("", views.calendar_page, name="calendar"),
    path("<str:day>/delete/", views.calendar_delete, name="calendar-delete"),
]
