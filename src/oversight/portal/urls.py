from django.urls import path, re_path

from oversight.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:lang>/", views.home, name="home"),
    path("<str:lang>/privacy/", views.privacy, name="privacy"),
    path("<str:lang>/report/", views.report, name="report"),
    path("<str:lang>/follow/", views.follow, name="follow"),
    path("<str:lang>/case/", views.case, name="case"),
    path("<str:lang>/case/reply/", views.case_reply, name="case-reply"),
    path("<str:lang>/case/evidence/", views.case_evidence, name="case-evidence"),
    path("<str:lang>/case/proof/", views.case_proof, name="case-proof"),
    path("<str:lang>/case/leave/", views.case_leave, name="case-leave"),
    path("<str:lang>/verify/", views.verify, name="verify"),
    re_path(r"^(?P<rest>.*)$", views.not_found),  # unnamed: the portal's own 404
]
