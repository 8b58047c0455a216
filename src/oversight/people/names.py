"""Vietnamese personal names in family–middle–given order, with realistic frequencies.

The people that the project makes up: the seed data (`seeding/`), the intake samples
(`intake/synthetic.py`) and the linking model's training records (`people/synthetic.py`).
"""

from __future__ import annotations

import random

# Family names with rough shares of the population (Nguyễn ≈ 38%).
FAMILY = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 5.1), ("Huỳnh", 2),
    ("Phan", 4.5), ("Vũ", 3.9), ("Võ", 2), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4),
    ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1), ("Lý", 0.5), ("Đinh", 0.6), ("Trịnh", 0.5),
    ("Đào", 0.4), ("Lương", 0.3), ("Mai", 0.3), ("Tạ", 0.2), ("Chu", 0.2), ("Thái", 0.2),
]
MIDDLE_MALE = [("Văn", 40), ("Đức", 10), ("Minh", 10), ("Quang", 8), ("Hữu", 8),
               ("Xuân", 5), ("Thanh", 5), ("Ngọc", 4), ("Trọng", 4), ("Anh", 3), ("Công", 3)]
MIDDLE_FEMALE = [("Thị", 55), ("Ngọc", 10), ("Thu", 8), ("Thanh", 8), ("Minh", 6),
                 ("Hồng", 5), ("Kim", 4), ("Phương", 4)]
GIVEN_MALE = ["Hùng", "Dũng", "Tuấn", "Hải", "Long", "Nam", "Sơn", "Thắng", "Cường", "Đạt",
              "Hưng", "Khánh", "Lâm", "Phong", "Quân", "Thành", "Trung", "Việt", "Vinh", "Bình",
              "Hòa", "Đông", "Tâm", "Toàn", "Kiên", "Nghĩa", "Đức", "Hiếu", "Hoàng", "Tùng"]
GIVEN_FEMALE = ["Lan", "Hương", "Hoa", "Mai", "Hạnh", "Ngọc", "Thảo", "Trang", "Linh", "Hà",
                "Nga", "Phương", "Yến", "Vân", "Dung", "Hằng", "Loan", "Nhung", "Oanh", "Thủy"]


def _weighted(rng: random.Random, table):
    names, weights = zip(*table, strict=True)
    return rng.choices(names, weights=weights)[0]


def full_name(rng: random.Random) -> str:
    if rng.random() < 0.7:
        return f"{_weighted(rng, FAMILY)} {_weighted(rng, MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"
    return f"{_weighted(rng, FAMILY)} {_weighted(rng, MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"
