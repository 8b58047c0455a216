"""The intake desk (/intake/) and a draft's page: a unit's drafts for its officers only."""

from __future__ import annotations

from oversight.intake.models import Draft


def test_the_desk_and_the_draft_page_show_the_units_drafts_only(web, nghean, hanoi, unit):
    draft = Draft.objects.create(unit=unit("nghe_an"), source="scan", status="ready",
                                 title="Đơn của ông Hùng", text="Đơn khiếu nại", proposed={})
    link = f"/intake/{draft.pk}/"
    desk = web(nghean).get("/intake/")
    assert desk.status_code == 200 and link in desk.content.decode()
    page = web(nghean).get(link)
    assert page.status_code == 200 and "Đơn của ông Hùng" in page.content.decode()
    assert link not in web(hanoi).get("/intake/").content.decode()
    assert web(hanoi).get(link).status_code == 404
    assert web(hanoi).post(f"/intake/{draft.pk}/discard/").status_code == 404
    assert Draft.objects.get(pk=draft.pk).status == "ready"
