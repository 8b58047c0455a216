"""Portal fixtures: a report posted the way a browser with JavaScript posts it."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from oversight.portal import pow


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def jpeg_bytes(exif_artist: str = "") -> bytes:
    image = Image.new("RGB", (32, 24), (200, 30, 30))
    out = io.BytesIO()
    exif = Image.Exif()
    if exif_artist:
        exif[0x013B] = exif_artist  # Artist
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def report_data(**overrides) -> dict:
    challenge = pow.issue()
    data = {
        "kind": "denunciation", "subject": "Thu tiền sai quy định tại xã",
        "content": "Cán bộ địa chính xã thu tiền của dân khi cấp sổ đỏ, mỗi hồ sơ 5 triệu.",
        "province": "nghe_an", "old_province": "", "place": "Xã Nghi Phú", "when": "Tháng 3/2026",
        "respondents": "Trần Văn Cán, cán bộ địa chính, UBND xã Nghi Phú",
        "identity": "anonymous", "name": "", "id_number": "", "address": "", "phone": "",
        "truthful": "on", "challenge": challenge, "pow": pow.solve(challenge),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def post_report(client):
    """post_report(files=[...], **fields) -> the response of the report form."""

    def post(files=(), lang="vi", **fields):
        data = report_data(**fields)
        if files:
            data["files"] = list(files)
        return client.post(f"/portal/{lang}/report/", data)

    return post


@pytest.fixture
def jpeg():
    return lambda name="photo.jpg", artist="": SimpleUploadedFile(
        name, jpeg_bytes(artist), content_type="image/jpeg")
