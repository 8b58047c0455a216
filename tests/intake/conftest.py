"""Fixtures for the intake: generated letters rendered to scans (oversight.intake.synthetic),
a private media and data directory, and a skip when the OCR tools are missing."""

from __future__ import annotations

from email.message import EmailMessage

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from oversight.intake import ocr, synthetic

OCR_MISSING = ocr.missing_tools()
needs_ocr = pytest.mark.skipif(bool(OCR_MISSING), reason=(
    f"OCR tools missing: {', '.join(OCR_MISSING)} (bash scripts/system-deps.sh installs them)"))


@pytest.fixture(autouse=True)
def _private_dirs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path


@pytest.fixture(scope="session")
def complaint_letter():
    """A two-page complaint (the sender's identity is not sealed)."""
    return synthetic.letter(11, paragraphs=6, kind="complaint")


@pytest.fixture(scope="session")
def complaint_pdf(complaint_letter):
    pages = synthetic.render(complaint_letter.lines, dpi=200, lines_per_page=30)
    assert len(pages) == 2
    return synthetic.to_pdf(pages, 200)


@pytest.fixture(scope="session")
def denunciation_letter():
    return synthetic.letter(5, paragraphs=2, kind="denunciation")


@pytest.fixture(scope="session")
def denunciation_photo(denunciation_letter):
    page = synthetic.render(denunciation_letter.lines, dpi=200)[0]
    return synthetic.to_photo(page)


HTML = ("<html><head><style>p{color:red}</style></head><body><p>Kính gửi: Ban Nội chính"
        "</p><p>Tôi tên là <b>Lê Thị Hoa</b>, địa chỉ: xóm 2, xã Hưng Nguyên.</p>"
        "<p>Tôi phản ánh việc ông Ngô Văn Tuấn, Trưởng phòng Tài nguyên và Môi trường, "
        "thu tiền ngoài quy định.</p></body></html>")


def message(message_id="<abc-1@dan.vn>", attachments=()):
    msg = EmailMessage()
    msg["From"] = "Lê Thị Hoa <hoa.le@example.vn>"
    msg["To"] = "tiepnhan@noichinh.vn"
    msg["Subject"] = "Phản ánh việc thu tiền sai quy định"
    msg["Date"] = "Mon, 02 Jun 2025 08:30:00 +0700"
    if message_id:
        msg["Message-ID"] = message_id
    msg.set_content("Xem nội dung ở bản HTML.")
    msg.add_alternative(HTML, subtype="html")
    for name, data, maintype, subtype in attachments:
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


def _upload(api, user, name, data, **extra):
    return api(user).post("/api/intake/scans/", {"file": SimpleUploadedFile(name, data),
                                                 **extra}, format="multipart")
