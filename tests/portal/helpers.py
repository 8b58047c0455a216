"""Helpers shared by the portal's abuse and safety tests."""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

import oversight
from oversight.petitions.models import Petition, PetitionAttachment
from oversight.portal.models import EvidenceFile, Message, Submission
from tests.portal.conftest import report_data

ADDRESS = "203.0.113.77"  # documentation range: easy to look for in the database


def send(client, files=(), lang="vi", address=ADDRESS, **fields):
    """Post the report form from `address`; fields override `report_data`."""
    data = report_data(**fields)
    if files:
        data["files"] = list(files)
    return client.post(f"/portal/{lang}/report/", data, REMOTE_ADDR=address)


def code_of(response) -> str:
    match = re.search(rb'id="receipt-code">([\d ]+)<', response.content)
    assert match, response.content.decode()[:3000]
    return match.group(1).decode().replace(" ", "")


def open_case(client, code, lang="vi", address=ADDRESS):
    response = client.post(f"/portal/{lang}/follow/", {"code": code}, REMOTE_ADDR=address)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == f"/portal/{lang}/case/"
    return response


def files_on_disk() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def counts() -> dict:
    return {"submissions": Submission.objects.count(), "petitions": Petition.objects.count(),
            "files": EvidenceFile.objects.count(),
            "attachments": PetitionAttachment.objects.count(),
            "messages": Message.objects.count(), "on_disk": len(files_on_disk())}


NOTHING = {"submissions": 0, "petitions": 0, "files": 0, "attachments": 0, "messages": 0,
           "on_disk": 0}


def database_text() -> str:
    """Every value of every row of every table, as one string (to look for secrets in)."""
    parts = []
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        for row in model._base_manager.values_list():
            for value in row:
                if isinstance(value, bytes | memoryview):
                    value = bytes(value).decode("latin-1")
                parts.append(str(value))
    return "\n".join(parts)


def text(response) -> str:
    return response.content.decode()


def production_settings(monkeypatch, tmp_path):
    """settings.py executed afresh without OVERSIGHT_PORTAL_* variables: the production values
    (the test suite overrides some with cheap ones)."""
    for name in list(os.environ):
        if name.startswith("OVERSIGHT_PORTAL_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("OVERSIGHT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("OVERSIGHT_SECRET_KEY", "fresh-import")
    path = Path(oversight.__file__).parent / "settings.py"
    spec = importlib.util.spec_from_file_location("oversight_settings_fresh", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
