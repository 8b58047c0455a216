"""Fixtures for the intake: generated letters rendered to scans (oversight.intake.synthetic),
a private media and data directory, and a skip when the OCR tools are missing."""

from __future__ import annotations

import pytest

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
