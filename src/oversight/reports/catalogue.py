"""The catalogue of indicators: one definition each, used by the API, pages, exports, dashboard.

Each says which date puts a record in the period. Amounts are as at the period's end (they
are not dated in the records): the sums over matters under monitoring by then.

Registered when Django starts (`ReportsConfig.ready`). The committees' own figures (section
"committee") are defined and registered by the committees app (`committees/indicators.py`),
which sits above reports: the catalogue does not import it.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from oversight.core import calendar
from oversight.matters.choices import DirectionStatus, EventKind, MonitoringLevel, Stage
from oversight.matters.models import MatterEvent
from oversight.petitions.choices import PetitionKind, Status
from oversight.petitions.models import DeadlineChange
from oversight.reports.indicators import DISTINCT, RATIO, SUM, Indicator, register

MATTER = dict(model="matters.Matter", unit_path="responsible_unit")
DEFENDANT = dict(model="matters.Defendant", unit_path="matter__responsible_unit")
EVENT = dict(model="matters.MatterEvent", unit_path="matter__responsible_unit",
             measure=DISTINCT, field="matter", records_model="matters.Matter")
DIRECTION = dict(model="matters.Direction", unit_path="unit", section="directions")


def _in(field):
    return lambda s, e: Q(**{f"{field}__gte": s, f"{field}__lte": e})


def _moved(from_stage, to_stage):
    return lambda s, e: Q(kind=EventKind.STAGE_CHANGED, from_stage=from_stage,
                          to_stage=to_stage, on__gte=s, on__lte=e)


def _indicted(s, e):
    return Q(matter_id__in=MatterEvent.objects.filter(
        _moved(Stage.PROSECUTION, Stage.FIRST_INSTANCE)(s, e)).values("matter_id"))


def _open_at_end(s, e):
    return Q(monitored_from__lte=e) & (Q(closed_on__isnull=True) | Q(closed_on__gt=e))


def _overdue_at_end(s, e):
    # Open at the period's end (not done, or done after it) and past its deadline then (a
    # deadline on a day off runs to the next working day: core.calendar).
    return Q(due_on__lt=calendar.overdue_cutoff(e)) & (Q(status=DirectionStatus.OPEN)
                                                      | Q(done_on__gt=e))


def _received_once(s, e, unit_ids):
    """Received in the period, each petition once: a duplicate is not counted again, and a
    petition transferred in from a unit of the same place was counted where it first came in
    (nationally, only first receipts count)."""
    first_receipt = Q(transferred_from__isnull=True)
    if unit_ids is not None:
        first_receipt |= ~Q(transferred_from__unit__in=unit_ids)
    return _in("received_on")(s, e) & Q(duplicate_of__isnull=True) & first_receipt


def _received_kind(kind):
    return lambda s, e, ids: _received_once(s, e, ids) & Q(kind=kind)


def _petition_counted(s, e):
    """A petition received by the period's end, not a duplicate (counted once)."""
    return Q(received_on__lte=e, duplicate_of__isnull=True)


# Petitions overdue at the end: the running deadline as it stood at the period's end (the
# deadline history: the `next_due` change in force then, `DeadlineChange.running_lapsed_at`)
# had passed by then, for a petition received by then and not a duplicate: a past period
# counts what was overdue then, not what is overdue today. The change in force at the end is
# one row per petition at most, by the intervals' construction: either the one still
# standing, whose deadline and date the petition keeps (`Petition.standing_due`, read in the
# petitions' own statement), or one superseded after the end (read from the history, a few
# rows a year). Two disjoint parts, summed.
def _standing_lapsed(s, e):
    # the deadline first: empty for nearly every closed petition, the rest is not read
    return Q(standing_due__lt=e, standing_due_on__lte=e) & _petition_counted(s, e)


OVERDUE_PARTS = (
    Indicator("petitions_overdue_standing", "", "", "petitions",
              "Standing running deadline lapsed", model="petitions.Petition", unit_path="unit",
              rule=_standing_lapsed),
    Indicator("petitions_overdue_superseded", "", "", "petitions",
              "Running deadline in force at the end, since superseded, lapsed",
              model="petitions.DeadlineChange", unit_path="petition__unit", measure=DISTINCT,
              field="petition", records_model="petitions.Petition",
              rule=lambda s, e: DeadlineChange.running_lapsed_q(e, "superseded"),
              parent=("petition", _petition_counted)),
)


def _level(level):
    return lambda s, e: _in("monitored_from")(s, e) & Q(monitoring_level=level)


register(
    Indicator("matters_put_under_monitoring", "Vụ án, vụ việc đưa vào diện theo dõi, chỉ đạo",
              "Matters put under monitoring", "matters",
              "Matters whose monitored_from falls in the period.",
              date_field="monitored_from", rule=_in("monitored_from"), **MATTER),
    *[Indicator(f"matters_put_under_monitoring_{level.value}", label_vi, label_en, "matters",
                f"Matters put under monitoring in the period at the {level.value} level.",
                date_field="monitored_from", rule=_level(level), **MATTER)
      for level, label_vi, label_en in [
          (MonitoringLevel.CENTRAL_COMMITTEE, "— do Ban Chỉ đạo Trung ương theo dõi, chỉ đạo",
           "— by the Central Steering Committee"),
          (MonitoringLevel.CENTRAL_COMMISSION, "— do Ban Nội chính Trung ương theo dõi, đôn đốc",
           "— by the Central Internal Affairs Commission"),
          (MonitoringLevel.PROVINCIAL, "— do Ban Chỉ đạo cấp tỉnh theo dõi, chỉ đạo",
           "— by the Provincial Steering Committee"),
      ]],
    Indicator("matters_under_monitoring_total", "Tổng số vụ án, vụ việc theo dõi từ khi thành lập",
              "Matters under monitoring since records began", "matters",
              "Matters whose monitored_from is on or before the period's end.",
              date_field="monitored_from", rule=lambda s, e: Q(monitored_from__lte=e), **MATTER),
    Indicator("matters_completed", "Vụ án, vụ việc đã xử lý dứt điểm", "Matters completed",
              "matters", "Matters whose completed_on falls in the period.",
              date_field="completed_on", rule=_in("completed_on"), **MATTER),
    Indicator("matters_open", "Vụ án, vụ việc đang theo dõi cuối kỳ", "Matters open at the end",
              "matters", "Matters under monitoring by the period's end and not closed by then "
              "(closed_on empty or later).", date_field="closed_on", rule=_open_at_end, **MATTER),
    Indicator("security_order_matters", "Vụ việc phức tạp, nổi cộm về an ninh, trật tự",
              "Security and order matters", "matters",
              "Matters marked security_order put under monitoring in the period.",
              date_field="monitored_from",
              rule=lambda s, e: _in("monitored_from")(s, e) & Q(security_order=True), **MATTER),
    Indicator("cases_prosecuted", "Số vụ án khởi tố mới", "Cases prosecuted", "cases",
              "Matters whose criminal proceedings were instituted (prosecuted_on) in the period.",
              date_field="prosecuted_on", rule=_in("prosecuted_on"), section="criminal",
              **MATTER),
    Indicator("defendants_prosecuted", "Số bị can khởi tố mới", "Defendants prosecuted",
              "defendants", "Defendants whose prosecuted_on falls in the period, including new "
              "defendants added to cases prosecuted earlier.", date_field="prosecuted_on",
              rule=_in("prosecuted_on"), section="criminal", **DEFENDANT),
    Indicator("investigations_concluded", "Số vụ án kết thúc điều tra",
              "Investigations concluded", "cases",
              "Matters that moved from investigation to prosecution in the period (event date).",
              date_field="on", rule=_moved(Stage.INVESTIGATION, Stage.PROSECUTION),
              section="criminal", **EVENT),
    Indicator("cases_indicted", "Số vụ án đã truy tố", "Cases indicted", "cases",
              "Matters that moved from prosecution to first-instance trial in the period "
              "(the indictment sent the case to court).", date_field="on",
              rule=_moved(Stage.PROSECUTION, Stage.FIRST_INSTANCE), section="criminal", **EVENT),
    Indicator("defendants_indicted", "Số bị can đã truy tố", "Defendants indicted", "defendants",
              "Defendants of the matters indicted in the period.", date_field="on",
              model="matters.Defendant", unit_path="matter__responsible_unit",
              # A subquery, not a join: a join would repeat defendant rows. Counted apart, so
              # the other defendants' figures do not read the events four times (in the
              # WHERE's OR and in each FILTER).
              rule=_indicted, apart=True, section="criminal"),
    Indicator("first_instance_cases", "Số vụ án đã xét xử sơ thẩm", "Cases tried at first instance",
              "cases", "Matters with a defendant tried at first instance in the period.",
              date_field="first_instance_on", rule=_in("first_instance_on"), measure=DISTINCT,
              field="matter", records_model="matters.Matter", section="criminal", **DEFENDANT),
    Indicator("first_instance_defendants", "Số bị cáo đã xét xử sơ thẩm",
              "Defendants tried at first instance", "defendants",
              "Defendants whose first_instance_on falls in the period.",
              date_field="first_instance_on", rule=_in("first_instance_on"), section="criminal",
              **DEFENDANT),
    Indicator("appeal_cases", "Số vụ án đã xét xử phúc thẩm", "Cases tried on appeal", "cases",
              "Matters with a defendant tried on appeal in the period.", date_field="appeal_on",
              rule=_in("appeal_on"), measure=DISTINCT, field="matter",
              records_model="matters.Matter", section="criminal", **DEFENDANT),
    Indicator("appeal_defendants", "Số bị cáo đã xét xử phúc thẩm", "Defendants tried on appeal",
              "defendants", "Defendants whose appeal_on falls in the period.",
              date_field="appeal_on", rule=_in("appeal_on"), section="criminal", **DEFENDANT),
    *[Indicator(code, vi, en, "VND", f"Sum of {field} over matters under monitoring by the "
                "period's end.", date_field="monitored_from", measure=SUM, field=field,
                rule=lambda s, e: Q(monitored_from__lte=e), section="recovery", **MATTER)
      for code, field, vi, en in [
          ("loss_amount", "loss_amount", "Tổng thiệt hại", "Loss"),
          ("recovered_amount", "recovered_amount", "Tổng số tiền đã thu hồi", "Recovered"),
          ("enforcement_due_amount", "enforcement_due_amount", "Số tiền phải thi hành án",
           "Amount to be enforced"),
          ("enforcement_done_amount", "enforcement_done_amount", "Số tiền đã thi hành án",
           "Amount enforced"),
      ]],
    Indicator("recovery_rate", "Tỷ lệ thu hồi tài sản", "Recovery rate", "ratio",
              "recovered_amount ÷ loss_amount.", measure=RATIO,
              ratio_of=("recovered_amount", "loss_amount"), section="recovery"),
    Indicator("directions_issued", "Số văn bản chỉ đạo đã ban hành", "Directions issued",
              "directions", "Directions whose issued_on falls in the period.",
              date_field="issued_on", rule=_in("issued_on"), **DIRECTION),
    Indicator("directions_overdue", "Số chỉ đạo quá hạn cuối kỳ", "Directions overdue at the end",
              "directions", "Directions past their due_on at the period's end and not done by "
              "then.", date_field="due_on", rule=_overdue_at_end, **DIRECTION),
    *[Indicator(code, vi, en, "petitions", counting, section="petitions",
                model="petitions.Petition", unit_path="unit", date_field="received_on",
                rule=rule, place_aware=True)
      for code, vi, en, counting, rule in [
          ("petitions_received", "Số đơn thư tiếp nhận", "Petitions received",
           "Petitions received in the period (received_on), duplicates counted once and a "
           "transfer between units of the place counted once.", _received_once),
          ("denunciations_received", "Số đơn tố cáo", "Denunciations received",
           "Denunciations among petitions_received.", _received_kind(PetitionKind.DENUNCIATION)),
          ("complaints_received", "Số đơn khiếu nại", "Complaints received",
           "Complaints among petitions_received.", _received_kind(PetitionKind.COMPLAINT)),
      ]],
    Indicator("petitions_processed", "Số đơn đã xử lý", "Petitions processed", "petitions",
              "Petitions whose processing decision (accept, not accept, transfer, guide, file: "
              "decided_on) falls in the period.", model="petitions.Petition", unit_path="unit",
              date_field="decided_on", rule=_in("decided_on"), section="petitions"),
    Indicator("petitions_overdue", "Số đơn quá hạn cuối kỳ", "Petitions overdue at the end",
              "petitions", "Petitions received by the period's end whose running deadline, "
              "as it stood then (the deadline history), had passed by then; duplicates "
              "counted once.",
              model="petitions.Petition", unit_path="unit", date_field="next_due",
              components=OVERDUE_PARTS, section="petitions"),
    Indicator("petitions_transferred", "Số đơn chuyển cơ quan có thẩm quyền",
              "Petitions transferred", "petitions",
              "Petitions transferred to another unit, by the date of the transfer (decided_on).",
              model="petitions.Petition", unit_path="unit", date_field="decided_on",
              rule=lambda s, e: _in("decided_on")(s, e) & Q(status=Status.TRANSFERRED),
              section="petitions"),
    Indicator("receptions", "Số cuộc tiếp công dân", "Citizen receptions", "receptions",
              "Receptions held in the period (held_on).", model="petitions.Reception",
              unit_path="unit", date_field="held_on", rule=_in("held_on"), section="petitions"),
    Indicator("dialogues", "Số cuộc đối thoại", "Dialogues", "receptions",
              "Receptions held in the period that were dialogues.", model="petitions.Reception",
              unit_path="unit", date_field="held_on",
              rule=lambda s, e: _in("held_on")(s, e) & Q(dialogue=True), section="petitions"),
    Indicator("hotspots_handled", "Số vụ khiếu kiện đông người, phức tạp đã giải quyết",
              "Hot spots handled", "hot spots",
              "Hot spots resolved in the period (resolved_on).", model="petitions.Hotspot",
              unit_path="unit", date_field="resolved_on", rule=_in("resolved_on"),
              section="petitions"),
)


# What puts a record in the period, in the readers' words (the dashboard's "Counted by"
# column): one label per date field the catalogue uses; "" is a figure taken at the end.
DATE_LABELS = {
    "": _("Position at the period's end"),
    "monitored_from": _("Date put under monitoring"),
    "closed_on": _("Date closed"),
    "completed_on": _("Date completely handled"),
    "on": _("Date of the step in the proceedings"),
    "prosecuted_on": _("Date of prosecution"),
    "first_instance_on": _("Date of the first-instance trial"),
    "appeal_on": _("Date of the appeal trial"),
    "issued_on": _("Date issued"),
    "due_on": _("Deadline, as at the period's end"),
    "received_on": _("Date received"),
    "decided_on": _("Date of the decision"),
    "next_due": _("Running deadline, as at the period's end"),
    "held_on": _("Date held"),
    "resolved_on": _("Date resolved"),
    "period_start": _("Date the inspection began"),
    "submitted_on": _("Date submitted"),
}


# Where the date field alone would mislead (open at the end is read from the closing date).
COUNTED_BY = {"matters_open": DATE_LABELS[""]}


def counted_by(indicator: Indicator) -> str:
    """How a record falls in the period, in words (a ratio: of the figures it divides)."""
    if indicator.measure == RATIO:
        return str(_("Ratio of two figures above"))
    if indicator.code in COUNTED_BY:
        return str(COUNTED_BY[indicator.code])
    label = DATE_LABELS.get(indicator.date_field)
    return str(label) if label is not None else "—"
