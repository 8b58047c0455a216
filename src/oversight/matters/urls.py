from django.urls import path

from oversight.matters import views

urlpatterns = [
    path("", views.MatterListView.as_view(), name="matter-list"),
    path("new/", views.matter_create, name="matter-create"),
    path("<int:pk>/", views.MatterDetailView.as_view(), name="matter-detail"),
    path("<int:pk>/edit/", views.matter_edit, name="matter-edit"),
    path("<int:pk>/move/", views.matter_move, name="matter-move"),
    path("<int:pk>/complete/", views.matter_complete, name="matter-complete"),
    path("<int:pk>/defendants/new/", views.defendant_create, name="defendant-create"),
]

direction_urlpatterns = [
    path("", views.DirectionListView.as_view(), name="direction-list"),
    path("new/", views.direction_create, name="direction-create"),
    path("<int:pk>/", views.DirectionDetailView.as_view(), name="direction-detail"),
    path("<int:pk>/urge/", views.direction_urge, name="direction-urge"),
    path("<int:pk>/answer/", views.direction_answer, name="direction-answer"),
    path("<int:pk>/reply/", views.direction_reply, name="direction-reply"),
    path("<int:pk>/request-extension/", views.direction_request_extension,
         name="direction-request-extension"),
    path("<int:pk>/decide-extension/", views.direction_decide_extension,
         name="direction-decide-extension"),
]
