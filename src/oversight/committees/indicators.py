"""The committees' own work as indicators of the report catalogue (section "committee").

Registered when Django starts (`CommitteesConfig.ready`), after the catalogue of reports
(`ReportsConfig.ready`, an app listed before this one), so they come last in the catalogue
as before. Reports, a layer below committees, does not import them.
"""

from __future__ import annotations

from django.db.models import Q

from oversight.committees.choices import DocumentStatus, InspectionStatus
from oversight.reports.indicators import Indicator, register


def _in(field):
    return lambda s, e: Q(**{f"{field}__gte": s, f"{field}__lte": e})


register(
    Indicator("meetings", "Số phiên họp, cuộc họp của Ban Chỉ đạo, Thường trực Ban Chỉ đạo",
              "Steering Committee sessions and meetings", "meetings",
              "Sessions and meetings of the Steering Committee or its standing body held in the "
              "period (held_on).", model="committees.Meeting", unit_path="unit",
              date_field="held_on", rule=_in("held_on"), section="committee"),
    Indicator("inspections", "Số cuộc kiểm tra, giám sát", "Inspections and supervisions",
              "inspections",
              "Inspection and supervision teams that started work in the period (period_start), "
              "planned ones that have not begun left out; counted when they start, not when "
              "they conclude, so a long inspection is counted once.",
              model="committees.Inspection", unit_path="unit", date_field="period_start",
              rule=lambda s, e: _in("period_start")(s, e) & ~Q(status=InspectionStatus.PLANNED),
              section="committee"),
    Indicator("documents_issued", "Số văn bản đã ban hành", "Documents issued", "documents",
              "Documents of the committee issued in the period (issued_on, status issued).",
              model="committees.CommitteeDocument", unit_path="unit", date_field="issued_on",
              rule=lambda s, e: _in("issued_on")(s, e) & Q(status=DocumentStatus.ISSUED),
              section="committee"),
    Indicator("projects_submitted", "Số đề án, đề tài đã hoàn thành, trình",
              "Projects submitted", "projects",
              "Projects and research topics submitted in the period (submitted_on).",
              model="committees.Project", unit_path="unit", date_field="submitted_on",
              rule=_in("submitted_on"), section="committee"),
)
