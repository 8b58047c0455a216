"""The marker crawler (issue 13, "Done when"): a distinct marker in records of every kind and
classification, in two units; then, as several roles, every list page and API list (all its
pages), every detail page of the records the role may open (where nested records show), the
lists' CSV exports, the reports' XLSX and DOCX, the minutes, search, notifications and the
administrator's pages. A marker appears only to a user entitled to it, and every user sees
every marker they are entitled to (the control: a crawler that reached nothing would pass
the first half).

Markers are short ASCII tokens ("zq017x") so that they survive diacritic folding, search and
export; `PLANTED` says where each one is. The URLs come from tests/test_scope.py (SCOPED), so
a new URL there is crawled here too.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import zipfile
from collections import defaultdict

import pytest
from django.urls import NoReverseMatch, reverse

from tests.test_scope import SCOPED, _grant

D = dt.date
UNITS = ("nghe_an", "ha_noi")
LEVELS = ("normal", "confidential", "secret")
HOME, AWAY = UNITS
NOWHERE = "zq999x"  # shaped like a marker, planted nowhere


class Planted:
    def __init__(self):
        self.where: dict[str, tuple[str, str, str]] = {}  # marker -> (kind, unit, level)
        self.objects: dict[type, list] = defaultdict(list)  # model -> records, for details

    def marker(self, kind: str, unit: str, level: str) -> str:
        token = f"zq{len(self.where):03d}x"
        self.where[token] = (kind, unit, level)
        return token

    def keep(self, obj, unit: str, level: str):
        self.objects[type(obj)].append((obj, unit, level))
        return obj


def _plant(settings, tmp_path) -> Planted:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from oversight.committees import actions as committees
    from oversight.documents import actions as documents
    from oversight.matters import actions as matters
    from oversight.matters.models import Matter
    from oversight.people import actions as people
    from oversight.people.models import Mention, Person
    from oversight.petitions import actions as petitions
    from oversight.petitions.models import Petition
    from oversight.units.models import Unit

    settings.MEDIA_ROOT = tmp_path
    settings.PEOPLE_LINK_ON_SAVE = False
    p = Planted()
    for code in UNITS:
        unit = Unit.objects.get(code=code)
        name = f"Nguyễn {p.marker('person', code, 'normal')}"
        person = p.keep(Person.objects.create(full_name=name, unit=unit), code, "normal")
        meeting = p.keep(committees.create_meeting(
            by=None, unit=unit, title=f"Họp {p.marker('meeting', code, 'normal')}",
            held_on=D(2025, 3, 1), chair="Bí thư"), code, "normal")
        level_matters = []
        for level in LEVELS:
            matter = matters.create_matter(
                by=None, title=f"Vụ án {p.marker('matter', code, level)}", responsible_unit=unit,
                kind="case", monitored_from=D(2025, 1, 10))
            matters.add_defendant(matter, by=None,
                                  full_name=f"Bị can {p.marker('mention', code, level)}")
            petition = petitions.create_petition(
                by=None, unit=unit, kind="complaint", received_on=D(2025, 3, 3),
                subject=f"Khiếu nại {p.marker('petition', code, level)}",
                content="Khiếu nại về đất đai",
                petitioner={"name": f"Công dân {p.marker('mention', code, level)}"})
            name = f"{p.marker('attachment', code, level)}.pdf"
            petitions.add_attachment(petition, by=None,
                                     upload=SimpleUploadedFile(name, b"%PDF-1.4 test"))
            level_matters.append((level, matter, petition))
        committees.add_agenda_item(
            meeting, by=None, title=f"Mục {p.marker('meeting_item', code, 'normal')}",
            matters=[m for _l, m, _p in level_matters],
            petitions=[pt for _l, _m, pt in level_matters])
        committees.add_conclusion(
            meeting, by=None, text=f"Kết luận {p.marker('conclusion', code, 'normal')}",
            directions=[{"addressee": unit, "due_on": D(2025, 6, 30), "matter": m,
                         "text": f"Chỉ đạo {p.marker('direction', code, level)}"}
                        for level, m, _pt in level_matters])
        p.keep(petitions.create_hotspot(by=None, unit=unit, started_on=D(2024, 1, 1),
                                        name=f"Điểm nóng {p.marker('hotspot', code, 'normal')}"),
               code, "normal")
        p.keep(petitions.create_reception(by=None, unit=unit, held_on=D(2025, 3, 1),
                                          host=f"Bí thư {p.marker('reception', code, 'normal')}"),
               code, "normal")
        p.keep(people.create_appraisal(
            by=None, unit=unit, purpose="appointment", received_on=D(2025, 3, 1),
            due_on=D(2025, 4, 1),
            requesting_body=f"Ban Tổ chức {p.marker('appraisal', code, 'normal')}"),
            code, "normal")
        # Every mention of this unit names the unit's person (the registry's pages show them).
        Mention.objects.filter(unit=unit).update(person=person)
        for level, matter, petition in level_matters:
            if level != "normal":
                Matter.objects.filter(pk=matter.pk).update(security_classification=level)
                Petition.objects.filter(pk=petition.pk).update(security_classification=level)
            for record in (matter, petition, *matter.directions.all()):
                p.keep(record, code, level)
            p.keep(petition.attachments.get(), code, level)
        p.keep(meeting.conclusions.get(), code, "normal")
        # Issued documents, after the classification (a document keeps the one it was
        # issued under): a direction letter on each matter, and the notice of the meeting's
        # conclusions, which prints every direction of every level.
        for level, matter, _pt in level_matters:
            doc = documents.issue(
                Matter.objects.get(pk=matter.pk), by=None, template="direction_letter",
                values={"text": f"Văn bản {p.marker('document', code, level)}",
                        "addressee": "Công an tỉnh"}, make_pdf_now=False)
            p.keep(doc, code, level)
        doc = documents.issue(meeting, by=None, template="meeting_conclusions",
                              make_pdf_now=False)
        p.keep(doc, code, doc.security_classification)
    return p


def _roles(make_user):
    from oversight.accounts.roles import Role
    from oversight.documents.models import Document
    from oversight.matters.models import Matter
    from oversight.petitions.models import Petition

    entitled = make_user("entitled", HOME)
    for model in (Matter, Petition, Document):
        for record in model.objects.filter(responsible_unit__code=HOME) if model is Matter else \
                model.objects.filter(unit__code=HOME):
            if record.security_classification != "normal":
                _grant(record, entitled)
    return {
        "outsider": make_user("outsider", AWAY),
        "colleague": make_user("colleague", HOME),
        "entitled": entitled,
        "analyst": make_user("analyst", "central", roles=(Role.CENTRAL_ANALYST,)),
        "admin": make_user("admin", "central", roles=(Role.ADMINISTRATOR,), is_staff=True),
    }


def _entitlement(planted: Planted, role: str) -> tuple[set, set]:
    """(markers the role may see, markers the role must see somewhere)."""
    where = planted.where
    if role == "outsider":
        mine = {m for m, (_k, u, lv) in where.items() if u == AWAY and lv == "normal"}
        return mine, mine
    if role == "colleague":
        mine = {m for m, (_k, u, lv) in where.items() if u == HOME and lv == "normal"}
        return mine, mine
    if role == "entitled":
        mine = {m for m, (_k, u, _lv) in where.items() if u == HOME}
        return mine, mine
    normal = {m for m, (_k, _u, lv) in where.items() if lv == "normal"}
    if role == "analyst":
        return normal, normal
    return normal, set()  # the administrator: never a classified record; nothing required


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "application/pdf" in kind:
        return _pdf_text(body)
    if "wordprocessingml" in kind:
        from docx import Document

        doc = Document(io.BytesIO(body))
        return "\n".join([p.text for p in doc.paragraphs] + [
            c.text for t in doc.tables for r in t.rows for c in r.cells])
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(body))
        return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows()
                         for c in row if c.value is not None)
    if "zip" in kind:
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            return "\n".join(z.read(n).decode(errors="replace") for n in z.namelist())
    return body.decode(errors="replace")


def _pdf_text(body: bytes) -> str:
    """The text of a PDF (poppler's pdftotext, as a reader's viewer would extract it)."""
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=body,
                            capture_output=True, timeout=120, check=True)
    return result.stdout.decode("utf-8", errors="replace")


# Not crawled, and why: each is covered elsewhere or shows no record's text.
SKIP = {
    "person-dossier-pdf": "LibreOffice conversion, slow; the same dossier as person-dossier",
    "api:matter-grants": "lists users, not records",
    "api:petition-grants": "lists users, not records",
    "emulation-ranking": "needs a cluster's targets; no marker planted there",
    "api:emulation-target-ranking": "needs a cluster's targets; no marker planted there",
    "petition-duplicates": "a POST",
}
# Detail URL kinds of SCOPED -> the model whose planted records they open.
DETAIL_MODELS = {
    "matter": "matters.Matter", "direction": "matters.Direction",
    "petition": "petitions.Petition", "attachment": "petitions.PetitionAttachment",
    "hotspot": "petitions.Hotspot", "reception": "petitions.Reception",
    "meeting": "committees.Meeting", "conclusion": "committees.Conclusion",
    "person": "people.Person", "appraisal": "people.Appraisal",
    "document": "documents.Document",
}


def _urls(planted: Planted, role: str, allowed: set, user) -> list[str]:
    from django.apps import apps

    urls = []
    for name, (kind, method, shape, extra) in sorted(SCOPED.items()):
        if method != "get" or name in SKIP:
            continue
        params = {k: v for k, v in extra.items() if k not in ("name", "kwargs", "q")}
        query = "&".join(f"{k}={v}" for k, v in params.items())
        if shape == "list":
            try:
                url = reverse(name)
            except NoReverseMatch:
                continue
            if url.startswith("/api/"):
                urls.append(f"{url}?page_size=500{'&' + query if query else ''}")
            else:
                urls.append(f"{url}?{query}" if query else url)
                urls.append(f"{url}?export=csv{'&' + query if query else ''}")
            continue
        label = DETAIL_MODELS.get(kind)
        if label is None:
            continue
        model = apps.get_model(label)
        for obj, unit, level in planted.objects.get(model, []):
            # the records this role may open (a record it may not answers 404: tests/test_scope)
            if not _may_open(planted, role, unit, level):
                continue
            kwargs = {"pk": obj.pk, **extra.get("kwargs", {})}
            url = reverse(name, kwargs=kwargs)
            urls.append(f"{url}?{query}" if query else url)
    for marker in sorted(planted.where):  # search, for every marker
        urls.append(f"{reverse('search')}?q={marker}")
        urls.append(f"{reverse('api:search')}?q={marker}")
    place = _place(role, user)
    for fmt in ("xlsx", "docx"):
        urls.append(f"{reverse('report-export')}?{place}&period=2025&format={fmt}")
    urls += [reverse("dashboard"), reverse("notification-list"),
             f"{reverse('report-dashboard')}?{place}&period=2025"]
    for code in ("matters_open", "directions_issued", "petitions_processed", "receptions"):
        urls.append(f"{reverse('report-records')}?indicator={code}&{place}&period=2025")
    if role == "admin":
        from django.contrib import admin

        urls.append(reverse("admin:index"))
        for model in admin.site._registry:
            meta = model._meta
            urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        urls += [reverse("audit-log"), f"{reverse('api:audit-list')}?page_size=500"]
    return urls


def _place(role: str, user) -> str:
    """The report's place: the central analyst's is the nation, everyone else's their unit."""
    return "scope=national" if role == "analyst" else f"unit={user.unit.code}"


def _may_open(planted, role, unit, level) -> bool:
    if role == "entitled":
        return unit == HOME
    if role == "colleague":
        return unit == HOME and level == "normal"
    if role == "outsider":
        return unit == AWAY and level == "normal"
    return role == "analyst" and level == "normal"


def _notify(planted: Planted, users: dict) -> None:
    """Each user was once told about every petition of the home unit (the overdue notice);
    the notice names the petition, so it is shown only while the user may open it."""
    from oversight.core.models import Notification
    from oversight.petitions.models import Petition

    for user in users.values():
        for petition in Petition.objects.filter(unit__code=HOME):
            Notification.objects.create(user=user, text=f"Đơn “{petition.subject}” quá hạn",
                                        link=reverse("petition-detail", args=[petition.pk]),
                                        record_type="petitions.petition", record_id=petition.pk)


@pytest.mark.django_db
def test_markers_appear_only_to_who_is_entitled(make_user, api, web, settings, tmp_path):
    planted = _plant(settings, tmp_path)
    users = _roles(make_user)
    _notify(planted, users)
    leaks, missing, crawled = [], {}, 0
    for role, user in users.items():
        allowed, expected = _entitlement(planted, role)
        forbidden = set(planted.where) - allowed
        seen: set[str] = set()
        clients = {"api": api(user), "web": web(user)}
        todo = _urls(planted, role, allowed, user)
        echoes = {}  # a search page repeats its query: how often, for a token found nowhere
        for endpoint in (reverse("search"), reverse("api:search")):
            client = clients["api" if endpoint.startswith("/api/") else "web"]
            echoes[endpoint] = _text(client.get(f"{endpoint}?q={NOWHERE}")).count(NOWHERE)
        while todo:
            url = todo.pop()
            is_api = url.startswith("/api/")
            response = clients["api" if is_api else "web"].get(url, follow=not is_api)
            crawled += 1
            if response.status_code >= 500:
                leaks.append((role, url, f"status {response.status_code}"))
                continue
            text = _text(response)
            found = {m for m in planted.where if m in text}
            path, _sep, query = url.partition("?q=")
            if query in found and text.count(query) <= echoes.get(path, 0):
                found.discard(query)  # only the query, repeated in the search box
            seen |= found
            for marker in found & forbidden:
                leaks.append((role, url, marker, planted.where[marker]))
            if is_api and response.status_code == 200 and "json" in response.get(
                    "Content-Type", ""):
                data = json.loads(text)
                if isinstance(data, dict) and data.get("next"):  # every page of the list
                    todo.append(data["next"].split("testserver", 1)[-1])
        if expected - seen:
            missing[role] = sorted((m, planted.where[m]) for m in expected - seen)
    assert not leaks, "\n".join(map(str, leaks))
    assert not missing, missing  # the control: each user sees what they are entitled to
    assert crawled > 300


def _soffice_missing() -> str:
    from oversight.core import rendering

    if rendering.soffice() is None:
        return "LibreOffice (soffice) is not installed"
    return "" if shutil.which("pdftotext") else "pdftotext (poppler-utils) is not installed"


def _pdf_urls(planted: Planted, role: str, user) -> list[tuple[str, str | None, set]]:
    """(PDF url, the url of the same content in Word, markers it must show): the report,
    every issued document and every person's dossier the role may open. LibreOffice is slow,
    so each distinct PDF is asked for once per role (a document's PDF is made at its first
    download and kept: the API's download of it is the same file)."""
    from oversight.documents.models import Document
    from oversight.people.models import Person

    place = _place(role, user)
    report = f"{reverse('report-export')}?{place}&period=2025&format="
    urls = [(report + "pdf", report + "docx", set())]
    for doc, unit, level in planted.objects[Document]:
        if _may_open(planted, role, unit, level):
            web_url = reverse("document-download", args=[doc.pk])
            urls.append((f"{web_url}?type=pdf", f"{web_url}?type=docx", set()))
            urls.append((f"{reverse('api:document-download', args=[doc.pk])}?type=pdf",
                         f"{web_url}?type=docx", set()))
    for person, unit, level in planted.objects[Person]:
        if _may_open(planted, role, unit, level):
            urls.append((reverse("person-dossier-pdf", args=[person.pk]), None,
                         {person.full_name.split()[-1]}))
    return urls


@pytest.mark.django_db
def test_pdf_markers_appear_only_to_who_is_entitled(make_user, api, web, settings, tmp_path):
    """The PDFs: the report, the issued documents (web and API) and the dossiers, their text
    extracted as a reader would. Control: each PDF says at least what the same content in
    Word says (a dossier: its person's name), so a PDF that came out empty cannot pass."""
    missing_tool = _soffice_missing()
    if missing_tool:
        pytest.skip(missing_tool)
    planted = _plant(settings, tmp_path)
    users = _roles(make_user)
    leaks, short, pdfs = [], [], 0
    for role, user in users.items():
        allowed, _expected = _entitlement(planted, role)
        forbidden = set(planted.where) - allowed
        clients = {"api": api(user), "web": web(user)}
        for url, twin, wanted in _pdf_urls(planted, role, user):
            response = clients["api" if url.startswith("/api/") else "web"].get(url)
            if response.status_code != 200 or "application/pdf" not in response.get(
                    "Content-Type", ""):
                short.append((role, url, response.status_code, response.get("Content-Type")))
                continue
            pdfs += 1
            text = _text(response)
            found = {m for m in planted.where if m in text}
            for marker in found & forbidden:
                leaks.append((role, url, marker, planted.where[marker]))
            if twin is not None:  # what the Word file of the same content shows
                other = _text(clients["web"].get(twin))
                wanted = wanted | ({m for m in planted.where if m in other} & allowed)
            if not wanted <= found or len(text.strip()) < 100:
                short.append((role, url, sorted(wanted - found), len(text)))
    assert not leaks, "\n".join(map(str, leaks))
    assert not short, short  # the control: every PDF was made and says what its twin says
    assert pdfs >= 25


# The answers to POSTs: forms sent back with their errors (and their pickers), actions refused
# or done, the duplicate check, API errors. Create forms and collection endpoints (not in
# SCOPED, which lists the URLs of records) get an empty POST and one naming each planted
# record in every picker field; their GET (the empty form with its pickers) is asked too.
FORMS = ("matter-create", "direction-create", "petition-create", "reception-create",
         "hotspot-create", "meeting-create", "inspection-create", "target-create",
         "committee-document-create", "project-create", "appraisal-create")
COLLECTIONS = ("api:matter-list", "api:direction-list", "api:petition-list",
               "api:reception-list", "api:hotspot-list", "api:meeting-list",
               "api:conclusion-list", "api:appraisal-list", "api:person-list",
               "api:inspection-list", "api:document-list")
POST_SKIP = {
    "api:matter-revoke-grant": "a DELETE (would take a user off an access list)",
    "api:petition-revoke-grant": "a DELETE (would take a user off an access list)",
}


def _picks(planted: Planted) -> list[dict]:
    """One payload per planted matter: every picker field names a record of its unit and
    level (the matter, its petition, one of its directions, the unit's meeting, person...)."""
    from oversight.matters.models import Direction, Matter
    from oversight.petitions.models import Petition

    by_place = defaultdict(dict)
    for model in planted.objects:
        for obj, unit, level in planted.objects[model]:
            by_place[(unit, level)].setdefault(model, obj)
    payloads = []
    for (unit, _level), objs in sorted(by_place.items()):
        objs = {**by_place[(unit, "normal")], **objs}  # the unit's unclassified records
        matter, petition = objs.get(Matter), objs.get(Petition)
        if matter is None:
            continue
        direction = objs.get(Direction)
        payload = {"matter": matter.pk, "matters": [matter.pk], "petition": petition.pk,
                   "petitions": [petition.pk], "duplicate_of": petition.pk,
                   "direction": direction.pk, "directions": [direction.pk],
                   "selected": [f"petition:{petition.pk}", f"matter:{matter.pk}"],
                   "title": "", "text": "", "action": "assign", "assignee": "me"}
        for model, obj in objs.items():
            payload.setdefault(model._meta.model_name, obj.pk)
        payloads.append(payload)
    return payloads


def _posts(planted: Planted, role: str, user) -> list[tuple[str, str, dict]]:
    """(method, url, data) of every POST asked of `role`."""
    from django.apps import apps

    from oversight.petitions.views import ACTIONS

    picks = _picks(planted)
    out = []
    for name, (kind, method, shape, extra) in sorted(SCOPED.items()):
        if method == "get" or name in POST_SKIP:
            continue
        data = {k: v for k, v in extra.items() if k not in ("name", "kwargs")}
        if shape == "bulk":
            for payload in picks:
                out.append(("post", reverse(name), {**data, **payload}))
            continue
        label = DETAIL_MODELS.get(kind)
        if label is None or shape != "detail":
            continue
        names = sorted(ACTIONS) if name == "petition-action" else [extra.get("name")]
        for obj, _unit, _level in planted.objects.get(apps.get_model(label), []):
            for action in names:  # every record, those the role may not open too (404)
                kwargs = {"pk": obj.pk, **extra.get("kwargs", {})}
                if action:
                    kwargs["name"] = action
                url = reverse(name, kwargs=kwargs)
                pick = picks[len(out) % len(picks)]  # each picker names every record in turn
                out.append((method, url, {**data, **pick, "on": "not a date"}))
    for name in (*FORMS, *COLLECTIONS):
        url = reverse(name)
        if not url.startswith("/api/"):
            out.append(("get", url, {}))
        out.append(("post", url, {}))
        out += [("post", url, payload) for payload in picks]
    for payload in picks:  # bulk actions: the petition list's ticked ids, a head's records
        out.append(("post", reverse("petition-bulk"), {**payload, "selected": payload["petition"]}))
        out.append(("post", reverse("my-work-reassign"), payload))
    # The duplicate check on the intake form: the planted content, each planted subject and
    # each petitioner's name typed in (what a user types is discounted below).
    for petition, _unit, _level in planted.objects[_model("petitions.Petition")]:
        for typed in ({"content": petition.content},
                      {"content": petition.content, "subject": petition.subject,
                       "petitioner_name": petition.petitioners[0]["name"]
                       if petition.petitioners else ""}):
            out.append(("post", reverse("petition-duplicates"), typed))
    return out


def _model(label: str):
    from django.apps import apps

    return apps.get_model(label)


@pytest.mark.django_db
def test_post_answers_show_markers_only_to_who_is_entitled(make_user, api, web, settings,
                                                           tmp_path):
    """As every role, the answer of every POST (refused, invalid or done) names only records
    the role may open. Control: the pickers of the forms sent back and the duplicate check
    show each officer the matters and petitions of their own unit they may open."""
    planted = _plant(settings, tmp_path)
    users = _roles(make_user)
    leaks, missing, asked = [], {}, 0
    for role in ("outsider", "colleague", "analyst", "admin", "entitled"):  # entitled: last
        user = users[role]
        allowed, _expected = _entitlement(planted, role)
        forbidden = set(planted.where) - allowed
        clients = {"api": api(user), "web": web(user)}
        seen: set[str] = set()
        for method, url, data in _posts(planted, role, user):
            is_api = url.startswith("/api/")
            client = clients["api" if is_api else "web"]
            # a web form's answer is often a redirect to a page with the message: followed
            extra = {"format": "json"} if is_api and method != "get" else {"follow": not is_api}
            response = getattr(client, method)(url, data, **extra)
            asked += 1
            if response.status_code >= 500:
                leaks.append((role, method, url, data, f"status {response.status_code}"))
                continue
            typed = json.dumps(data, ensure_ascii=False)
            found = {m for m in planted.where if m in _text(response) and m not in typed}
            seen |= found
            for marker in found & forbidden:
                leaks.append((role, method, url, data, marker, planted.where[marker]))
        if role in ("outsider", "colleague", "entitled"):
            unit = user.unit.code
            wanted = {m for m, (k, u, _lv) in planted.where.items()
                      if u == unit and k in ("matter", "petition")} & allowed
            if wanted - seen:
                missing[role] = sorted((m, planted.where[m]) for m in wanted - seen)
    assert not leaks, "\n".join(map(str, leaks))
    assert not missing, missing  # the control
    assert asked > 1000
