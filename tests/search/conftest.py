"""Records of every searchable kind, shared by the search tests."""

import datetime as dt

import pytest

from oversight.petitions import actions
from oversight.units.models import Unit
from tests.petitions.conftest import make_petition  # noqa: F401  (fixture reused here)


@pytest.fixture
def records(make_petition, make_matter, db):  # noqa: F811
    p = make_petition(kind="complaint", subject="Khiếu nại của ông Hùng",
                      petitioner={"name": "Nguyễn Văn Hùng", "id_number": "0400"})
    d = make_petition(kind="denunciation", subject="Tố cáo cán bộ địa chính",
                      respondents=[{"name": "Đặng Văn Lâm", "position": "Cán bộ địa chính"}])
    m = make_matter(title="Vụ án Đặng Thị Hoa tham ô tài sản")
    h = actions.create_hotspot(by=None, unit=Unit.objects.get(code="nghe_an"),
                               name="Khiếu kiện đông người xã Diễn Đồng",
                               started_on=dt.date(2024, 1, 1))
    other = make_petition("ha_noi", subject="Nguyễn Văn Hùng ở Hà Nội")
    return {"petition": p, "denunciation": d, "matter": m, "hotspot": h, "other": other}
