from django.urls import path

from oversight.identity import views

urlpatterns = [
    path("records/<slug:model>/<int:pk>/access/", views.record_access, name="record-access"),
    path("petitions/<int:pk>/disclosure/", views.disclosure_request, name="disclosure-request"),
    path("disclosures/<int:pk>/decide/", views.disclosure_decide, name="disclosure-decide"),
    path("pending/", views.pending, name="identity-pending"),
    path("custodians/<int:pk>/approve/", views.custodian_approve, name="custodian-approve"),
    path("password/", views.password_change, name="identity-password"),
]
