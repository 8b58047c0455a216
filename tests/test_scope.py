"""Need-to-know across every URL: a Nghệ An user never sees a Hà Nội record.

The test walks the URL configuration. Every named URL must be listed in SCOPED (a record of
another unit answers 404, and lists leave it out) or in UNSCOPED (with the reason it holds
no unit's records). A new endpoint without an entry here fails the suite.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Named URLs that show no record of any unit, and why.
UNSCOPED = {
    "api:token": "login endpoint",
    "saved-filter-create": "the user's own saved filters "
    "(tests/web/test_list_filters.py::test_saved_filters_are_the_users_own)",
    "saved-filter-delete": "the user's own saved filters; another's answers 404 "
    "(tests/web/test_list_filters.py::test_saved_filters_are_the_users_own)",
    "petition-bulk": "the ticked petitions through restrict(CHANGE); another unit's are refused "
    "and nothing changes (tests/web/test_list_filters.py::test_bulk_*)",
    "document-register-xlsx": "the register's rows restricted like its page "
    "(tests/documents/test_documents.py::test_register_xlsx_scope)",
    "api:me": "the caller's own account",
    "api:schema": "API description",
    "api:docs": "API description",
    "api:api-root": "index of endpoints",
    "api:report-catalogue": "definitions of the indicators, no records",
    "api:report-indicators": "aggregates; places outside the user's unit answer 403 "
    "(tests/reports/test_indicators.py::test_api)",
    "api:unit-list": "reference data: units are public to every signed-in user",
    "api:unit-detail": "reference data",
    "login": "login page",
    "logout": "logout",
    "set_language": "language switch",
    "unit-list": "reference data: units are public to every signed-in user",
    "unit-detail": "reference data",
    "api:cluster-list": "reference data",
    "api:cluster-detail": "reference data",
    "matter-create": "form for a new record (unit choices limited to the user's scope)",
    "direction-create": "form for a new record (matter choices limited to the user's scope)",
    "dashboard": "aggregates of the user's own scope (tested in test_dashboard_scope)",
    "notification-list": "the signed-in user's own notifications",
    "notification-open": "the signed-in user's own notification; another's answers 404 "
    "(tests/desk/test_notifications_api.py)",
    "api:notification-list": "the caller's own notifications "
    "(tests/desk/test_notifications_api.py)",
    "api:notification-read": "the caller's own notification; another's answers 404 "
    "(tests/desk/test_notifications_api.py)",
    "api:notification-read-all": "the caller's own notifications",
    "my-work": "the user's own work, every query through restrict() "
    "(tests/desk/test_my_work.py::test_my_work_stays_within_need_to_know)",
    "api:my-work": "as my-work (tests/desk/test_my_work.py::test_api_my_work)",
    "my-work-reassign": "a head's ticked records through restrict(CHANGE), all or nothing "
    "(tests/desk/test_my_work.py::test_head_workload_and_bulk_reassignment)",
    "report-dashboard": "aggregates; places outside the user's unit answer 403 "
    "(tests/reports/test_views.py)",
    "report-records": "the indicator's records restricted to the user's scope "
    "(tests/reports/test_views.py)",
    "petition-create": "form for a new record (unit fixed to the user's)",
    "reception-create": "form for a new record",
    "hotspot-create": "form for a new record",
    "link-run-list": "progress of the registry's link runs: counts only, no record",
    "link-run-start": "starts a re-link; no record shown",
    "link-run-progress": "progress of one run: counts only, no record",
    "api:link-run-list": "the registry's link runs (and POST to start one, heads and "
    "administrators only): counts only, no record; as link-run-list",
    "api:link-run-detail": "progress of one run: counts only, no record",
    "appraisal-create": "form for a new record (nominee choices limited to the user's scope)",
    "report-export": "aggregates; place checked by reports.access "
    "(tests/reports/test_documents.py::test_export_view)",
    "meeting-create": "form for a new record (unit choices limited to the user's scope)",
    "inspection-create": "form for a new record (unit choices limited to the user's scope)",
    "target-create": "form for a new record (unit choices limited to the user's scope)",
    "committee-document-create": "form for a new record",
    "project-create": "form for a new record",
    "emulation-xlsx": "the rows of emulation-ranking, restricted the same way; a zipped "
    "body cannot be searched for the label (tests/committees/test_emulation.py)",
    "identity-pending": "a custodian's own desk; its lists are restricted "
    "(tests/identity/test_disclosure.py)",
    "identity-password": "the signed-in user's own password",
    "disclosure-decide": "a custodian's decision on a request; 404 unless the request's record "
    "is visible (tests/identity/test_disclosure.py)",
    "custodian-approve": "a custodian approves a new custodian of a unit whose key they hold; "
    "404 for anyone else (tests/identity/test_custodians.py)",
    # Jobs belong to the user who started them, not to a unit: another user's job answers
    # 404 (administrators see all) — tests/jobs/test_jobs.py::test_national_report_in_background
    # and ::test_jobs_list_own_and_admin_all.
    "job-list": "the signed-in user's own jobs",
    "job-detail": "per user: another user's job answers 404",
    "job-cancel": "per user: another user's job answers 404",
    "job-download": "per user, and the place is checked again by reports.access",
    "job-report": "starts a report job; place checked by reports.access (403)",
    "job-start": "administrators only (overdue marking, search rebuild)",
    "api:job-list": "the caller's own jobs (administrators: all)",
    "api:job-detail": "per user: another user's job answers 404",
    "api:job-cancel": "per user: another user's job answers 404",
    "api:intake-scan-list": "upload of a scan: the unit is checked to be the user's (400)",
    "api:intake-message-list": "upload of an email: the unit is checked to be the user's (400)",
    "intake-upload-scans": "upload of scans into the user's own unit",
    "intake-upload-message": "upload of an email into the user's own unit",
    "2fa-setup": "the signed-in user's own second factor",
    "2fa-verify": "the signed-in user's own second factor",
    "audit-log": "the whole audit trail: administrators only, 403 for everyone else "
    "(tests/security/test_permission_matrix.py)",
    "api:audit-list": "the whole audit trail: administrators only (tests/security/)",
    "api:audit-detail": "the whole audit trail: administrators only (tests/security/)",
    # The public portal: no signed-in user; a citizen reaches only the report whose receipt
    # code they hold (tests/portal/).
    "portal:index": "public portal: redirect to its home page",
    "portal:home": "public portal: information",
    "portal:privacy": "public portal: privacy notice",
    "portal:report": "public portal: the report form",
    "portal:follow": "public portal: the receipt-code form",
    "portal:case": "public portal: the report of the receipt code only (tests/portal/)",
    "portal:case-reply": "public portal: the report of the receipt code only",
    "portal:case-evidence": "public portal: the report of the receipt code only",
    "portal:case-proof": "public portal: the report of the receipt code only",
    "portal:case-leave": "public portal: forgets the receipt code's cookie",
    "portal:verify": "public portal: checks a proof's signature; looks nothing up",
    # The working calendar: reference data for everyone; administrators change it
    # (tests/workcalendar/test_api.py).
    "calendar": "the working calendar: reference data, no unit's record",
    "calendar-delete": "administrators only change the working calendar",
    "api:calendar": "the working calendar: reference data; POST/DELETE administrators only",
    "api:calendar-day": "one calendar exception: reference data",
}


LABEL = "mật Hà Nội"  # every Hà Nội record below carries it, so a leak is easy to spot


def _record(kind, make_matter, make_direction, tmp_path, unit_code="ha_noi"):
    """A Hà Nội record of the given kind, its URL kwargs, and the text that identifies it."""
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile

    from oversight.petitions import actions as petition_actions
    from oversight.units.models import Unit

    ha_noi = Unit.objects.get(code=unit_code)
    if kind == "matter":
        obj = make_matter(unit_code, title=f"Hồ sơ {LABEL}")
        return obj, {"pk": obj.pk}, obj.title
    if kind == "direction":
        obj = make_direction(unit_code=unit_code, text=f"Chỉ đạo {LABEL}")
        return obj, {"pk": obj.pk}, obj.text
    if kind == "filed_petition":  # filed over a year ago: on the destruction list
        from tests.petitions.conftest import full_checklist

        obj = petition_actions.create_petition(
            by=None, unit=ha_noi, kind="reflection", received_on=dt.date(2023, 1, 5),
            subject=f"Phản ánh {LABEL}", content="Phản ánh đã giải quyết", anonymous=True)
        obj = petition_actions.classify(obj, by=None, checklist=full_checklist("reflection"),
                                        on=dt.date(2023, 1, 9))
        obj = petition_actions.file(obj, by=None, reason="Lưu", on=dt.date(2023, 1, 10))
        return obj, {"pk": obj.pk}, obj.subject
    if kind == "suspended_petition":  # a denunciation whose settlement is suspended
        from tests.petitions.conftest import full_checklist

        obj = petition_actions.create_petition(
            by=None, unit=ha_noi, kind="denunciation", received_on=dt.date(2025, 3, 3),
            subject=f"Tố cáo {LABEL}", content="Tố cáo sai phạm", anonymous=False,
            petitioner={"name": "Lê Văn Tám", "id_number": "001085001234"})
        obj = petition_actions.classify(obj, by=None, checklist=full_checklist("denunciation"),
                                        on=dt.date(2025, 3, 4))
        obj = petition_actions.accept(obj, by=None, on=dt.date(2025, 3, 5))
        obj = petition_actions.suspend(obj, by=None, reason="Chờ kết quả giám định",
                                       on=dt.date(2025, 3, 20))
        return obj, {"pk": obj.pk}, obj.subject
    if kind in ("petition", "attachment"):
        obj = petition_actions.create_petition(
            by=None, unit=ha_noi, kind="complaint", received_on=dt.date(2025, 3, 3),
            subject=f"Khiếu nại {LABEL}", content=f"Nội dung khiếu nại {LABEL} về đất đai",
            petitioner={"name": "Lê Văn Tám", "id_number": "001085001234"})
        if kind == "attachment":
            attachment = petition_actions.add_attachment(
                obj, by=None, upload=SimpleUploadedFile("don.pdf", b"%PDF-1.4 test"))
            return attachment, {"pk": attachment.pk}, "%PDF-1.4 test"
        return obj, {"pk": obj.pk}, obj.subject
    if kind in ("submission", "portal_petition"):
        from oversight.portal.models import Submission, SubmissionState

        petition = None if kind == "submission" else petition_actions.create_petition(
            by=None, unit=ha_noi, kind="reflection", received_on=dt.date(2025, 3, 3),
            channel="web_portal", subject=f"Phản ánh qua cổng {LABEL}",
            content="Phản ánh qua cổng thông tin", anonymous=True)
        obj = Submission.objects.create(
            reference=f"CT-{kind[:8]}-{unit_code}"[:20], receipt_hash=f"{kind}-{unit_code}",
            unit=ha_noi, kind="reflection", subject=f"Phản ánh qua cổng {LABEL}",
            content="Phản ánh qua cổng thông tin", petition=petition,
            state=SubmissionState.HELD if petition is None else SubmissionState.FILED)
        return (obj, {"pk": obj.pk}, obj.subject) if petition is None else (
            petition, {"pk": petition.pk}, petition.subject)
    if kind == "hotspot":
        obj = petition_actions.create_hotspot(by=None, unit=ha_noi, name=f"Điểm nóng {LABEL}",
                                              started_on=dt.date(2024, 1, 1))
        return obj, {"pk": obj.pk}, obj.name
    if kind == "reception":
        obj = petition_actions.create_reception(by=None, unit=ha_noi, held_on=dt.date(2025, 3, 1),
                                                host=f"Bí thư {LABEL}")
        return obj, {"pk": obj.pk}, obj.host
    if kind in COMMITTEE_KINDS:
        return _committee_record(kind, ha_noi)
    if kind == "document":  # an outgoing document whose summary names the matter
        from oversight.documents import actions as document_actions

        matter = make_matter(unit_code, title=f"Hồ sơ {LABEL}")
        obj = document_actions.issue(matter, by=None, template="direction_letter",
                                     values={"text": f"Chỉ đạo {LABEL}",
                                             "addressee": "Công an thành phố"},
                                     make_pdf_now=False)
        return obj, {"pk": obj.pk}, obj.summary
    if kind in ("person", "organisation", "appraisal", "link_candidate"):
        return _people_record(kind, ha_noi)
    if kind == "draft":
        from oversight.intake.models import Draft

        obj = Draft.objects.create(unit=ha_noi, source="scan", title=f"Đơn quét {LABEL}",
                                   text=f"Nội dung {LABEL}", text_key="noi dung mat ha noi")
        return obj, {"pk": obj.pk}, obj.title
    raise AssertionError(kind)


def _people_record(kind, ha_noi):
    import datetime as dt

    from oversight.people import actions as people_actions
    from oversight.people.models import LinkCandidate, Mention, Organisation, Person

    if kind == "person":
        obj = Person.objects.create(full_name=f"Nguyễn {LABEL}", unit=ha_noi)
        return obj, {"pk": obj.pk}, obj.full_name
    if kind == "organisation":
        obj = Organisation.objects.create(name=f"Công ty {LABEL}", unit=ha_noi)
        return obj, {"pk": obj.pk}, obj.name
    if kind == "appraisal":
        obj = people_actions.create_appraisal(
            by=None, unit=ha_noi, requesting_body=f"Ban Tổ chức {LABEL}", purpose="appointment",
            received_on=dt.date(2025, 3, 1), due_on=dt.date(2025, 4, 1))
        return obj, {"pk": obj.pk}, obj.requesting_body
    left = Mention.objects.create(role="petitioner", unit=ha_noi, name=f"Trần {LABEL}")
    right = Mention.objects.create(role="petitioner", unit=ha_noi, name=f"Trần {LABEL} B")
    obj = LinkCandidate.objects.create(left=left, right=right, match_probability=0.8,
                                       match_weight=2.0)
    return obj, {"pk": obj.pk}, left.name


COMMITTEE_KINDS = ("meeting", "conclusion", "inspection", "finding", "recommendation",
                   "target", "committee_document", "project")


def _committee_record(kind, ha_noi):
    import datetime as dt

    from oversight.committees import actions as c
    from oversight.units.models import Cluster

    if kind in ("meeting", "conclusion"):
        meeting = c.create_meeting(by=None, unit=ha_noi, title=f"Họp {LABEL}",
                                   held_on=dt.date(2025, 3, 1), chair="Bí thư")
        if kind == "meeting":
            return meeting, {"pk": meeting.pk}, meeting.title
        obj = c.add_conclusion(meeting, by=None, text=f"Kết luận {LABEL}")
        return obj, {"pk": obj.pk}, obj.text
    if kind in ("inspection", "finding", "recommendation"):
        inspection = c.create_inspection(by=None, unit=ha_noi, topic=f"Kiểm tra {LABEL}",
                                         period_start=dt.date(2025, 3, 1),
                                         period_end=dt.date(2025, 4, 1), status="ongoing")
        if kind == "inspection":
            return inspection, {"pk": inspection.pk}, inspection.topic
        if kind == "finding":
            obj = c.add_finding(inspection, by=None, text=f"Phát hiện {LABEL}")
        else:
            obj = c.add_recommendation(inspection, by=None, text=f"Kiến nghị {LABEL}",
                                       due_on=dt.date(2025, 6, 1))
        return obj, {"pk": obj.pk}, obj.text
    if kind == "target":
        obj = c.register_target(by=None, cluster=Cluster.objects.get(code="cluster_ii"),
                                unit=ha_noi, year=2025, indicator="meetings", target=4,
                                note=f"Chỉ tiêu {LABEL}")
        return obj, {"pk": obj.pk}, obj.note
    if kind == "committee_document":
        obj = c.save_document(by=None, unit=ha_noi, kind="plan", title=f"Kế hoạch {LABEL}",
                              status="issued", issued_on=dt.date(2025, 2, 1))
        return obj, {"pk": obj.pk}, obj.title
    obj = c.save_project(by=None, unit=ha_noi, kind="project", title=f"Đề án {LABEL}")
    return obj, {"pk": obj.pk}, obj.title


def _home_user(record):
    from oversight.accounts.models import User
    from oversight.units.models import Unit

    user, _ = User.objects.get_or_create(username="hanoi_officer",
                                         defaults={"unit": Unit.objects.get(code="ha_noi")})
    return user


# url name -> (record kind, HTTP method, "list" or "detail", extra: query or POST data)
SCOPED = {
    "api:matter-list": ("matter", "get", "list", {}),
    "api:matter-detail": ("matter", "get", "detail", {}),
    "api:matter-events": ("matter", "get", "detail", {}),
    "api:matter-move": ("matter", "post", "detail", {}),
    "api:matter-complete": ("matter", "post", "detail", {}),
    "api:matter-defendants": ("matter", "get", "detail", {}),
    "api:matter-grants": ("matter", "get", "detail", {}),
    "api:matter-revoke-grant": ("matter", "delete", "detail", {"kwargs": {"user": "1"}}),
    "api:matter-security-classification": ("matter", "post", "detail", {}),
    "api:petition-grants": ("petition", "get", "detail", {}),
    "api:petition-revoke-grant": ("petition", "delete", "detail", {"kwargs": {"user": "1"}}),
    "api:petition-security-classification": ("petition", "post", "detail", {}),
    "record-access": ("matter", "post", "detail", {"kwargs": {"model": "matter"}}),
    "disclosure-request": ("petition", "post", "detail", {"reason": "cần xác minh"}),
    "api:direction-list": ("direction", "get", "list", {}),
    "api:direction-detail": ("direction", "get", "detail", {}),
    "api:direction-urge": ("direction", "post", "detail", {}),
    "api:direction-assign": ("direction", "post", "detail", {"assignee": "me"}),
    "api:matter-assign": ("matter", "post", "detail", {"assignee": "me"}),
    "record-assign": ("matter", "post", "detail", {"kwargs": {"kind": "matter"},
                                                  "assignee": "me"}),
    "api:direction-events": ("direction", "get", "detail", {}),
    "api:direction-reply": ("direction", "post", "detail", {}),
    "api:direction-request-extension": ("direction", "post", "detail", {}),
    "api:direction-decide-extension": ("direction", "post", "detail", {}),
    "matter-list": ("matter", "get", "list", {}),
    "matter-detail": ("matter", "get", "detail", {}),
    "matter-move": ("matter", "post", "detail", {}),
    "matter-complete": ("matter", "post", "detail", {}),
    "matter-edit": ("matter", "get", "detail", {}),
    "defendant-create": ("matter", "get", "detail", {}),
    "direction-list": ("direction", "get", "list", {}),
    "direction-detail": ("direction", "get", "detail", {}),
    "direction-urge": ("direction", "post", "detail", {}),
    "direction-answer": ("direction", "post", "detail", {}),
    "direction-reply": ("direction", "post", "detail", {}),
    "direction-request-extension": ("direction", "post", "detail", {}),
    "direction-decide-extension": ("direction", "post", "detail", {}),
    "api:petition-list": ("petition", "get", "list", {}),
    "portal-held": ("submission", "get", "list", {}),
    "portal-review": ("submission", "post", "detail", {"kwargs": {"decision": "release"}}),
    "portal-message": ("portal_petition", "post", "detail", {"body": "Xin cho biết thêm"}),
    "api:petition-detail": ("petition", "get", "detail", {}),
    "api:petition-events": ("petition", "get", "detail", {}),
    "api:petition-attachments": ("petition", "get", "detail", {}),
    "api:petition-duplicate-candidates": ("petition", "get", "detail", {}),
    "api:petition-due-for-destruction": ("filed_petition", "get", "list", {}),
    **{f"api:petition-{action}": ("petition", "post", "detail", {}) for action in (
        "accept", "begin-settlement", "urge", "classify", "extend", "file-petition", "guide",
        "link-duplicate", "not-accept", "settle", "transfer", "suspend", "terminate", "correct",
        "assign")},
    "api:petition-resume": ("suspended_petition", "post", "detail", {}),
    "api:petition-deadline-history": ("petition", "get", "detail", {}),
    "petition-suspended": ("suspended_petition", "get", "list", {}),
    "api:petition-record-destruction": ("filed_petition", "post", "bulk",
                                        {"decision": "QĐ 12/2024"}),
    "api:reception-list": ("reception", "get", "list", {}),
    "api:reception-detail": ("reception", "get", "detail", {}),
    "api:hotspot-list": ("hotspot", "get", "list", {}),
    "api:hotspot-detail": ("hotspot", "get", "detail", {}),
    "api:search": ("petition", "get", "list", {"q": "khieu nai mat ha noi"}),
    "petition-list": ("petition", "get", "list", {}),
    "petition-detail": ("petition", "get", "detail", {}),
    "petition-action": ("petition", "post", "detail", {"name": "accept"}),
    "petition-attachment-upload": ("petition", "post", "detail", {}),
    "petition-attachment": ("attachment", "get", "detail", {}),
    "petition-destruction": ("filed_petition", "get", "list", {}),
    "petition-duplicates": ("petition", "post", "list",
                            {"content": f"Nội dung khiếu nại {LABEL} về đất đai",
                             "petitioner_name": "Lê Văn Tám"}),
    "reception-list": ("reception", "get", "list", {}),
    "reception-detail": ("reception", "get", "detail", {}),
    "hotspot-list": ("hotspot", "get", "list", {}),
    "hotspot-detail": ("hotspot", "get", "detail", {}),
    "hotspot-status": ("hotspot", "post", "detail", {}),
    "search": ("petition", "get", "list", {"q": "khieu nai mat ha noi"}),
    # The committees' own work.
    "meeting-list": ("meeting", "get", "list", {}),
    "meeting-detail": ("meeting", "get", "detail", {}),
    "meeting-edit": ("meeting", "get", "detail", {}),
    "meeting-agenda": ("meeting", "post", "detail", {}),
    "meeting-conclusion": ("meeting", "post", "detail", {}),
    "meeting-minutes": ("meeting", "get", "detail", {}),
    "conclusion-direction": ("conclusion", "post", "detail", {}),
    "inspection-list": ("inspection", "get", "list", {}),
    "inspection-detail": ("inspection", "get", "detail", {}),
    "inspection-edit": ("inspection", "get", "detail", {}),
    "inspection-finding": ("inspection", "post", "detail", {}),
    "inspection-recommendation": ("inspection", "post", "detail", {}),
    "finding-open-matter": ("finding", "post", "detail", {}),
    "finding-open-petition": ("finding", "post", "detail", {}),
    "recommendation-follow-up": ("recommendation", "post", "detail", {}),
    "target-list": ("target", "get", "list", {}),
    "emulation-ranking": ("target", "get", "list", {"cluster": "cluster_ii", "year": "2025"}),
    "committee-document-list": ("committee_document", "get", "list", {}),
    "committee-document-edit": ("committee_document", "get", "detail", {}),
    "project-list": ("project", "get", "list", {}),
    "project-edit": ("project", "get", "detail", {}),
    "api:meeting-list": ("meeting", "get", "list", {}),
    "api:meeting-detail": ("meeting", "get", "detail", {}),
    "api:meeting-conclusions": ("meeting", "post", "detail", {}),
    "api:meeting-agenda": ("meeting", "post", "detail", {}),
    "api:conclusion-list": ("conclusion", "get", "list", {}),
    "api:conclusion-detail": ("conclusion", "get", "detail", {}),
    "api:conclusion-directions": ("conclusion", "post", "detail", {}),
    "api:inspection-list": ("inspection", "get", "list", {}),
    "api:inspection-detail": ("inspection", "get", "detail", {}),
    "api:inspection-findings": ("inspection", "post", "detail", {}),
    "api:inspection-recommendations": ("inspection", "post", "detail", {}),
    "api:finding-list": ("finding", "get", "list", {}),
    "api:finding-detail": ("finding", "get", "detail", {}),
    "api:finding-open-matter": ("finding", "post", "detail", {}),
    "api:finding-open-petition": ("finding", "post", "detail", {}),
    "api:recommendation-list": ("recommendation", "get", "list", {}),
    "api:recommendation-detail": ("recommendation", "get", "detail", {}),
    "api:recommendation-follow-up": ("recommendation", "post", "detail", {}),
    "api:emulation-target-list": ("target", "get", "list", {}),
    "api:emulation-target-detail": ("target", "get", "detail", {}),
    "api:emulation-target-ranking": ("target", "get", "list",
                                     {"cluster": "cluster_ii", "year": "2025"}),
    "api:committee-document-list": ("committee_document", "get", "list", {}),
    "api:committee-document-detail": ("committee_document", "get", "detail", {}),
    "api:project-list": ("project", "get", "list", {}),
    "api:project-detail": ("project", "get", "detail", {}),
    "person-list": ("person", "get", "list", {}),
    "person-detail": ("person", "get", "detail", {}),
    "person-dossier": ("person", "get", "detail", {}),
    "person-dossier-pdf": ("person", "get", "detail", {}),
    "organisation-list": ("organisation", "get", "list", {}),
    "organisation-detail": ("organisation", "get", "detail", {}),
    "link-review-list": ("link_candidate", "get", "list", {}),
    "link-review-detail": ("link_candidate", "get", "detail", {}),
    "link-review-decide": ("link_candidate", "post", "detail", {"decision": "reject"}),
    "appraisal-list": ("appraisal", "get", "list", {}),
    "appraisal-detail": ("appraisal", "get", "detail", {}),
    "appraisal-opinion": ("appraisal", "post", "detail", {"opinion": "Đủ tiêu chuẩn"}),
    "api:person-list": ("person", "get", "list", {}),
    "api:person-detail": ("person", "get", "detail", {}),
    "api:person-mentions": ("person", "get", "detail", {}),
    "api:person-dossier": ("person", "get", "detail", {}),
    "api:organisation-list": ("organisation", "get", "list", {}),
    "api:organisation-detail": ("organisation", "get", "detail", {}),
    "api:link-candidate-list": ("link_candidate", "get", "list", {}),
    "api:link-candidate-detail": ("link_candidate", "get", "detail", {}),
    "api:link-candidate-decide": ("link_candidate", "post", "detail", {"decision": "reject"}),
    "api:appraisal-list": ("appraisal", "get", "list", {}),
    "api:appraisal-detail": ("appraisal", "get", "detail", {}),
    # Drafts of the intake (scans and emails waiting for confirmation).
    "api:intake-draft-list": ("draft", "get", "list", {}),
    "api:intake-draft-detail": ("draft", "get", "detail", {}),
    "api:intake-draft-register": ("draft", "post", "detail", {}),
    "intake-desk": ("draft", "get", "list", {}),
    "intake-draft": ("draft", "get", "detail", {}),
    "intake-draft-register": ("draft", "post", "detail", {}),
    "intake-draft-discard": ("draft", "post", "detail", {}),
    "intake-draft-reread": ("draft", "post", "detail", {}),
    # Outgoing documents (the register is kept per unit: ?unit= names it).
    "document-list": ("document", "get", "list", {"unit": "ha_noi"}),
    "document-detail": ("document", "get", "detail", {}),
    "document-download": ("document", "get", "detail", {"type": "docx"}),
    "document-cancel": ("document", "post", "detail", {"reason": "Nhầm nơi nhận"}),
    "document-issue": ("matter", "post", "detail", {
        "kwargs": {"record_type": "matter"}, "template": "direction_letter",
        "direction_letter-text": "Khẩn trương điều tra", "direction_letter-addressee": "Công an"}),
    "api:document-list": ("document", "get", "list", {}),
    "api:document-detail": ("document", "get", "detail", {}),
    "api:document-download": ("document", "get", "detail", {"type": "docx"}),
    "api:document-cancel": ("document", "post", "detail", {"reason": "Nhầm nơi nhận"}),
    "api:petition-documents": ("petition", "get", "detail", {}),
    "api:direction-documents": ("direction", "get", "detail", {}),
    "api:matter-documents": ("matter", "get", "detail", {}),
    "api:meeting-documents": ("meeting", "get", "detail", {}),
}


def named_urls(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin: staff only, guarded by its own permissions
            inner = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from named_urls(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name


def test_every_named_url_is_classified():
    names = set(named_urls())
    unclassified = names - set(SCOPED) - set(UNSCOPED)
    assert not unclassified, f"add these URLs to SCOPED or UNSCOPED: {sorted(unclassified)}"
    assert not (set(SCOPED) | set(UNSCOPED)) - names, "stale entries in the test"


def _request(name, user, record_kwargs, api, web):
    from django.urls import reverse

    kind, method, shape, extra = SCOPED[name]
    kwargs = dict(record_kwargs) if shape == "detail" else {}
    if "name" in extra:
        kwargs["name"] = extra["name"]
    if shape == "detail":
        kwargs.update(extra.get("kwargs", {}))
    url = reverse(name, kwargs=kwargs or None)
    data = {k: v for k, v in extra.items() if k not in ("name", "kwargs")}
    if shape == "bulk":  # a list-level action naming the records in its body
        data["petitions"] = [record_kwargs["pk"]]
    client = api(user) if url.startswith("/api/") else web(user)
    response = getattr(client, method)(url, data, **({"format": "json"} if url.startswith(
        "/api/") and method in ("post", "delete") else {}))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body.decode(errors="replace")


@pytest.mark.parametrize("name", sorted(SCOPED))
def test_nghe_an_cannot_see_ha_noi(name, nghean, api, web, make_matter, make_direction,
                                   settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    kind, _method, shape, _extra = SCOPED[name]
    _record_obj, kwargs, label = _record(kind, make_matter, make_direction, tmp_path)
    response, body = _request(name, nghean, kwargs, api, web)
    if shape == "detail":
        assert response.status_code == 404, (name, response.status_code)
    elif shape == "bulk":
        assert response.status_code == 400, (name, response.status_code)
        assert type(_record_obj).objects.get(pk=_record_obj.pk).destroyed_on is None
        response, body = _request(name, _home_user(None), kwargs, api, web)
        assert response.status_code == 200, body
    else:
        assert response.status_code == 200, (name, response.status_code)
        assert label not in body
        # The same list shows the record to a user of its own unit: the check can fail.
        response, body = _request(name, _home_user(None), kwargs, api, web)
        assert label in body, name


@pytest.mark.parametrize("name", sorted(n for n, v in SCOPED.items() if v[2] == "detail"))
def test_own_unit_record_is_reachable(name, api, web, make_matter, make_direction, settings,
                                      tmp_path):
    """The 404 above comes from scope, not from a broken URL: the same URL works at home."""
    settings.MEDIA_ROOT = tmp_path
    kind = SCOPED[name][0]
    _record_obj, kwargs, _label = _record(kind, make_matter, make_direction, tmp_path)
    response, _body = _request(name, _home_user(None), kwargs, api, web)
    assert response.status_code != 404, name


def test_quang_tri_sees_old_quang_binh(quangtri, api, make_matter):
    old = make_matter("quang_binh", title="Vụ án ở Quảng Bình cũ")
    assert api(quangtri).get(f"/api/matters/{old.pk}/").status_code == 200


def test_central_analyst_reads_every_unit(analyst, api, make_matter):
    record = make_matter("ha_noi")
    assert api(analyst).get(f"/api/matters/{record.pk}/").status_code == 200
    assert api(analyst).get("/api/matters/").json()["count"] == 1


def test_user_without_unit_sees_nothing(make_user, api, make_matter):
    make_matter("ha_noi")
    loner = make_user("loner", None)
    assert api(loner).get("/api/matters/").json()["count"] == 0


def test_dashboard_scope(nghean, web, make_matter, make_direction):
    make_direction(unit_code="ha_noi", text="Chỉ đạo mật Hà Nội")
    make_matter("ha_noi", title="Hồ sơ mật Hà Nội")
    body = web(nghean).get("/").content.decode()
    assert "mật Hà Nội" not in body


# Need-to-know inside a unit: a confidential record of the user's own unit, not on their list.
CLASSIFIED_KINDS = {"matter", "direction", "petition", "attachment", "filed_petition"}


def _classify(obj, level="confidential"):
    """Classify the record that carries the classification (a direction's matter, an
    attachment's petition) and return it."""
    parent = getattr(obj, "matter", None) or getattr(obj, "petition", None) or obj
    type(parent).objects.filter(pk=parent.pk).update(security_classification=level)
    return parent


def _grant(parent, user):
    from django.contrib.contenttypes.models import ContentType

    from oversight.core.models import AccessGrant

    AccessGrant.objects.create(content_type=ContentType.objects.get_for_model(type(parent)),
                               object_id=parent.pk, user=user)


@pytest.mark.parametrize("name", sorted(n for n, v in SCOPED.items() if v[0] in CLASSIFIED_KINDS))
def test_confidential_same_unit_not_listed(name, nghean, api, web, make_matter, make_direction,
                                           settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    kind, _method, shape, _extra = SCOPED[name]
    obj, kwargs, label = _record(kind, make_matter, make_direction, tmp_path, "nghe_an")
    parent = _classify(obj)
    response, body = _request(name, nghean, kwargs, api, web)
    if shape == "detail":
        assert response.status_code == 404, (name, response.status_code)
    elif shape == "bulk":
        assert response.status_code == 400, (name, response.status_code)
    else:
        assert response.status_code == 200, (name, response.status_code)
        assert label not in body, name
    # On the access list, the same user reaches it: the check can fail.
    _grant(parent, nghean)
    response, body = _request(name, nghean, kwargs, api, web)
    if shape == "detail":
        assert response.status_code != 404, name
    elif shape == "list":
        assert label in body, name


def test_confidential_seen_by_unit_head_secret_not(make_user, api, make_matter):
    from oversight.accounts.roles import Role

    head = make_user("head", "nghe_an", roles=(Role.HEAD,))
    other_head = make_user("hn_head", "ha_noi", roles=(Role.HEAD,))
    matter = make_matter("nghe_an", title="Vụ án mật")
    _classify(matter, "confidential")
    assert api(head).get(f"/api/matters/{matter.pk}/").status_code == 200
    assert api(other_head).get(f"/api/matters/{matter.pk}/").status_code == 404
    _classify(matter, "secret")
    assert api(head).get(f"/api/matters/{matter.pk}/").status_code == 404


def test_central_analyst_and_admin_do_not_bypass_classification(analyst, admin_user, api,
                                                                make_matter):
    matter = make_matter("ha_noi", title="Vụ án mật")
    _classify(matter, "secret")
    for user in (analyst, admin_user):
        assert api(user).get(f"/api/matters/{matter.pk}/").status_code == 404
        assert api(user).get("/api/matters/").json()["count"] == 0
    _grant(matter, analyst)
    assert api(analyst).get(f"/api/matters/{matter.pk}/").status_code == 200


def test_grants_do_not_repeat_rows(make_user, nghean, api, make_matter):
    """Many grants on one record, several records: each row once, no .distinct() needed."""
    matter = make_matter("nghe_an", title="Một")
    make_matter("nghe_an", title="Hai")
    for i in range(3):
        _grant(matter, make_user(f"u{i}", "nghe_an"))
    assert api(nghean).get("/api/matters/").json()["count"] == 2
    _classify(matter, "secret")
    _grant(matter, nghean)
    assert api(nghean).get("/api/matters/").json()["count"] == 2
