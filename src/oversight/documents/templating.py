"""Which template version a new document uses: the newest of its kind. The default shipped
with the application (templates/documents/<kind>.docx, written by
scripts/make_document_templates.py) becomes version 1 the first time a kind is used, so every
document points at a stored version, uploaded or shipped alike."""

from __future__ import annotations

from pathlib import Path

from django.core.files import File
from django.db import IntegrityError, transaction

from oversight.documents.models import DocumentTemplate

DEFAULT_DIR = Path(__file__).resolve().parent / "templates" / "documents"


def default_path(kind: str) -> Path:
    return DEFAULT_DIR / f"{kind}.docx"


def current(kind: str) -> DocumentTemplate:
    latest = DocumentTemplate.objects.filter(kind=kind).order_by("-version").first()
    if latest is not None:
        return latest
    template = DocumentTemplate(kind=kind, note="Mẫu mặc định / default")
    with default_path(kind).open("rb") as fh:
        template.file.save(f"{kind}.docx", File(fh), save=False)
    try:
        with transaction.atomic():
            template.save()
    except IntegrityError:  # another issue registered version 1 at the same moment
        template.file.delete(save=False)
        return DocumentTemplate.objects.filter(kind=kind).order_by("-version").first()
    return template
