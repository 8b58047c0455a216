"""Remove the metadata of uploaded files where a library can: who made a file, with what,
where and when must not travel with a citizen's evidence.

`strip_metadata(data, mime)` returns `(cleaned bytes, applied)`. `applied` is True when the
result carries none of the metadata below, False when the type cannot be cleaned here (old
binary Office files, RTF, HEIC) or the file did not parse: then the bytes come back unchanged
and the caller decides (store it, warn, or refuse). Nothing here raises on a bad file.

- images (JPEG, PNG, WebP, GIF, TIFF, BMP; Pillow): the EXIF orientation is applied to the
  pixels, then the image is re-encoded in its own format without EXIF (GPS, camera, author),
  XMP, IPTC/Photoshop blocks, comments or PNG text chunks; every frame of an animation or
  multi-page TIFF is kept. JPEG reuses the original quantisation tables and subsampling, so
  quality is preserved as far as a re-encode allows. ICC colour profiles, transparency and
  frame timing are kept.
- PDF (pikepdf): the document information dictionary (/Author, /Creator, /Producer, dates…),
  every /Metadata (XMP) stream — the catalog's, pages', images', fonts' — and /PieceInfo;
  JavaScript: the /JavaScript name tree, /OpenAction and /A actions of type JavaScript and
  every /AA (additional actions); embedded files: the /EmbeddedFiles name tree, /AF
  (associated files) and file attachment annotations. The file is rewritten whole, so earlier
  incremental revisions and unreferenced objects go too; owner-password encryption is
  removed. A PDF that needs a password to open is returned unchanged (applied False).
- OOXML (docx, xlsx, pptx): docProps/core.xml (author, last modified by, title, dates…) and
  docProps/custom.xml become empty property sets; docProps/app.xml loses Company, Manager,
  Template, HyperlinkBase and TotalTime; images in the document's media folder are cleaned as
  above. Zip entry dates become 1980-01-01.
- OpenDocument (odt, ods, odp): meta.xml becomes an empty office:meta (creator, initial
  creator, dates, editing time, generator, user-defined fields); PrinterName and PrinterSetup
  leave settings.xml; pictures are cleaned as above; `mimetype` stays first and stored.
- plain text has no metadata container: returned as is with applied True.

Not removed (they are content, not metadata): authors of comments and tracked changes in
Office documents, revision ids (rsid), an attached template's path in word/settings.xml
relationships, text in the documents themselves.
"""

from __future__ import annotations

import io
import zipfile
from typing import NamedTuple

from django.core.files.base import ContentFile

from oversight.petitions import uploads

IMAGE_FORMATS = {
    "image/jpeg": ("JPEG", {"JPEG", "MPO"}),
    "image/png": ("PNG", {"PNG"}),
    "image/webp": ("WEBP", {"WEBP"}),
    "image/gif": ("GIF", {"GIF"}),
    "image/tiff": ("TIFF", {"TIFF"}),
    "image/bmp": ("BMP", {"BMP", "DIB"}),
}
OOXML = {mime for mime in uploads.OOXML_PARTS.values()}
OPENDOCUMENT = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}
# What an image may keep of its `info`: rendering, not provenance.
KEEP_INFO = ("transparency", "duration", "loop", "background", "disposal", "blend",
             "icc_profile")
TIFF_COMPRESSIONS = {"raw", "tiff_lzw", "tiff_adobe_deflate", "packbits"}
# A zip container whose entries would expand beyond this is left alone (a zip bomb).
MAX_EXPANDED = 256 * 1024 * 1024
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def strip_metadata(data: bytes, mime: str) -> tuple[bytes, bool]:
    """`data` without its metadata, and whether that was done (see the module's docstring)."""
    if mime == "text/plain":
        return data, True
    if mime in IMAGE_FORMATS:
        cleaner = _image
    elif mime == "application/pdf":
        cleaner = _pdf
    elif mime in OOXML:
        cleaner = _ooxml
    elif mime in OPENDOCUMENT:
        cleaner = _opendocument
    else:
        return data, False
    try:
        return cleaner(data, mime), True
    except Exception:  # a corrupt or unusual file: the caller decides what to do with it
        return data, False


# --- images ---------------------------------------------------------------------------------

def _clean_frame(frame):
    from PIL import ImageOps

    clean = ImageOps.exif_transpose(frame)  # a copy, the orientation applied to the pixels
    clean.info = {k: frame.info[k] for k in KEEP_INFO if k in frame.info}
    return clean


def _webp_lossless(data: bytes) -> bool:
    """Whether the first bitstream of a WebP file is lossless (VP8L), walking its chunks."""
    at = 12
    while at + 8 <= len(data):
        fourcc, size = data[at:at + 4], int.from_bytes(data[at + 4:at + 8], "little")
        if fourcc == b"VP8L":
            return True
        if fourcc == b"VP8 ":
            return False
        at += 8 + (16 if fourcc == b"ANMF" else size + (size & 1))
    return False


def _image(data: bytes, mime: str) -> bytes:
    from PIL import Image, ImageSequence, JpegImagePlugin

    target, accepted = IMAGE_FORMATS[mime]
    with Image.open(io.BytesIO(data)) as im:
        if im.format not in accepted:
            raise ValueError(f"{mime} decodes as {im.format}")
        options = {}
        if "icc_profile" in im.info:
            options["icc_profile"] = im.info["icc_profile"]
        if target == "JPEG":  # the first picture of an MPO; the original's tables
            sampling = JpegImagePlugin.get_sampling(im)
            options.update(qtables=getattr(im, "quantization", None) or None,
                           progressive=bool(im.info.get("progressive")))
            if sampling != -1:
                options["subsampling"] = sampling
            frames = [_clean_frame(im)]
        elif target in ("GIF", "PNG", "WEBP", "TIFF") and getattr(im, "n_frames", 1) > 1:
            frames = [_clean_frame(f) for f in ImageSequence.Iterator(im)]
        else:
            frames = [_clean_frame(im)]
        if target == "WEBP":
            options["lossless"] = _webp_lossless(data)
            if not options["lossless"]:
                options["quality"] = 90
        if target == "TIFF":
            compression = im.info.get("compression")
            options["compression"] = (compression if compression in TIFF_COMPRESSIONS
                                      else "tiff_lzw")
        if len(frames) > 1:
            options.update(save_all=True, append_images=frames[1:],
                           duration=[f.info.get("duration", 0) for f in frames])
            if "loop" in im.info:
                options["loop"] = im.info["loop"]
    out = io.BytesIO()
    frames[0].save(out, format=target, **options)
    return out.getvalue()


def _image_in_container(data: bytes) -> bytes:
    """An image inside an Office or OpenDocument file, cleaned if it is one we know."""
    mime = uploads.sniff(data)
    if mime in IMAGE_FORMATS:
        cleaned, applied = strip_metadata(data, mime)
        if applied:
            return cleaned
    return data


# --- PDF ------------------------------------------------------------------------------------

def _is_javascript(value) -> bool:
    import pikepdf

    return isinstance(value, pikepdf.Dictionary) and value.get("/S") == pikepdf.Name.JavaScript


def _scrub(obj, depth: int = 0) -> None:
    """Remove metadata and script keys from a dictionary or stream and its direct children
    (indirect ones are visited on their own)."""
    import pikepdf

    if depth > 32:
        return
    if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        for key in ("/Metadata", "/PieceInfo", "/AA", "/AF"):
            if key in obj:
                del obj[key]
        for key in ("/OpenAction", "/A"):
            if key in obj and _is_javascript(obj[key]):
                del obj[key]
        children = [value for _key, value in obj.items()]
    elif isinstance(obj, pikepdf.Array):
        children = list(obj)
    else:
        return
    for child in children:
        if isinstance(child, pikepdf.Dictionary | pikepdf.Array) and not child.is_indirect:
            _scrub(child, depth + 1)


def _pdf(data: bytes, mime: str) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        if "/Info" in pdf.trailer:
            del pdf.trailer["/Info"]
        root = pdf.Root
        names = root.get("/Names")
        if isinstance(names, pikepdf.Dictionary):
            for key in ("/JavaScript", "/EmbeddedFiles"):
                if key in names:
                    del names[key]
        _scrub(root)
        for obj in pdf.objects:
            _scrub(obj)
        for page in pdf.pages:
            annots = page.obj.get("/Annots")
            if isinstance(annots, pikepdf.Array):
                kept = [a for a in annots
                        if not (isinstance(a, pikepdf.Dictionary)
                                and a.get("/Subtype") == pikepdf.Name.FileAttachment)]
                if len(kept) != len(annots):
                    page.obj["/Annots"] = pikepdf.Array(kept)
        out = io.BytesIO()
        pdf.save(out, encryption=False)
    return out.getvalue()


# --- Office and OpenDocument containers ---------------------------------------------------------

CORE_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    b'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    b'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
    b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
)
CUSTOM_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'docPropsVTypes"/>'
)
APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
APP_DROP = ("Company", "Manager", "Template", "HyperlinkBase", "TotalTime")
ODF_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
ODF_CONFIG = "urn:oasis:names:tc:opendocument:xmlns:config:1.0"
ODF_SETTINGS_DROP = {"PrinterName", "PrinterSetup"}
MEDIA_FOLDERS = ("word/media/", "xl/media/", "ppt/media/", "Pictures/")


def _parse(xml: bytes):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_blank_text=False)
    return etree.fromstring(xml, parser)


def _serialise(root) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _app_xml(xml: bytes) -> bytes:
    root = _parse(xml)
    for name in APP_DROP:
        for element in root.findall(f"{{{APP_NS}}}{name}"):
            root.remove(element)
    return _serialise(root)


def _meta_xml(xml: bytes) -> bytes:
    from lxml import etree

    root = _parse(xml)
    version = root.get(f"{{{ODF_OFFICE}}}version")
    clean = etree.Element(f"{{{ODF_OFFICE}}}document-meta", nsmap={"office": ODF_OFFICE})
    if version:
        clean.set(f"{{{ODF_OFFICE}}}version", version)
    etree.SubElement(clean, f"{{{ODF_OFFICE}}}meta")
    return etree.tostring(clean, xml_declaration=True, encoding="UTF-8")


def _settings_xml(xml: bytes) -> bytes:
    from lxml import etree

    root = _parse(xml)
    for item in root.iter(f"{{{ODF_CONFIG}}}config-item"):
        if item.get(f"{{{ODF_CONFIG}}}name") in ODF_SETTINGS_DROP:
            item.getparent().remove(item)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _rewrite_zip(data: bytes, replace) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = source.infolist()
        names = [e.filename for e in entries]
        if len(set(names)) != len(names):
            raise ValueError("duplicate entries")
        if sum(e.file_size for e in entries) > MAX_EXPANDED:
            raise ValueError("expands too far")
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for entry in entries:
                content = source.read(entry)
                if not entry.is_dir():
                    content = replace(entry.filename, content)
                info = zipfile.ZipInfo(entry.filename, date_time=ZIP_EPOCH)
                info.compress_type = entry.compress_type
                info.external_attr = entry.external_attr
                target.writestr(info, content)
    return out.getvalue()


def _media(name: str, content: bytes) -> bytes:
    if name.startswith(MEDIA_FOLDERS):
        return _image_in_container(content)
    return content


def _ooxml(data: bytes, mime: str) -> bytes:
    def replace(name: str, content: bytes) -> bytes:
        if name == "docProps/core.xml":
            return CORE_XML
        if name == "docProps/custom.xml":
            return CUSTOM_XML
        if name == "docProps/app.xml":
            return _app_xml(content)
        return _media(name, content)

    return _rewrite_zip(data, replace)


def _opendocument(data: bytes, mime: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        if source.infolist()[0].filename != "mimetype":
            raise ValueError("not a well-formed OpenDocument package")

    def replace(name: str, content: bytes) -> bytes:
        if name == "meta.xml":
            return _meta_xml(content)
        if name == "settings.xml":
            return _settings_xml(content)
        return _media(name, content)

    return _rewrite_zip(data, replace)


# --- for callers: a checked, cleaned file ready to save -------------------------------------------

class CleanUpload(NamedTuple):
    content: ContentFile
    checked: uploads.Checked
    applied: bool


def clean_upload(upload, *, max_size: int | None = None, strip: bool = True) -> CleanUpload:
    """Check an upload (`uploads.check`: size, content type; RuleError on field "file") and,
    with `strip`, remove its metadata. Returns (content, checked, applied): `content` is a
    ContentFile named `upload.<ext>` to save into any FileField (its name only carries the
    extension: `upload_to` gives the real one), `applied` whether metadata was removed (False
    when not asked, or when the type cannot be cleaned: the bytes are the original ones).

    Cleaned bytes are used only when they are still sniffed as the same type; otherwise the
    original bytes are kept and `applied` is False.
    """
    checked = uploads.check(upload, limit=max_size)
    data = uploads.read_all(upload)
    applied = False
    if strip:
        cleaned, applied = strip_metadata(data, checked.mime)
        if applied and uploads.sniff(cleaned) == checked.mime:
            data = cleaned
        else:
            applied = False
    return CleanUpload(ContentFile(data, name=f"upload.{checked.extension}"), checked, applied)
