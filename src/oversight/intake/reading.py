"""What a draft proposes, read from a petition's text: its kind, a subject, the date and place
written on the letter, the sender's name, address, identity number and phone when written,
and the persons and organisations named (proposed as respondents).

Letters follow the administrative form (Decree 30/2020/NĐ-CP for the heading; the petition
forms of Circular 05/2021/TT-TTCP): "<place>, ngày dd tháng mm năm yyyy", "ĐƠN TỐ CÁO",
"Kính gửi: …", "Tôi tên là …, địa chỉ: …", "V/v: …". Patterns compare folded text (no
diacritics), so OCR that drops or swaps a mark ("TỔ CÁO" for "TỐ CÁO") is still understood.
Everything proposed is only a proposal: the officer confirms or corrects it.
"""

from __future__ import annotations

import datetime as dt
import re

from oversight.base.vietnamese import ascii_fold
from oversight.intake import names as ner

KINDS = (  # folded words of the title → petition kind
    ("to cao", "denunciation"), ("khieu nai", "complaint"), ("kien nghi", "recommendation"),
    ("phan anh", "reflection"),
)
_DATE = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
_DATE_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")
_SENDER = re.compile(
    r"(?:toi\s+ten\s+la|toi\s+la|ho\s+va\s+ten|ho\s+ten|nguoi\s+to\s+cao|nguoi\s+khieu\s+nai"
    r"|nguoi\s+kien\s+nghi|nguoi\s+phan\s+anh|nguoi\s+gui\s+don|nguoi\s+viet\s+don)"
    r"\s*(?:\(?ong\/ba\)?|ong|ba)?\s*[:\-]?\s*")
_ADDRESS = re.compile(r"(?:dia\s+chi(?:\s+thuong\s+tru|\s+lien\s+he)?|tru\s+tai|noi\s+o"
                      r"|noi\s+cu\s+tru|cu\s+tru\s+tai|que\s+quan)\s*[:\-]?\s*")
_ID = re.compile(r"(?:cccd|cmnd|can\s+cuoc(?:\s+cong\s+dan)?|chung\s+minh\s+nhan\s+dan"
                 r"|dinh\s+danh)[^0-9\n]{0,20}(\d[\d .]{7,15}\d)")
_PHONE = re.compile(r"(?:dien\s+thoai|đt|dt|sdt|so\s+dt)\s*[:\-]?\s*((?:\+?84|0)[\d .\n]{8,14}\d)")
_PHONE_LABEL = re.compile(r"\b(?:dien\s+thoai|sdt)\b")
_SUBJECT = re.compile(r"(?:^|\n)\s*(?:v\/v|ve\s+viec|noi\s+dung)\s*[:\-.]?\s*(.+)")
_RECIPIENT = re.compile(r"kinh\s+gui\s*[:\-]?\s*(.+)")


def fold(text: str) -> str:
    """Lower case without diacritics, the same length as the text (positions match)."""
    out = ascii_fold(text or "").lower()
    if len(out) != len(text or ""):  # ascii_fold keeps one character per character
        raise AssertionError("folding changed the length")
    return out


def _line_at(text: str, start: int, stop_at=(".", ";", "\n")) -> str:
    end = len(text)
    for mark in stop_at:
        found = text.find(mark, start)
        if found != -1:
            end = min(end, found)
    return text[start:end].strip(" ,:-\t")


def _until_next_field(text: str, folded: str, start: int) -> str:
    """The value from `start` to the end of the line or the next labelled field."""
    line = _line_at(text, start, stop_at=("\n", ";"))
    cut = len(line)
    for pattern in (_ADDRESS, _ID, _PHONE, _PHONE_LABEL, re.compile(r"sinh\s+(?:ngay|nam)"),
                    re.compile(r"\.\s+(?:toi|nay|xin)\b")):
        found = pattern.search(folded, start, start + len(line))
        if found and found.start() > start:
            cut = min(cut, found.start() - start)
    return line[:cut].strip(" ,.:-")


def propose(text: str, *, today: dt.date | None = None) -> dict:
    """The proposals for a draft petition, from its text (JSON-ready)."""
    text = text or ""
    folded = fold(text)
    out: dict = {"kind": "", "subject": "", "written_on": "", "place": "", "recipient": "",
                 "sender": {"name": "", "address": "", "id_number": "", "phone": ""},
                 "respondents": [], "organisations": []}
    head = folded[:1500]
    for pattern in (r"\bdon\s+(?:\w+\s+)?{}\b", r"\b{}\b"):  # the title first
        kinds = [kind for words, kind in KINDS if re.search(pattern.format(words), head)]
        if kinds:
            out["kind"] = kinds[0]
            break
    out["written_on"], out["place"] = _date_and_place(text, folded, today)
    match = _RECIPIENT.search(folded)
    if match:
        out["recipient"] = _line_at(text, match.start(1), stop_at=("\n",))
    match = _SENDER.search(folded)
    sender_name = ""
    if match:
        raw = _until_next_field(text, folded, match.end())
        found = [n for n in ner.extract(raw) if n.kind == "person"]
        sender_name = found[0].name if found else ner._title(raw.split()[:5])
        out["sender"]["name"] = sender_name
        after = match.end()
    else:
        after = 0
    match = _ADDRESS.search(folded, after)
    if match:
        out["sender"]["address"] = _until_next_field(text, folded, match.end())
    match = _ID.search(folded)
    if match:
        out["sender"]["id_number"] = re.sub(r"\D", "", match.group(1))
    match = _PHONE.search(folded)
    if match:
        out["sender"]["phone"] = re.sub(r"[^\d+]", "", match.group(1))
    named = ner.extract(text)
    sender_key = ner.fold(sender_name)
    for item in named:
        if item.kind == "person" and ner.fold(item.name) != sender_key:
            out["respondents"].append({"name": item.name, "position": item.position,
                                       "unit": ""})
        elif item.kind == "organisation":
            out["organisations"].append(item.name)
    # The addressee and the bodies inside a respondent's position are not respondents.
    inside = " | ".join(ner.fold(f"{r['position']}") for r in out["respondents"])
    recipient = ner.fold(out["recipient"])
    out["organisations"] = [o for o in out["organisations"]
                            if ner.fold(o) not in inside and ner.fold(o) not in recipient]
    out["subject"] = _subject(text, folded, out)
    out["respondents"] += [{"name": o, "position": "", "unit": ""}
                           for o in out["organisations"]]
    return out


def _date_and_place(text: str, folded: str, today: dt.date | None) -> tuple[str, str]:
    today = today or dt.date.today()
    for match in list(_DATE.finditer(folded[:2500])) + list(_DATE_NUMERIC.finditer(
            folded[:2500])):
        day, month, year = (int(g) for g in match.groups())
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue
        if date > today or year < 1990:
            continue
        line_start = folded.rfind("\n", 0, match.start()) + 1
        place = text[line_start:match.start()].strip(" ,.-\t")
        place = re.sub(r"(?i),?\s*ng[aà]y$", "", place).strip(" ,")
        return date.isoformat(), place[:100] if len(place) <= 60 else ""
    return "", ""


def _subject(text: str, folded: str, proposed: dict) -> str:
    match = _SUBJECT.search(folded)
    if match:
        return _line_at(text, match.start(1), stop_at=("\n",))[:300]
    labels = {"denunciation": "Tố cáo", "complaint": "Khiếu nại",
              "recommendation": "Kiến nghị", "reflection": "Phản ánh"}
    label = labels.get(proposed["kind"], "Đơn")
    if proposed["respondents"]:
        first = proposed["respondents"][0]
        who = f"{first['name']}" + (f", {first['position']}" if first["position"] else "")
        return f"{label} {who}"[:300]
    if proposed["organisations"]:
        return f"{label} {proposed['organisations'][0]}"[:300]
    for line in text.splitlines():  # the first sentence of the body
        words = line.split()
        if len(words) >= 6 and not fold(line).startswith(("cong hoa", "doc lap", "kinh gui")):
            return line.strip()[:300]
    return label


def contact(sender: dict) -> dict:
    """The petitioner from a draft's proposed sender. An email address is a contact address:
    it goes with the postal address (and is sealed with it when the identity is protected)."""
    address = (sender.get("address") or "").strip()
    email = (sender.get("email") or "").strip()
    if email:
        address = f"{address}; {email}" if address else email
    return {"name": (sender.get("name") or "").strip()[:200],
            "id_number": (sender.get("id_number") or "").strip()[:32],
            "address": address[:300], "phone": (sender.get("phone") or "").strip()[:32]}
