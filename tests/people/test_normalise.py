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


# --- what independent records get wrong (issue 17): each class the linking must see through


def test_misplaced_spaces_repeated_words_and_telex_give_the_same_letters():
    same = {n.features(x).name_compact for x in (
        "Nguyễn Minh Hòa", "NguyenM inh Hoa", "Nguyễn Minh Minh Hòa", "Nguyeenx Minh Hoaf",
        "NGUYỄN  MINH HÒA")}
    assert same == {"nguyenminhhoa"}
    assert n.features("Vawn Chaau").name_ascii == "van chau"
    assert n.untelex("tr") == "tr"  # a fragment of 'Trí' split by a space, not Telex
    assert n.features("Nguyễn Minh Hòa").name_compact != n.features("Nguyễn Minh Hoan").name_compact


def test_numbers_read_with_letters_for_digits():
    assert n.split_id("0400951273S0") == ("040095127350", "")
    assert n.split_id("O40 095 l27 350") == ("040095127350", "")
    assert n.split_id("không có") == ("", "")
    assert n.features(id_number="040095127350").id_sorted == \
        n.features(id_number="040095172350").id_sorted  # two digits swapped: same block


def test_phones_in_every_national_and_international_form():
    for written in ("+84 917 947 139", "0917947139", "(+84) 917-947-139", "+84 (0) 917 947 139",
                    "0084 917 947 139", "84917947139", "0917.947.139"):
        assert n.normalise_phone(written) == "0917947139", written


def test_abbreviated_units_and_the_ward_before_and_after_the_merger():
    full = n.normalise_address("4/59 phố 2 Tháng 9, Phường Châu Sơn, Tỉnh Ninh Bình")
    for written in ("4/59 phố 2 Tháng 9, P.Châu Sơn, T.Ninh Bình",
                    "Số 4/59 2 Tháng 9 - P. Châu Sơn - T. Ninh Bình",
                    "4/59 phố 2 Tháng 9 - Phường Thanh Tuyền - Thành phố Phủ Lý - Tỉnh Hà Nam",
                    "4/59 phố 2 Tháng 9, P.Thanh Tuyền, TP.Phủ Lý, T.Hà Nam"):
        assert n.normalise_address(written) == full, written
    assert (full.street, full.ward, full.province) == ("4/59 2 thang 9", "chau son", "ninh_binh")


def rejoined(tail: list[str]) -> list[str]:
    """'Tỉnh Bà Rịa', 'Vũng Tàu' -> 'Tỉnh Bà Rịa Vũng Tàu': a part naming no unit type
    belongs to the one before."""
    from oversight.units import wards

    out: list[str] = []
    for part in tail:
        if out and not wards.key(part).startswith(wards._UNIT_KEYS):
            out[-1] += " " + part
        else:
            out.append(part)
    return out


def test_the_ward_table_reads_split_names_and_provinces_alone_as_the_parser():
    """A name with its own dash ('Bà Rịa - Vũng Tàu', 'Phan Rang - Tháp Chàm', 'Văn Miếu -
    Quốc Tử Giám'), which the address splitter cuts in two, and a province alone, come from
    the table (no parser) with the parser's answer for the name written whole. Control: the
    parser given the split name as written reads 'Vũng Tàu' as a ward."""
    from oversight.units import wards

    cases = [
        "Xã Phước Tân, Huyện Xuyên Mộc, Tỉnh Bà Rịa - Vũng Tàu",
        "Phường Kinh Dinh, Thành phố Phan Rang - Tháp Chàm, Tỉnh Ninh Thuận",
        "Phường Văn Miếu - Quốc Tử Giám, Thành phố Hà Nội",
        "Xã Chân Mây - Lăng Cô, Thành phố Huế",
        "Tỉnh Quảng Ninh",
        "Thành phố Hải Phòng",
    ]
    for text in cases:
        tail = [p for p in n._PARTS.split(text) if p]
        found = wards.lookup(tail)
        assert found is not None, text
        unit = n._today_unit(", ".join(rejoined(tail)))
        assert (n.codename(found[0]), n.fold(found[1]).lower()) == \
            (n.codename(unit.short_province), n.fold(unit.short_ward or "").lower()), text
    as_written = n._today_unit("Xã Phước Tân, Huyện Xuyên Mộc, Tỉnh Bà Rịa, Vũng Tàu")
    assert n.fold(as_written.short_ward).lower() != "ho tram"
    assert n.normalise_address("Xã Phước Tân, Huyện Xuyên Mộc, Tỉnh Bà Rịa - Vũng Tàu") == \
        n.normalise_address("Xã Phước Tân, Huyện Xuyên Mộc, Tỉnh Bà Rịa Vũng Tàu")


def test_the_ward_table_agrees_with_the_parser():
    """The fast look-up (units/wards.py) and the package's parser give the same ward for
    every ward written in full in the independent generator's addresses."""
    from oversight.people import synthetic_faker
    from oversight.units import wards

    checked = 0
    for row in synthetic_faker.generate(300, seed=3):
        if not row["address"]:
            continue
        parts = [p for p in n._PARTS.split(n.expand_unit_abbreviations(row["address"])) if p]
        tail = parts[1:]
        found = wards.lookup(tail)
        if found is None:
            continue
        if wards._find(*wards._indexes(), tuple(wards.key(p) for p in tail)) is None:
            tail = rejoined(tail)  # a name split at its own dash: the parser reads it whole
        unit = n._today_unit(", ".join(tail))
        assert (n.codename(unit.short_province), n.fold(unit.short_ward).lower()) == \
            (n.codename(found[0]), n.fold(found[1]).lower()), row["address"]
        checked += 1
    assert checked > 150
