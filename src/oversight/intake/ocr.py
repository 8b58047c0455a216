"""Reading scans: OCRmyPDF and Tesseract's Vietnamese model, page by page.

One pass of `ocrmypdf` (Debian package) over the scan turned into a PDF does what a desk
needs: pages turned upright (`--rotate-pages`, Tesseract's orientation detection), deskewed
(`--deskew`), recognised with the Vietnamese model (`-l vie`), and a searchable PDF (the
image with an invisible text layer) to keep beside the original. Pages that already carry
text (a PDF made by a word processor and sent by email) are not OCR'd (`--skip-text`): their
text is read from the PDF itself (`pdftotext`, poppler).

Each page's confidence comes from the same pass: Tesseract's own `tessedit_create_tsv`
setting, given to it through `--tesseract-config`, writes every word with its confidence
(0–100) beside ocrmypdf's intermediate files, which we keep (`-k`) in a private temporary
directory and delete afterwards. No second OCR pass is needed.

Images (JPEG, PNG, TIFF with any number of frames) become a PDF first with img2pdf, which
embeds them without re-encoding and applies a photo's EXIF orientation.

Nothing here talks to the network; the plaintext of a scan lives only in that temporary
directory (mode 0700 under DATA_DIR/tmp) for the time of the run.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

LANGUAGE = "vie"
LOW_CONFIDENCE = 80.0  # a page below this mean word confidence is marked for checking
SCAN_MIMES = {"application/pdf", "image/jpeg", "image/png", "image/tiff"}
PHOTO_DPI = 200  # assumed for an image that does not say its resolution (a phone photo)
TIMEOUT = 600  # seconds for one file


class OcrError(Exception):
    """The scan could not be read (not a scan, damaged, or the OCR tools are missing)."""


@dataclass
class Page:
    number: int
    text: str
    confidence: float | None  # mean word confidence 0–100; None: text read from the PDF
    words: int = 0

    @property
    def needs_check(self) -> bool:
        if self.confidence is None:
            return False
        return self.confidence < LOW_CONFIDENCE or not self.text.strip()


@dataclass
class Reading:
    pages: list[Page] = field(default_factory=list)
    searchable_pdf: bytes = b""

    @property
    def text(self) -> str:
        return "\n\n".join(p.text.strip() for p in self.pages if p.text.strip())

    @property
    def confidence(self) -> float | None:
        """Mean of the OCR'd pages' confidences, weighted by their words."""
        rated = [p for p in self.pages if p.confidence is not None and p.words]
        words = sum(p.words for p in rated)
        if not words:
            return None
        return round(sum(p.confidence * p.words for p in rated) / words, 1)


def missing_tools() -> list[str]:
    """The programs or language data this module needs that are not installed."""
    missing = [name for name in ("ocrmypdf", "tesseract", "pdftotext", "pdfinfo")
               if shutil.which(name) is None]
    if "tesseract" not in missing:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                               timeout=30).stdout.split()
        if LANGUAGE not in langs:
            missing.append("tesseract-ocr-vie")
    return missing


def work_dir() -> tempfile.TemporaryDirectory:
    """A private temporary directory (0700) for one run; removed when the context ends."""
    base = Path(settings.DATA_DIR) / "tmp"
    base.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(prefix="ocr-", dir=base)


def to_pdf(data: bytes, mime: str) -> bytes:
    """The scan as a PDF: PDFs as they are; images embedded losslessly (img2pdf)."""
    if mime == "application/pdf":
        return data
    if mime not in SCAN_MIMES:
        raise OcrError(f"not a scan: {mime}")
    import img2pdf
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            dpi = image.info.get("dpi")
            frames = getattr(image, "n_frames", 1)
            mode = image.mode
    except (OSError, ValueError) as error:
        raise OcrError(f"damaged image: {error}") from error
    if mode in ("RGBA", "LA", "PA") or (mime == "image/png" and mode == "P"):
        data = _flatten(data)  # img2pdf refuses an alpha channel
    layout = None
    if not dpi or not dpi[0] or dpi[0] < 50:
        layout = img2pdf.get_fixed_dpi_layout_fun((PHOTO_DPI, PHOTO_DPI))
    try:
        return img2pdf.convert(data, layout_fun=layout, rotation=img2pdf.Rotation.ifvalid)
    except Exception as error:  # noqa: BLE001 — img2pdf raises several kinds
        raise OcrError(f"image not convertible ({frames} frame(s)): {error}") from error


def _flatten(data: bytes) -> bytes:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        frames = []
        for index in range(getattr(image, "n_frames", 1)):
            image.seek(index)
            rgba = image.convert("RGBA")
            white = Image.new("RGB", rgba.size, "white")
            white.paste(rgba, mask=rgba.getchannel("A"))
            frames.append(white)
        out = io.BytesIO()
        frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:],
                       dpi=image.info.get("dpi") or (PHOTO_DPI, PHOTO_DPI),
                       compression="tiff_deflate")
        return out.getvalue()


def page_count(pdf: bytes) -> int:
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(pdf)) as document:
            return len(document.pages)
    except pikepdf.PdfError as error:
        raise OcrError(f"damaged PDF: {error}") from error


def read(data: bytes, mime: str, *, jobs: int | None = None) -> Reading:
    """OCR a scan (PDF or image); see the module's docstring."""
    missing = missing_tools()
    if missing:
        raise OcrError("missing on this server: " + ", ".join(missing)
                       + " (scripts/system-deps.sh installs them)")
    pdf = to_pdf(data, mime)
    count = page_count(pdf)
    with work_dir() as tmp:
        tmp = Path(tmp)
        source, output = tmp / "scan.pdf", tmp / "searchable.pdf"
        source.write_bytes(pdf)
        config = tmp / "tsv.cfg"
        config.write_text("tessedit_create_tsv 1\n")
        keep = tmp / "work"
        keep.mkdir()
        command = [
            "ocrmypdf", "-q", "-k", "-l", LANGUAGE, "--rotate-pages", "--deskew",
            "--skip-text", "--output-type", "pdf", "--optimize", "0",
            "--tesseract-config", str(config), "--jobs", str(jobs or os.cpu_count() or 1),
            str(source), str(output),
        ]
        env = {**os.environ, "TMPDIR": str(keep), "OMP_THREAD_LIMIT": "1"}
        done = subprocess.run(command, capture_output=True, text=True, env=env,
                              timeout=TIMEOUT)
        if done.returncode != 0 or not output.exists():
            message = (done.stderr or done.stdout).strip().splitlines()
            raise OcrError("ocrmypdf: " + (message[-1] if message else f"exit {done.returncode}"))
        pages = []
        for number in range(1, count + 1):
            tsv = sorted(keep.glob(f"*/{number:06d}_ocr_tess.tsv"))
            if tsv:
                pages.append(_page_from_tsv(number, tsv[0]))
            else:  # the page had text of its own: not OCR'd
                pages.append(Page(number, _pdftotext(source, number), None))
        return Reading(pages=pages, searchable_pdf=output.read_bytes())


def _pdftotext(path: Path, number: int) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-f", str(number), "-l", str(number),
                           "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=120)
    return nfc(done.stdout.decode("utf-8", "replace"))


def _page_from_tsv(number: int, path: Path) -> Page:
    """The page's text (lines and paragraphs as Tesseract found them) and its confidence:
    the mean word confidence weighted by word length."""
    lines: dict[tuple, list[str]] = {}
    total = weight = words = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            text = (row.get("text") or "").strip()
            if row.get("level") != "5" or not text:
                continue
            key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
            lines.setdefault(key, []).append(text)
            conf = float(row.get("conf") or 0)
            if conf >= 0:
                total += conf * len(text)
                weight += len(text)
                words += 1
    out, previous = [], None
    for key in sorted(lines):
        if previous is not None and key[:2] != previous[:2]:
            out.append("")  # a new paragraph
        out.append(" ".join(lines[key]))
        previous = key
    confidence = round(total / weight, 1) if weight else 0.0
    return Page(number, nfc("\n".join(out)), confidence, words)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "").replace("\x0c", "")


# --- Several petitions in one file, separated by blank pages ----------------------------

BLANK_INK = 0.004  # share of dark pixels under which a page counts as blank


def _page_images(pdf: bytes, dpi: int = 40):
    """Small grey images of the PDF's pages (pdftoppm), for the blank-page test."""
    from PIL import Image

    with work_dir() as tmp:
        source = Path(tmp) / "scan.pdf"
        source.write_bytes(pdf)
        done = subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source),
                               str(Path(tmp) / "p")], capture_output=True, timeout=TIMEOUT)
        if done.returncode != 0:
            raise OcrError("pdftoppm: " + done.stderr.decode(errors="replace")[-300:])
        names = sorted(Path(tmp).glob("p-*.png"),
                       key=lambda p: int(re.findall(r"\d+", p.stem)[-1]))
        images = []
        for name in names:
            with Image.open(name) as image:
                images.append(image.convert("L").copy())
        return images


def ink(image) -> float:
    """Share of dark pixels, ignoring a 5% margin (scanner edges, punch holes)."""
    width, height = image.size
    box = (width // 20, height // 20, width - width // 20, height - height // 20)
    histogram = image.crop(box).histogram()
    dark = sum(histogram[:128])
    return dark / max(1, sum(histogram))


def split_at_blank_pages(data: bytes, mime: str) -> list[bytes]:
    """The scan cut into one PDF per petition at each blank page (blank pages dropped).
    A scan without a blank page comes back whole, as one PDF."""
    import pikepdf

    pdf = to_pdf(data, mime)
    blanks = [ink(image) < BLANK_INK for image in _page_images(pdf)]
    groups, current = [], []
    for index, blank in enumerate(blanks):
        if blank:
            if current:
                groups.append(current)
            current = []
        else:
            current.append(index)
    if current:
        groups.append(current)
    if len(groups) <= 1 and not any(blanks):
        return [pdf]
    parts = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for group in groups:
            part = pikepdf.new()
            for index in group:
                part.pages.append(document.pages[index])
            out = io.BytesIO()
            part.save(out)
            parts.append(out.getvalue())
    return parts
