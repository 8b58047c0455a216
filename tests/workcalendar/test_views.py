"""The calendar page (/calendar/): everyone reads it; administrators add and remove days, which
recomputes the deadlines they move."""

from __future__ import annotations

import datetime as dt

from oversight.jobs.models import Job
from oversight.workcalendar.models import WorkingDay

D = dt.date


def test_the_page(web, officer, admin_user):
    page = web(officer).get("/calendar/?year=2026")
    assert page.status_code == 200
    text = page.content.decode()
    assert "12729/VPCP-KGVX" in text and "Giao thừa" in text  # holidays named in Vietnamese
    assert 'name="basis"' not in text  # no form for an officer
    assert web(officer).post("/calendar/?year=2026", {}).status_code == 403
    assert web(officer).post("/calendar/2026-01-10/delete/").status_code == 403

    client = web(admin_user)
    page = client.get("/calendar/?year=2027")
    assert 'name="basis"' in page.content.decode()
    refused = client.post("/calendar/?year=2027", {"date": "2027-05-04", "kind": "working_day",
                                                   "basis": "1/TB"})
    assert refused.status_code == 400 and "04/05/2027" in refused.content.decode()
    done = client.post("/calendar/?year=2027", {"date": "2027-05-03", "kind": "day_off",
                                                "basis": "Thông báo 1/TB-BNV"}, follow=True)
    assert done.status_code == 200 and "Thông báo 1/TB-BNV" in done.content.decode()
    assert WorkingDay.objects.get(date=D(2027, 5, 3)).created_by == admin_user
    client.post("/calendar/2027-05-03/delete/")
    assert not WorkingDay.objects.filter(date=D(2027, 5, 3)).exists()
    assert Job.objects.filter(name="calendar_recompute").count() == 2
