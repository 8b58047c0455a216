"""The Vietnamese-specific normalisation, pinned."""

import datetime as dt

from oversight.people import normalise as n


def test_names_fold_d_stroke_and_case():
    assert n.features("Đặng Văn Đức").name_ascii == "dang van duc"
    assert n.features("NGUYỄN VĂN HÙNG").name == "nguyễn văn hùng"
    assert n.features("Nguyen  Van   Hung").name_ascii == "nguyen van hung"
    assert n.display_name("NGUYỄN VĂN HÙNG") == "Nguyễn Văn Hùng"


def test_name_parts_and_missing_middle():
    f = n.features("Nguyễn Thị Thu Hà")
    assert (f.family, f.middle, f.given, f.given_diacritic) == ("nguyen", "thi thu", "ha", "hà")
    assert n.features("Lê Tám").middle == ""


def test_birth_dates():
    assert n.parse_birth("1975") == n.BirthDate(None, 1975)
    assert n.parse_birth("15/08/1975").date == dt.date(1975, 8, 15)
    assert n.parse_birth("1975-08-15").date == dt.date(1975, 8, 15)
    assert n.parse_birth("08/15/1975").date == dt.date(1975, 8, 15)  # month first
    assert n.parse_birth("08/1975").year_only
    f = n.features("A", "05/03/1975")
    assert (f.dob, f.dob_swapped, f.dob_year) == ("1975-03-05", "1975-05-03", "1975")


def test_cmnd_and_cccd_kept_apart():
    assert n.split_id("040085001234") == ("040085001234", "")
    assert n.split_id("186 123 456") == ("", "186123456")
    assert n.split_id("12") == ("", "")


def test_phone_formats():
    for written in ("+84 912 345 678", "84912345678", "0912.345.678", "0912-345-678",
                    "912345678"):
        assert n.normalise_phone(written) == "0912345678", written


def test_old_and_new_address_of_a_merged_province():
    old = n.normalise_address("Số 12 Lê Lợi, Phường Hải Tân, Thành phố Hải Dương, Tỉnh Hải Dương")
    assert old.province == "hai_phong"
    before = n.normalise_address(
        "Số 107 Điện Biên Phủ, Xã Sơn Thủy, Huyện A Lưới, Thành phố Huế")
    after = n.normalise_address("Số 107 Điện Biên Phủ, Xã A Lưới 3, Thành phố Huế")
    assert before == after
    assert n.normalise_address("Đồng Hới, Quảng Bình").province == "quang_tri"
    assert n.normalise_address("Xóm 3, xã Nghi Lộc, Nghệ An").province == "nghe_an"
