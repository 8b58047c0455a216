"""Metadata removal on real generated files: images, PDF, Office, OpenDocument."""

from __future__ import annotations

import io
import zipfile

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import ExifTags, Image, ImageSequence
from PIL.PngImagePlugin import PngInfo

from oversight.core.errors import RuleError
from oversight.petitions import actions, uploads
from oversight.petitions.choices import EventKind
from oversight.petitions.models import PetitionAttachment
from oversight.petitions.sanitize import clean_upload, strip_metadata

WHO = "Nguyễn Văn Tố Cáo"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"


def _exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = WHO
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Model X"
    exif[ExifTags.Base.Orientation] = 6  # the camera was turned: rotate 90° clockwise to show
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (18.0, 40.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (105.0, 41.0, 30.0)
    return exif


def jpeg_with_exif() -> bytes:
    """40×20, red on the left half: shown upright it is 20×40, red on top."""
    image = Image.new("RGB", (40, 20), "blue")
    image.paste((255, 0, 0), (0, 0, 20, 20))
    out = io.BytesIO()
    image.save(out, "JPEG", exif=_exif(), comment=b"shot by " + WHO.encode(), quality=95,
               xmp=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>" + WHO.encode() + b"</x:xmpmeta>")
    return out.getvalue()


def test_jpeg_exif_gps_artist_make_removed_and_orientation_applied():
    data = jpeg_with_exif()
    with Image.open(io.BytesIO(data)) as before:
        assert before.getexif()[ExifTags.Base.Make] == "PhoneMaker"
    cleaned, applied = strip_metadata(data, "image/jpeg")
    assert applied
    for leak in (b"PhoneMaker", b"Model X", WHO.encode(), b"Exif\x00\x00", b"xmpmeta"):
        assert leak not in cleaned
    with Image.open(io.BytesIO(cleaned)) as after:
        after.load()
        assert after.format == "JPEG" and after.size == (20, 40)
        assert not after.getexif() and "comment" not in after.info
        top, bottom = after.getpixel((10, 5)), after.getpixel((10, 35))
    assert top[0] > 200 and top[2] < 60  # red on top: the rotation was applied
    assert bottom[2] > 200 and bottom[0] < 60


def test_png_text_chunks_and_exif_removed():
    info = PngInfo()
    info.add_text("Author", WHO)
    info.add_text("Comment", "GPS 18.67N")
    info.add_itxt("Description", "chụp tại nhà ông B", lang="vi")
    image = Image.new("RGBA", (8, 8), (10, 20, 30, 128))
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, exif=_exif())
    data = out.getvalue()
    assert b"tEXt" in data and b"iTXt" in data
    cleaned, applied = strip_metadata(data, "image/png")
    assert applied
    for chunk in (b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"Author", b"PhoneMaker"):
        assert chunk not in cleaned
    with Image.open(io.BytesIO(cleaned)) as after:
        assert after.format == "PNG" and after.mode == "RGBA"
        assert after.getpixel((3, 3)) == (10, 20, 30, 128)


@pytest.mark.parametrize("fmt,mime,options", [
    ("WEBP", "image/webp", {"lossless": True}),
    ("TIFF", "image/tiff", {"compression": "tiff_lzw"}),
    ("GIF", "image/gif", {"comment": WHO.encode()}),
    ("BMP", "image/bmp", {}),
])
def test_other_image_formats_keep_their_format_and_pixels(fmt, mime, options):
    image = Image.new("RGB", (16, 12), (200, 30, 40))
    out = io.BytesIO()
    extra = {"exif": _exif()} if fmt in ("WEBP", "TIFF") else {}
    image.save(out, fmt, **options, **extra)
    cleaned, applied = strip_metadata(out.getvalue(), mime)
    assert applied and b"PhoneMaker" not in cleaned and WHO.encode() not in cleaned
    with Image.open(io.BytesIO(cleaned)) as after:
        assert after.format == fmt
        assert after.convert("RGB").getpixel((2, 2)) == (200, 30, 40)
    assert uploads.sniff(cleaned) == mime


def test_animated_gif_keeps_its_frames():
    frames = [Image.new("RGB", (10, 10), color) for color in ("red", "green", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0,
                   comment=b"made by " + WHO.encode())
    cleaned, applied = strip_metadata(out.getvalue(), "image/gif")
    assert applied and WHO.encode() not in cleaned
    with Image.open(io.BytesIO(cleaned)) as after:
        assert sum(1 for _ in ImageSequence.Iterator(after)) == 3


def pdf_with_metadata() -> bytes:
    pdf = pikepdf.new()
    for _ in range(3):
        pdf.add_blank_page(page_size=(200, 200))
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:creator"] = ["Xmp Author Name"]
        meta["xmp:CreatorTool"] = "Xmp Creator Tool"
    pdf.docinfo["/Author"] = WHO
    pdf.docinfo["/Creator"] = "Scanner Pro 9"
    pdf.docinfo["/Producer"] = "Secret Producer"
    pdf.pages[0].obj["/Metadata"] = pdf.make_stream(b"<x:xmpmeta>Page Meta Secret</x:xmpmeta>")
    script = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript,
                                                  JS=pikepdf.String("app.alert('x')")))
    pdf.Root.OpenAction = script
    pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(
        Names=pikepdf.Array([pikepdf.String("js"), script])))
    pdf.attachments["contacts.txt"] = pikepdf.AttachedFileSpec(pdf, b"hidden attachment data")
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)
    return out.getvalue()


def test_pdf_info_xmp_javascript_and_attachments_removed():
    data = pdf_with_metadata()
    assert b"Xmp Author Name" in data and b"Scanner Pro 9" in data
    cleaned, applied = strip_metadata(data, "application/pdf")
    assert applied
    for leak in (b"Scanner Pro 9", b"Secret Producer", b"Xmp Author Name", b"Xmp Creator Tool",
                 b"Page Meta Secret", b"app.alert", b"hidden attachment data"):
        assert leak not in cleaned
    with pikepdf.open(io.BytesIO(cleaned)) as pdf:
        assert len(pdf.pages) == 3
        assert "/Info" not in pdf.trailer or not dict(pdf.docinfo)
        assert "/Metadata" not in pdf.Root and "/OpenAction" not in pdf.Root
        assert "/Metadata" not in pdf.pages[0].obj
        assert len(pdf.attachments) == 0
    assert uploads.sniff(cleaned) == "application/pdf"


def docx_with_author() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Nội dung tố cáo")
    document.core_properties.author = WHO
    document.core_properties.last_modified_by = "Tran Thi Modifier"
    document.core_properties.title = "Tiêu đề bí mật"
    out = io.BytesIO()
    document.save(out)
    # python-docx leaves app.xml alone: add what Word writes there
    return _replace_entry(out.getvalue(), "docProps/app.xml", (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://'
        b'schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://'
        b'schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Template>Normal.dotm'
        b'</Template><TotalTime>42</TotalTime><Pages>1</Pages><Application>Microsoft Office '
        b'Word</Application><Company>So Tai Nguyen Moi Truong</Company><Manager>Boss Name'
        b'</Manager></Properties>'))


def _replace_entry(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            body = content if entry.filename == name else source.read(entry)
            target.writestr(entry, body)
        if name not in source.namelist():
            target.writestr(name, content)
    return out.getvalue()


def _docprops(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"".join(archive.read(n) for n in archive.namelist() if n.startswith("docProps/"))


def test_docx_core_and_app_properties_emptied_and_it_still_opens():
    import docx

    data = docx_with_author()
    assert b"Tran Thi Modifier" in _docprops(data)
    cleaned, applied = strip_metadata(data, DOCX)
    assert applied
    props = _docprops(cleaned)
    for leak in (b"Nguy", b"Tran Thi Modifier", b"So Tai Nguyen", b"Boss Name", b"TotalTime",
                 "Tiêu đề".encode()):
        assert leak not in props
    assert b"Microsoft Office Word" in props  # the rest of app.xml stays
    document = docx.Document(io.BytesIO(cleaned))
    assert document.paragraphs[0].text == "Nội dung tố cáo"
    assert document.core_properties.author == "" and document.core_properties.title == ""
    assert uploads.sniff(cleaned) == DOCX


def test_docx_embedded_photo_loses_its_exif():
    import docx

    document = docx.Document()
    document.add_picture(io.BytesIO(jpeg_with_exif()))
    out = io.BytesIO()
    document.save(out)
    assert b"PhoneMaker" in _all_entries(out.getvalue())
    cleaned, applied = strip_metadata(out.getvalue(), DOCX)
    assert applied and b"PhoneMaker" not in _all_entries(cleaned)
    assert len(docx.Document(io.BytesIO(cleaned)).inline_shapes) == 1


def _all_entries(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"".join(archive.read(n) for n in archive.namelist())


def test_xlsx_creator_removed_and_it_still_opens():
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "Số tiền"
    book.properties.creator = WHO
    book.properties.lastModifiedBy = "Tran Thi Modifier"
    out = io.BytesIO()
    book.save(out)
    cleaned, applied = strip_metadata(out.getvalue(), XLSX)
    assert applied
    assert b"Nguy" not in _docprops(cleaned) and b"Tran Thi" not in _docprops(cleaned)
    reopened = openpyxl.load_workbook(io.BytesIO(cleaned))
    assert reopened.active["A1"].value == "Số tiền"
    assert reopened.properties.creator != WHO and not reopened.properties.lastModifiedBy


def odt_with_meta() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODT, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:'
            'oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:'
            'opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:text>'
            '<text:p>Nội dung</text:p></office:text></office:body></office:document-content>'))
        archive.writestr("meta.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><office:document-meta xmlns:office="urn:oasis'
            ':names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument'
            ':xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3">'
            f'<office:meta><meta:initial-creator>{WHO}</meta:initial-creator><dc:creator>Editor '
            'Person</dc:creator><meta:generator>LibreOffice/7.4</meta:generator>'
            '<meta:user-defined meta:name="Phone">0912345678</meta:user-defined>'
            '</office:meta></office:document-meta>'))
        archive.writestr("settings.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><office:document-settings xmlns:office="urn:'
            'oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:config="urn:oasis:names:tc:'
            'opendocument:xmlns:config:1.0"><office:settings><config:config-item-set config:'
            'name="ooo:configuration-settings"><config:config-item config:name="PrinterName" '
            'config:type="string">HP-Phong-Thanh-Tra</config:config-item><config:config-item '
            'config:name="AddParaSpacing" config:type="boolean">true</config:config-item>'
            '</config:config-item-set></office:settings></office:document-settings>'))
        archive.writestr("META-INF/manifest.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
            'names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path='
            f'"/" manifest:media-type="{ODT}"/></manifest:manifest>'))
    return out.getvalue()


def test_opendocument_meta_and_printer_removed():
    data = odt_with_meta()
    assert uploads.sniff(data) == ODT
    cleaned, applied = strip_metadata(data, ODT)
    assert applied
    everything = _all_entries(cleaned)
    for leak in (WHO.encode(), b"Editor Person", b"0912345678", b"LibreOffice/7.4",
                 b"HP-Phong-Thanh-Tra"):
        assert leak not in everything
    with zipfile.ZipFile(io.BytesIO(cleaned)) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert b"AddParaSpacing" in archive.read("settings.xml")
        assert "Nội dung".encode() in archive.read("content.xml")
        assert b'office:version="1.3"' in archive.read("meta.xml")
    assert uploads.sniff(cleaned) == ODT


def test_plain_text_unchanged_and_unknown_types_not_applied():
    text = "Nội dung\n".encode()
    assert strip_metadata(text, "text/plain") == (text, True)
    assert strip_metadata(b"\xd0\xcf\x11\xe0 old word", "application/msword") == (
        b"\xd0\xcf\x11\xe0 old word", False)


@pytest.mark.parametrize("mime", ["image/jpeg", "application/pdf", DOCX, ODT])
def test_corrupt_file_comes_back_unchanged(mime):
    broken = {"image/jpeg": b"\xff\xd8\xff\xe0 truncated", "application/pdf": b"%PDF-1.7\n1 0",
              DOCX: b"PK\x03\x04 not really", ODT: b"PK\x03\x04 nope"}[mime]
    assert strip_metadata(broken, mime) == (broken, False)


# --- clean_upload and add_attachment ---------------------------------------------------------

def test_disguised_html_named_jpg_is_still_refused():
    upload = SimpleUploadedFile("anh.jpg", b"<html><body><script>alert(1)</script></body></html>")
    with pytest.raises(RuleError) as error:
        clean_upload(upload)
    assert error.value.field == "file"


def test_clean_upload_returns_a_named_cleaned_content_file():
    content, checked, applied = clean_upload(SimpleUploadedFile("x.jpg", jpeg_with_exif()))
    assert checked.mime == "image/jpeg" and applied and content.name == "upload.jpg"
    assert b"PhoneMaker" not in content.read()


def test_clean_upload_without_strip_keeps_the_bytes():
    data = jpeg_with_exif()
    content, _checked, applied = clean_upload(SimpleUploadedFile("x.jpg", data), strip=False)
    assert content.read() == data and applied is False


@translation.override("en")  # the refusal is read as text
def test_max_size_lowers_the_limit_but_never_raises_it(settings):
    settings.MAX_UPLOAD_SIZE = 2048
    small = SimpleUploadedFile("a.txt", b"a" * 600)
    with pytest.raises(RuleError, match="too large"):
        uploads.check(small, limit=500)
    assert uploads.check(small, limit=1000).mime == "text/plain"
    with pytest.raises(RuleError, match="too large"):
        uploads.check(SimpleUploadedFile("b.txt", b"b" * 3000), limit=10_000)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_add_attachment_strip_stores_clean_bytes_and_records_it(make_petition, nghean, media):
    petition = make_petition()
    attachment = actions.add_attachment(
        petition, by=nghean, upload=SimpleUploadedFile("anh.jpg", jpeg_with_exif()), strip=True)
    with attachment.file.open("rb") as fh:
        stored = fh.read()
    assert b"PhoneMaker" not in stored and attachment.size == len(stored)
    event = petition.events.get(kind=EventKind.ATTACHMENT_ADDED)
    assert event.changes == {"file": "anh.jpg", "metadata_removed": True}


def test_add_attachment_default_keeps_the_original(make_petition, nghean, media):
    petition = make_petition()
    data = jpeg_with_exif()
    attachment = actions.add_attachment(petition, by=nghean,
                                        upload=SimpleUploadedFile("anh.jpg", data))
    with attachment.file.open("rb") as fh:
        assert fh.read() == data
    assert petition.events.get(kind=EventKind.ATTACHMENT_ADDED).changes == {"file": "anh.jpg"}


def test_add_attachment_max_size_refusal_leaves_nothing(make_petition, nghean, media):
    petition = make_petition()
    with pytest.raises(RuleError):
        actions.add_attachment(petition, by=nghean, max_size=100, strip=True,
                               upload=SimpleUploadedFile("a.pdf", pdf_with_metadata()))
    assert not PetitionAttachment.objects.exists()
    assert [p for p in media.rglob("*") if p.is_file()] == []


def test_pdf_that_needs_a_password_comes_back_unchanged():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(user="mat-khau", owner="chu"))
    data = out.getvalue()
    assert strip_metadata(data, "application/pdf") == (data, False)
