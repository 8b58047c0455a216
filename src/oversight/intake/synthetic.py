"""Generated Vietnamese petitions with known truth, rendered to scans: for the tests and the
OCR benchmark (`oversight bench_ocr`).

The letters are written here, independently of the code that reads them (`reading`,
`names`): names come from the seeding tables (real frequencies), addresses from a list of
real street and ward names (no geocoding: nothing leaves the machine), amounts in VND with
dots, diacritics everywhere. Each letter knows its sender, the persons and organisations it
names, its date and place.

Rendering draws the text with DejaVu Serif at a given resolution (A4), then optionally
degrades the page the way paper does: noise, blur, a 2° rotation, JPEG compression, or a
fax-like threshold.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import textwrap
from dataclasses import dataclass, field

from oversight.people.names import full_name

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
PROVINCES = ["Nghệ An", "Hà Tĩnh", "Thanh Hóa", "Quảng Trị", "Hà Nội", "Đắk Lắk", "Cần Thơ",
             "Lào Cai", "Bắc Ninh", "Khánh Hòa"]
STREETS = ["Lê Lợi", "Trần Phú", "Quang Trung", "Nguyễn Trãi", "Hùng Vương", "Lý Thường Kiệt",
           "Phan Đình Phùng", "Điện Biên Phủ", "Hai Bà Trưng", "Đinh Tiên Hoàng"]
WARDS = ["phường Trường Vinh", "xã Nghi Phú", "phường Thành Sen", "xã Hưng Nguyên",
         "phường Đông Hà", "xã Quảng Ninh", "phường Hạc Thành", "xã Cẩm Xuyên"]
COMPANIES = ["Công ty TNHH Xây dựng Hoàng Long", "Công ty Cổ phần Đầu tư Minh Phát",
             "Công ty TNHH Thương mại Phúc Hưng", "Công ty Cổ phần Vật liệu Sông Lam",
             "Công ty TNHH Một thành viên Thành Đạt"]
BODIES = ["Sở Xây dựng", "Sở Tài nguyên và Môi trường", "Phòng Tài chính - Kế hoạch",
          "Ban Quản lý dự án", "Chi cục Thuế khu vực", "Bệnh viện Đa khoa tỉnh"]
POSITIONS = ["Giám đốc", "Phó Giám đốc", "Trưởng phòng", "Kế toán trưởng", "Chủ tịch UBND xã",
             "Cán bộ địa chính"]
WRONGS = [
    "đã nhận của {company} số tiền {amount} đồng để cho doanh nghiệp này trúng gói thầu "
    "xây dựng trường học",
    "đã lập hồ sơ khống để rút {amount} đồng tiền bồi thường giải phóng mặt bằng",
    "đã ép người dân nộp {amount} đồng ngoài quy định khi làm thủ tục cấp giấy chứng nhận "
    "quyền sử dụng đất",
    "đã chỉ đạo nghiệm thu khống công trình của {company}, gây thất thoát {amount} đồng",
]
VERBS = {"denunciation": "tố cáo", "complaint": "khiếu nại việc làm của",
         "recommendation": "kiến nghị xem xét việc làm của", "reflection": "phản ánh việc"}
KIND_TITLES = {"denunciation": "ĐƠN TỐ CÁO", "complaint": "ĐƠN KHIẾU NẠI",
               "recommendation": "ĐƠN KIẾN NGHỊ", "reflection": "ĐƠN PHẢN ÁNH"}


@dataclass
class Letter:
    kind: str
    written_on: dt.date
    place: str
    sender: str
    address: str
    id_number: str
    phone: str
    persons: list[str] = field(default_factory=list)  # named (not the sender)
    organisations: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # the text as laid out on the page(s)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _amount(rng: random.Random) -> str:
    value = rng.randint(5, 900) * rng.choice([1_000_000, 10_000_000, 100_000])
    return f"{value:,}".replace(",", ".")


def letter(seed: int, *, paragraphs: int = 3, kind: str | None = None) -> Letter:
    """One petition letter, its truth and its lines (about one page for 3 paragraphs)."""
    rng = random.Random(seed)
    kind = kind or rng.choice(list(KIND_TITLES))
    place = rng.choice(PROVINCES)
    written = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 600))
    sender = full_name(rng)
    address = (f"Số {rng.randint(1, 300)} {rng.choice(STREETS)}, {rng.choice(WARDS)}, "
               f"{rng.choice(PROVINCES)}")
    id_number = f"0{rng.randint(10, 96)}{rng.randint(0, 1)}{rng.randint(50, 99)}" \
                f"{rng.randint(0, 999999):06d}"
    phone = f"09{rng.randint(10_000_000, 99_999_999)}"
    accused = [full_name(rng) for _ in range(rng.randint(1, 2))]
    company = rng.choice(COMPANIES)
    body = rng.choice(BODIES)
    letter_ = Letter(kind, written, place, sender, address, id_number, phone,
                     persons=accused, organisations=[company, body])
    paragraphs_text = [
        f"Tôi tên là {sender}, sinh năm {rng.randint(1950, 1995)}, CCCD số {id_number}, "
        f"địa chỉ: {address}. Điện thoại: {phone[:4]} {phone[4:7]} {phone[7:]}.",
    ]
    for number in range(paragraphs):
        who = accused[number % len(accused)]
        wrong = rng.choice(WRONGS).format(company=company, amount=_amount(rng))
        paragraphs_text.append(
            f"Tôi {VERBS[kind]} ông {who}, "
            f"{rng.choice(POSITIONS)} {body}, {wrong}. Việc này xảy ra từ tháng "
            f"{rng.randint(1, 12)} năm {written.year - 1} đến nay, nhiều hộ dân đã bức xúc "
            f"và đề nghị cơ quan có thẩm quyền xem xét, xử lý nghiêm theo quy định.")
    paragraphs_text.append("Tôi xin cam đoan những nội dung trên là đúng sự thật và chịu "
                           "trách nhiệm trước pháp luật.")
    lines = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "",
             f"{place}, ngày {written.day} tháng {written.month} năm {written.year}", "",
             KIND_TITLES[kind], "", f"Kính gửi: Ban Nội chính Tỉnh ủy {place}", ""]
    for paragraph in paragraphs_text:
        lines += textwrap.wrap(paragraph, 72) + [""]
    lines += ["Người viết đơn", sender]
    letter_.lines = lines
    return letter_


CONDITIONS = ("clean", "noise", "blur", "rotate", "jpeg", "fax")


def render(lines: list[str], *, dpi: int = 300, condition: str = "clean", seed: int = 0,
           lines_per_page: int = 48):
    """The lines drawn on A4 pages (PIL images, mode L), degraded per `condition`."""
    from PIL import Image, ImageDraw, ImageFont

    rng = random.Random(seed)
    font = ImageFont.truetype(FONT, round(12 * dpi / 72))
    step = round(12 * dpi / 72 * 1.5)
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    pages = []
    for start in range(0, max(1, len(lines)), lines_per_page):
        page = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(page)
        y = round(0.8 * dpi)
        for line in lines[start:start + lines_per_page]:
            draw.text((round(0.9 * dpi), y), line, font=font, fill=0)
            y += step
        pages.append(_degrade(page, condition, rng, dpi))
    return pages


def _degrade(page, condition: str, rng: random.Random, dpi: int):
    from PIL import Image, ImageFilter

    if condition == "noise":
        import numpy as np

        array = np.asarray(page, dtype=np.int16)
        noise = np.random.default_rng(rng.randint(0, 2**31)).normal(0, 40, array.shape)
        speckle = np.random.default_rng(rng.randint(0, 2**31)).random(array.shape) < 0.002
        array = np.clip(array + noise, 0, 255)
        array[speckle] = 0
        return Image.fromarray(array.astype("uint8"), "L")
    if condition == "blur":
        return page.filter(ImageFilter.GaussianBlur(radius=dpi / 300 * 1.3))
    if condition == "rotate":
        return page.rotate(2, resample=Image.BILINEAR, expand=False, fillcolor=255)
    if condition == "jpeg":
        out = io.BytesIO()
        page.save(out, "JPEG", quality=25)
        return Image.open(io.BytesIO(out.getvalue())).convert("L")
    if condition == "fax":  # halved vertical resolution, then a hard threshold
        small = page.resize((page.width, page.height // 2), Image.BILINEAR)
        return small.resize(page.size, Image.NEAREST).point(lambda v: 255 if v > 150 else 0)
    return page


def to_pdf(pages, dpi: int) -> bytes:
    """The pages as a PDF of lossless images (img2pdf), as a scanner makes it."""
    import img2pdf

    return img2pdf.convert([to_png(page, dpi) for page in pages])


def to_png(page, dpi: int) -> bytes:
    out = io.BytesIO()
    page.save(out, "PNG", dpi=(dpi, dpi))
    return out.getvalue()


def to_photo(page) -> bytes:
    """A JPEG like a phone's: no resolution recorded, slightly rotated, compressed."""
    from PIL import Image

    out = io.BytesIO()
    page.rotate(1.5, resample=Image.BILINEAR, expand=True, fillcolor=235).convert("RGB").save(
        out, "JPEG", quality=80)
    return out.getvalue()


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate over whitespace-normalised text (jiwer)."""
    import jiwer

    return jiwer.cer(" ".join(reference.split()), " ".join(hypothesis.split()))


def wer(reference: str, hypothesis: str) -> float:
    import jiwer

    return jiwer.wer(" ".join(reference.split()), " ".join(hypothesis.split()))
