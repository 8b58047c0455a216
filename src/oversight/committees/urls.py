from django.urls import path

from oversight.committees import views

meeting_urlpatterns = [
    path("", views.MeetingListView.as_view(), name="meeting-list"),
    path("new/", views.meeting_create, name="meeting-create"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("<int:pk>/agenda/", views.meeting_agenda, name="meeting-agenda"),
    path("<int:pk>/conclusions/", views.meeting_conclusion, name="meeting-conclusion"),
    path("<int:pk>/minutes.docx", views.meeting_minutes, name="meeting-minutes"),
    path("conclusions/<int:pk>/directions/", views.conclusion_direction,
         name="conclusion-direction"),
]

inspection_urlpatterns = [
    path("", views.InspectionListView.as_view(), name="inspection-list"),
    path("new/", views.inspection_create, name="inspection-create"),
    path("<int:pk>/", views.InspectionDetailView.as_view(), name="inspection-detail"),
    path("<int:pk>/edit/", views.inspection_edit, name="inspection-edit"),
    path("<int:pk>/findings/", views.inspection_finding, name="inspection-finding"),
    path("<int:pk>/recommendations/", views.inspection_recommendation,
         name="inspection-recommendation"),
    path("findings/<int:pk>/open-matter/", views.finding_open_matter,
         name="finding-open-matter"),
    path("findings/<int:pk>/open-petition/", views.finding_open_petition,
         name="finding-open-petition"),
    path("recommendations/<int:pk>/follow-up/", views.recommendation_follow_up,
         name="recommendation-follow-up"),
]

emulation_urlpatterns = [
    path("", views.TargetListView.as_view(), name="target-list"),
    path("new/", views.target_create, name="target-create"),
    path("ranking/", views.emulation_ranking, name="emulation-ranking"),
    path("ranking.xlsx", views.emulation_xlsx, name="emulation-xlsx"),
]

document_urlpatterns = [
    path("", views.DocumentListView.as_view(), name="committee-document-list"),
    path("new/", views.document_create, name="committee-document-create"),
    path("<int:pk>/", views.document_edit, name="committee-document-edit"),
]

project_urlpatterns = [
    path("", views.ProjectListView.as_view(), name="project-list"),
    path("new/", views.project_create, name="project-create"),
    path("<int:pk>/", views.project_edit, name="project-edit"),
]
