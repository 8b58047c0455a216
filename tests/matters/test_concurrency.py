"""Two users saving the same matter: the second is told, nothing is overwritten silently."""

from oversight.matters.models import Matter


def test_api_second_save_gets_409(api, nghean, make_user, make_matter):
    colleague = make_user("colleague", "nghe_an")
    matter = make_matter("nghe_an", title="Tên gốc")
    url = f"/api/matters/{matter.pk}/"
    version = api(nghean).get(url).json()["version"]
    first = api(nghean).patch(url, {"title": "Sửa của người thứ nhất", "version": version},
                              format="json")
    assert first.status_code == 200 and first.json()["version"] == version + 1
    second = api(colleague).patch(url, {"title": "Sửa của người thứ hai", "version": version},
                                  format="json")
    assert second.status_code == 409
    assert "version" in second.json()
    assert Matter.objects.get(pk=matter.pk).title == "Sửa của người thứ nhất"


def test_web_second_save_shows_the_conflict(web, nghean, make_matter, unit):
    matter = make_matter("nghe_an", title="Tên gốc")
    page = web(nghean)
    form = page.get(f"/matters/{matter.pk}/edit/").context["form"]
    stale = form["version"].value()
    data = {"title": "Lần một", "kind": "case", "monitoring_level": "provincial",
            "responsible_unit": unit("nghe_an").pk, "monitored_from": "2024-03-01",
            "stage": matter.stage, "version": stale}
    assert page.post(f"/matters/{matter.pk}/edit/", data).status_code == 302
    response = page.post(f"/matters/{matter.pk}/edit/", {**data, "title": "Lần hai"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()  # shown above the form
    assert "alert-danger" in response.content.decode()
    assert Matter.objects.get(pk=matter.pk).title == "Lần một"
