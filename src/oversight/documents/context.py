"""What a template receives: the heading, number and date lines of the issuer's format, the
signature block, and the record's data — in Vietnamese, the language of official documents.

Every key is documented in scripts/make_document_templates.py (which writes the defaults), so
an administrator who edits a template knows what is available.

Protected identities (Law on Denunciations 2018 arts. 9, 47: the denouncer's identity is kept
secret): a document names a protected petitioner only when it is addressed to that
petitioner (`Kind.to_petitioner`) and the person issuing it holds the identity — a custodian,
or an officer to whom a custodian disclosed it (`identity` argument, opened by the caller
from the session). Every other document says "người tố cáo (danh tính được giữ bí mật)".
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from oversight.core.classification import SecurityClassification
from oversight.core.errors import RuleError
from oversight.documents import numbering, signing
from oversight.documents.choices import NumberStyle, RecordType
from oversight.documents.kinds import Kind
from oversight.matters.models import Direction
from oversight.petitions.choices import Classification

PETITION_KIND_WORDS = {"complaint": "khiếu nại", "denunciation": "tố cáo",
                       "recommendation": "kiến nghị", "reflection": "phản ánh"}
OUTCOME_WORDS = {"upheld": "khiếu nại, tố cáo là đúng", "partly_upheld": "đúng một phần",
                 "rejected": "khiếu nại, tố cáo là sai", "withdrawn": "người gửi đơn đã rút đơn"}
CLASSIFICATION_WORDS = {"eligible": "đơn đủ điều kiện xử lý",
                        "not_eligible": "đơn không đủ điều kiện xử lý",
                        "verify_as_information": "đơn nặc danh, xác minh như thông tin",
                        "repeat": "đơn trùng nội dung đã được giải quyết, không có tình tiết mới"}
PROTECTED = "người tố cáo (danh tính được giữ bí mật theo quy định)"
ANONYMOUS = "người gửi đơn không ghi tên (đơn nặc danh)"
HEADINGS = {
    NumberStyle.PARTY: ("ĐẢNG CỘNG SẢN VIỆT NAM", "", "*"),
    NumberStyle.STATE: ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", ""),
}


def day(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def date_line(town: str, on: dt.date) -> str:
    """"Nghệ An, ngày 05 tháng 02 năm 2024": days below 10 and the months 1 and 2 take a
    leading 0 (Decree 30/2020/NĐ-CP appendix I, as we know it; applied to both styles)."""
    month = f"{on.month:02d}" if on.month <= 2 else str(on.month)
    return f"{town}, ngày {on.day:02d} tháng {month} năm {on.year}"


def record_type(record) -> str:
    return {"petition": RecordType.PETITION, "direction": RecordType.DIRECTION,
            "matter": RecordType.MATTER, "meeting": RecordType.MEETING}[
        record._meta.model_name]


def issuing_unit(record):
    if record._meta.model_name == "matter":
        return record.responsible_unit
    return record.unit


LEVELS = (SecurityClassification.NORMAL, SecurityClassification.CONFIDENTIAL,
          SecurityClassification.SECRET)


def classification_of(record) -> str:
    """The classification a document on `record` is issued under: the record's own (a
    direction's: its matter's). A meeting has none of its own, but the notice of its
    conclusions prints every direction's text (`_meeting`), so it takes the highest level of
    the matters those directions belong to: a secret matter's direction makes it secret."""
    name = record._meta.model_name
    if name == "meeting":
        found = set(Direction.objects.filter(conclusion__meeting=record, matter__isnull=False)
                    .values_list("matter__security_classification", flat=True))
        return max(found, key=LEVELS.index, default=SecurityClassification.NORMAL)
    if name == "direction":
        record = record.matter
    return getattr(record, "security_classification", None) or SecurityClassification.NORMAL


def _person_line(person: dict) -> str:
    parts = [person.get("name", "")]
    if person.get("address"):
        parts.append(f"địa chỉ: {person['address']}")
    return ", ".join(p for p in parts if p)


def petitioner(petition, kind: Kind, identity: list[dict] | None) -> dict:
    """The petitioner as this document may name them (see the module docstring)."""
    if petition.anonymous:
        if kind.to_petitioner:
            raise RuleError(_("This petition is anonymous: there is nobody to address this "
                              "document to."), field="template")
        return {"name": ANONYMOUS, "line": ANONYMOUS, "address": ""}
    people = petition.petitioners or []
    if petition.identity_protected:
        if not kind.to_petitioner:
            return {"name": PROTECTED, "line": PROTECTED, "address": ""}
        if not identity:
            raise RuleError(_(
                "This document is addressed to a petitioner whose identity is protected: a "
                "custodian must disclose the identity to you first (Request disclosure on the "
                "petition's page), then issue it from the petition's page."), field="template")
        people = identity
    first = people[0] if people else {}
    names = ", ".join(p.get("name", "") for p in people if p.get("name"))
    return {"name": names, "line": "; ".join(_person_line(p) for p in people if p.get("name")),
            "address": first.get("address", "")}


def _petition(petition, kind: Kind, values: dict, identity) -> dict:
    person = petitioner(petition, kind, identity)
    transfer = petition.transfers.select_related("unit").order_by("id").first()
    return {
        "subject": petition.subject,
        "content": petition.content,
        "kind_word": PETITION_KIND_WORDS.get(petition.kind, petition.kind),
        "received_on": day(petition.received_on),
        "petitioner_name": person["name"],
        "petitioner_line": person["line"],
        "petitioner_address": person["address"],
        "respondents": "; ".join(", ".join(filter(None, [r.get("name"), r.get("position"),
                                                        r.get("unit")]))
                                 for r in petition.respondents or []),
        "classification": CLASSIFICATION_WORDS.get(petition.classification, ""),
        "accepted_on": day(petition.accepted_on),
        "settlement_due": day(petition.settlement_due),
        "decided_on": day(petition.decided_on),
        "reason": values.get("reason") or petition.decision_reason,
        "guided_to": petition.guided_to,
        "outcome": OUTCOME_WORDS.get(petition.outcome, ""),
        "settled_on": day(petition.settled_on),
        "conclusion": values.get("conclusion", ""),
        "proposal": values.get("proposal") or _proposal(petition),
        "to_unit": transfer.unit.name_vi if transfer else "",
        "addressee": transfer.unit.name_vi if transfer else "",
        "origin_date": day(petition.decided_on),
        "due_on": "",
    }


def _proposal(petition) -> str:
    if petition.classification == Classification.ELIGIBLE:
        return ("Đề nghị thụ lý giải quyết theo thẩm quyền hoặc chuyển đơn đến cơ quan có "
                "thẩm quyền.")
    if petition.classification == Classification.VERIFY_AS_INFORMATION:
        return "Đề nghị xác minh nội dung đơn như thông tin (Luật Tố cáo năm 2018, điều 25)."
    if petition.classification:
        return "Đề nghị lưu đơn theo quy định."
    return "Đề nghị phân loại và xử lý đơn theo quy định."


def _direction(direction, values: dict) -> dict:
    return {
        "subject": (direction.matter.title if direction.matter_id else direction.text[:120]),
        "matter_title": direction.matter.title if direction.matter_id else "",
        "text": values.get("text") or direction.text,
        "addressee": values.get("addressee") or direction.addressee.name_vi,
        "due_on": values.get("due_on") or day(direction.due_on),
        "origin_date": day(direction.issued_on),
        "reason": values.get("reason", ""),
    }


def _matter(matter, values: dict) -> dict:
    return {
        "subject": matter.title,
        "matter_title": matter.title,
        "stage": str(matter.get_stage_display()),
        "text": values.get("text", ""),
        "addressee": values.get("addressee", ""),
        "due_on": values.get("due_on", ""),
        "origin_date": day(matter.monitored_from),
        "reason": values.get("reason", ""),
    }


def _meeting(meeting, values: dict) -> dict:
    conclusions = []
    for i, c in enumerate(meeting.conclusions.prefetch_related("directions__addressee"), 1):
        conclusions.append({"number": i, "text": c.text, "directions": [
            {"addressee": d.addressee.name_vi, "text": d.text, "due_on": day(d.due_on)}
            for d in c.directions.all()]})
    return {
        "subject": meeting.title,
        "meeting_title": meeting.title,
        "held_on": day(meeting.held_on),
        "chair": meeting.chair,
        "place": meeting.place,
        "conclusions": conclusions,
    }


def build(record, kind: Kind, *, issuer, number_text: str, on: dt.date, signer_name: str,
          signer_position: str, values: dict, identity=None, replaces=None,
          classification_marking: str = "") -> dict:
    """The whole context of one document."""
    rtype = record_type(record)
    data = {
        RecordType.PETITION: lambda: _petition(record, kind, values, identity),
        RecordType.DIRECTION: lambda: _direction(record, values),
        RecordType.MATTER: lambda: _matter(record, values),
        RecordType.MEETING: lambda: _meeting(record, values),
    }[rtype]()
    right_1, right_2, separator = HEADINGS[issuer.style]
    unit = issuer.unit
    summary = kind.summary_vi.format(kind=data.get("kind_word", ""),
                                     subject=data.get("subject", "")[:200])
    addressed_to = (f"Ông/Bà {data['petitioner_name']}" if kind.to_petitioner
                    else data.get("addressee", ""))
    recipients = [f"- {addressed_to};" if addressed_to else "", "- Lưu: VT, hồ sơ."]
    return {
        **data,
        "record_type": rtype,
        "heading_superior": issuer.superior,
        "heading_issuer": issuer.name,
        "heading_separator": separator,
        "national_line_1": right_1,
        "national_line_2": right_2,
        "number_line": numbering.number_line(issuer.style, number_text),
        "date_line": date_line(issuer.town, on),
        "issuer_full": unit.name_vi,
        "title": kind.title_vi,
        "summary": summary,
        "addressed_to": addressed_to,
        "recipients": [r for r in recipients if r],
        "on_behalf": issuer.on_behalf,
        "signer_position": signer_position or issuer.signer_position,
        "signer_name": signer_name,
        "signature_note": signing.visible_note(),
        "marking": classification_marking,
        "replaces_line": (f"Văn bản này thay thế văn bản số {replaces.symbol} ngày "
                          f"{day(replaces.issued_on)}." if replaces else ""),
        "issued_on": day(on),
    }
