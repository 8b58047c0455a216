"""Vietnamese alphabetical order and folding (base/vietnamese.py).

The property test compares `sort_key` with a second, naive ordering written here from the
alphabet and tone tables as a Vietnamese reader learns them (letter by letter over the whole
word, then tone by tone, then case), which does not use the module's code."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from oversight.base.vietnamese import fold, sort_key, sorted_vi

LETTERS = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l", "m", "n", "o",
           "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "x", "y"]
VOWELS = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]
TONE_MARKS = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # a à á ả ã ạ


def _spell(letter: str, tone: int) -> str:
    return unicodedata.normalize("NFC", letter + TONE_MARKS[tone])


def _naive_key(word: list[tuple[str, int, bool]]):
    return ([LETTERS.index(letter) for letter, _t, _u in word],
            [tone for _l, tone, _u in word], [int(upper) for _l, _t, upper in word])


def _text(word) -> str:
    out = []
    for letter, tone, upper in word:
        ch = _spell(letter, tone)
        out.append(ch.upper() if upper else ch)
    return "".join(out)


letter_st = st.one_of(
    st.tuples(st.sampled_from(VOWELS), st.integers(0, 5), st.booleans()),
    st.tuples(st.sampled_from([x for x in LETTERS if x not in VOWELS]), st.just(0),
              st.booleans()),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(letter_st, min_size=1, max_size=6), min_size=2, max_size=8))
def test_sort_key_orders_as_the_naive_reader(words):
    texts = [_text(w) for w in words]
    by_key = sorted(range(len(words)), key=lambda i: (sort_key(texts[i]), i))
    by_naive = sorted(range(len(words)), key=lambda i: (_naive_key(words[i]), i))
    assert [texts[i] for i in by_key] == [texts[i] for i in by_naive]


def test_d_with_stroke_after_d_and_before_e():
    names = ["Điện Biên", "Đà Nẵng", "Cà Mau", "Đồng Nai", "Bắc Ninh", "Gia Lai", "Đắk Lắk",
             "Cao Bằng", "Đồng Tháp", "Hà Nội", "An Giang", "Quảng Ninh", "Quảng Trị", "Huế",
             "Lâm Đồng", "Lào Cai", "Sơn La", "Tây Ninh", "Thái Nguyên", "Tuyên Quang",
             "Vĩnh Long", "Cần Thơ", "Hải Phòng", "Hưng Yên", "Khánh Hòa", "Lai Châu",
             "Lạng Sơn", "Nghệ An", "Ninh Bình", "Phú Thọ", "Quảng Ngãi", "Thanh Hóa",
             "Hồ Chí Minh", "Dak Dong"]
    ordered = sorted_vi(names)
    assert ordered.index("Cà Mau") < ordered.index("Cao Bằng") < ordered.index("Cần Thơ")
    assert ordered.index("Dak Dong") < ordered.index("Đà Nẵng") < ordered.index("Gia Lai")
    assert ordered[-1] == "Vĩnh Long"
    # Đ words run together, after every D word and before E/G
    d_run = [n for n in ordered if n.startswith("Đ")]
    first = ordered.index(d_run[0])
    assert ordered[first:first + len(d_run)] == d_run
    assert ordered.index("Hà Nội") < ordered.index("Hải Phòng") < ordered.index("Hồ Chí Minh")
    assert ordered.index("Lai Châu") < ordered.index("Lạng Sơn") < ordered.index("Lào Cai") \
        < ordered.index("Lâm Đồng")


def test_tones_in_order():
    assert sorted_vi(["ạ", "ã", "ả", "á", "à", "a"]) == ["a", "à", "á", "ả", "ã", "ạ"]
    assert sorted_vi(["ă", "â", "b", "a"]) == ["a", "ă", "â", "b"]
    assert sorted_vi(["ư", "v", "u"]) == ["u", "ư", "v"]
    assert sorted_vi(["ơ", "ô", "o", "p"]) == ["o", "ô", "ơ", "p"]
    # the letters decide before the tones: "bà" < "bác" though à sorts after a
    assert sorted_vi(["bác", "bà"]) == ["bà", "bác"]


def test_control_a_code_point_sort_gets_it_wrong():
    """The control: Python's own order puts Đ after Z and "Cà Mau" after "Cao Bằng"."""
    names = ["Đà Nẵng", "Yên Bái", "Cà Mau", "Cao Bằng"]
    assert sorted(names) != sorted_vi(names)
    assert sorted(names)[-1] == "Đà Nẵng"
    assert sorted_vi(names) == ["Cà Mau", "Cao Bằng", "Đà Nẵng", "Yên Bái"]


def test_fold():
    assert fold("Dương Thị Mai") == "duong thi mai"
    assert fold("ĐẤT ĐAI, bồi thường!") == "dat dai boi thuong"
    assert fold("Số 123/QĐ-UBND") == "so 123 qd ubnd"
    assert fold("") == ""
