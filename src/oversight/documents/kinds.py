"""The kinds of outgoing document the petition desk and the committees issue — data, one entry
per kind, each with the legal basis we could name.

What we know and how sure we are (no copy of the texts was at hand when this was written):
- Circular 05/2021/TT-TTCP (procedure for receiving and handling petitions) ends with an
  appendix of forms: the proposal for handling a petition (phiếu đề xuất xử lý đơn), transfer
  slips (phiếu chuyển đơn), guidance letters (văn bản hướng dẫn), notices of acceptance and
  non-acceptance, urging letters. That these forms exist we are sure of; their numbers in the
  appendix we did not check, so none is quoted here.
- The duty to notify acceptance or non-acceptance: Law on Complaints 2011 art. 27 (fairly
  sure), Law on Denunciations 2018 art. 29 (fairly sure); the settlement result: Law on
  Complaints arts. 31–32 / 40–41, Law on Denunciations art. 40 (less sure of the numbers).
- Kind abbreviations: Decree 30/2020/NĐ-CP appendix III lists "TB" (thông báo) and "PC"
  (phiếu chuyển); an official letter (công văn) has none in the state format and "CV" in the
  Party format (Guidance 36-HD/VPTW). "PĐX" for the proposal is this system's choice: the
  lists we know have no abbreviation for a proposal slip; an administrator may change it.

`symbol` is the kind's abbreviation in the number ("" for a letter); `records` the records a
kind may be issued on; `statuses` the petition statuses in which it may (empty: any; other
records have no such condition); a kind
`to_petitioner` is addressed to the petitioner (see `context.recipient` for protected
identities); `fields` are what the template asks of the person issuing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from oversight.documents.choices import RecordType
from oversight.petitions.choices import Status


@dataclass(frozen=True)
class Field:
    name: str
    label: object
    required: bool = False
    help: object = ""


@dataclass(frozen=True)
class Kind:
    code: str
    label: object  # shown in the interface (translated)
    title_vi: str  # the name of the type as printed on the document
    summary_vi: str  # the "về việc" line (trích yếu); {kind} is the petition's kind
    symbol: str
    records: frozenset[str]
    basis: str
    statuses: frozenset[str] = frozenset()
    to_petitioner: bool = False
    fields: tuple[Field, ...] = field(default_factory=tuple)


PETITION = frozenset({RecordType.PETITION})

KINDS: dict[str, Kind] = {k.code: k for k in [
    Kind("handling_proposal", _("Proposal for handling the petition"),
         "PHIẾU ĐỀ XUẤT XỬ LÝ ĐƠN", "Về việc xử lý đơn {kind}", "PĐX", PETITION,
         "Circular 05/2021/TT-TTCP, handling of petitions and its appendix form of the "
         "proposal",
         statuses=frozenset({Status.RECEIVED, Status.CLASSIFIED}),
         fields=(Field("proposal", _("Proposal"), help=_(
             "What the officer proposes; empty: from the classification.")),)),
    Kind("acceptance_notice", _("Notice of acceptance"), "THÔNG BÁO",
         "Về việc thụ lý giải quyết đơn {kind}", "TB", PETITION,
         "Law on Complaints 2011 art. 27; Law on Denunciations 2018 art. 29; Circular "
         "05/2021/TT-TTCP appendix forms",
         statuses=frozenset({Status.ACCEPTED, Status.SETTLING, Status.SETTLED}),
         to_petitioner=True),
    Kind("non_acceptance_notice", _("Notice of non-acceptance"), "THÔNG BÁO",
         "Về việc không thụ lý giải quyết đơn {kind}", "TB", PETITION,
         "Law on Complaints 2011 arts. 11 and 27; Law on Denunciations 2018 art. 29",
         statuses=frozenset({Status.NOT_ACCEPTED}), to_petitioner=True,
         fields=(Field("reason", _("Reason"), help=_(
             "Empty: the reason recorded when the petition was not accepted.")),)),
    Kind("transfer_slip", _("Transfer slip"), "PHIẾU CHUYỂN ĐƠN",
         "Về việc chuyển đơn {kind} đến cơ quan có thẩm quyền", "PC", PETITION,
         "Circular 05/2021/TT-TTCP (transfer to the competent agency) and its appendix forms; "
         "Decree 30/2020/NĐ-CP appendix III (PC)",
         statuses=frozenset({Status.TRANSFERRED})),
    Kind("guidance_letter", _("Guidance letter"), "",
         "V/v hướng dẫn gửi đơn đến cơ quan có thẩm quyền", "", PETITION,
         "Circular 05/2021/TT-TTCP (guiding the petitioner) and its appendix forms",
         statuses=frozenset({Status.GUIDED}), to_petitioner=True),
    Kind("settlement_notice", _("Notice of the settlement result"), "THÔNG BÁO",
         "Về kết quả giải quyết đơn {kind}", "TB", PETITION,
         "Law on Complaints 2011 (decision on the complaint sent to the complainant); Law on "
         "Denunciations 2018 art. 40 (notice of the result to the denouncer)",
         statuses=frozenset({Status.SETTLED}), to_petitioner=True,
         fields=(Field("conclusion", _("Conclusion"), help=_(
             "Empty: the outcome recorded at settlement.")),)),
    Kind("direction_letter", _("Direction letter"), "",
         "V/v chỉ đạo xử lý {subject}", "",
         frozenset({RecordType.DIRECTION, RecordType.MATTER}),
         "Working rules of the Steering Committees (directing the handling of matters under "
         "monitoring); Party letter format, Guidance 36-HD/VPTW",
         fields=(Field("text", _("Direction"), help=_(
             "Empty on a direction: its text.")),
                 Field("addressee", _("Addressee"), help=_(
                     "Empty on a direction: its addressee.")),
                 Field("due_on", _("Report by (dd/mm/yyyy)"), help=_(
                     "Empty on a direction: its due date.")))),
    Kind("urging_letter", _("Urging letter"), "", "V/v đôn đốc {subject}", "",
         frozenset({RecordType.DIRECTION, RecordType.MATTER, RecordType.PETITION}),
         "Working rules of the Steering Committees (urging, đôn đốc); Circular "
         "05/2021/TT-TTCP (urging the agency a petition was transferred to)",
         statuses=frozenset({Status.TRANSFERRED}),
         fields=(Field("reason", _("What is urged")),)),
    Kind("meeting_conclusions", _("Notice of the meeting's conclusions"), "THÔNG BÁO",
         "Kết luận của {subject}", "TB", frozenset({RecordType.MEETING}),
         "Working rules of the Steering Committees (conclusions of a meeting notified in "
         "writing); Party format, Guidance 36-HD/VPTW"),
]}


def for_record(record_type: str) -> list[Kind]:
    return [k for k in KINDS.values() if record_type in k.records]


def get(code: str) -> Kind | None:
    return KINDS.get(code)
