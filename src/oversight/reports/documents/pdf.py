"""PDF through LibreOffice headless: the DOCX (or any office file) converted as it is, so the
PDF and the Word report never differ.

Each conversion uses its own LibreOffice profile directory, so parallel conversions (two
web requests, the tests) do not fight over one profile's lock, and a timeout so a stuck
soffice cannot hold a worker forever.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT = int(os.environ.get("OVERSIGHT_SOFFICE_TIMEOUT", "120"))


class ConversionError(RuntimeError):
    """LibreOffice is missing, failed or took too long."""


class LibreOfficeMissing(ConversionError):
    pass


def soffice() -> str | None:
    """The LibreOffice executable (OVERSIGHT_SOFFICE, else soffice or libreoffice on PATH)."""
    configured = os.environ.get("OVERSIGHT_SOFFICE")
    if configured:
        return shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(source: Path, outdir: Path, timeout: int = TIMEOUT) -> Path:
    """Convert `source` to PDF in `outdir`; returns the PDF's path."""
    binary = soffice()
    if binary is None:
        raise LibreOfficeMissing(
            "LibreOffice is not installed, so PDF reports cannot be made: install it "
            "(apt-get install libreoffice-writer-nogui libreoffice-calc-nogui) or set "
            "OVERSIGHT_SOFFICE to its soffice executable. DOCX and XLSX reports work without it."
        )
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="oversight-lo-") as profile:
        command = [binary, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                   "--norestore", "--convert-to", "pdf", "--outdir", str(outdir), str(source)]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                    check=False)
        except subprocess.TimeoutExpired as error:
            raise ConversionError(f"LibreOffice took more than {timeout} s to convert "
                                  f"{source.name}.") from error
    pdf = outdir / (source.stem + ".pdf")
    if result.returncode != 0 or not pdf.exists():
        raise ConversionError(f"LibreOffice could not convert {source.name}: "
                              f"{(result.stderr or result.stdout).strip()[:500]}")
    return pdf


def from_bytes(data: bytes, suffix: str = ".docx") -> bytes:
    """PDF bytes of an office document given as bytes."""
    with tempfile.TemporaryDirectory(prefix="oversight-pdf-") as work:
        source = Path(work) / f"report{suffix}"
        source.write_bytes(data)
        return convert(source, Path(work) / "out").read_bytes()
