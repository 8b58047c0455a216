"""The audit trail's API (/api/audit/): administrators read the entries with their fields,
filtered by record; nobody else reads it, and nobody changes it."""


def test_an_administrator_reads_the_trail_of_a_record(api, admin_user, make_matter):
    matter = make_matter("nghe_an", title="Vụ án Cảng cá Cửa Hội")
    listing = api(admin_user).get("/api/audit/", {"object_type": "matters.matter",
                                                  "object_id": matter.pk})
    assert listing.status_code == 200
    rows = listing.json()["results"]
    assert rows and {r["object_id"] for r in rows} == {str(matter.pk)}
    assert {"id", "at", "username", "action", "object_type", "object_repr", "changes",
            "redacted", "prev_hash", "hash"} <= set(rows[0])
    assert any("Cửa Hội" in r["object_repr"] for r in rows)
    one = api(admin_user).get(f"/api/audit/{rows[0]['id']}/")
    assert one.status_code == 200 and one.json()["hash"] == rows[0]["hash"]


def test_an_officer_may_not_read_it_and_nobody_writes_it(api, nghean, admin_user, make_matter):
    make_matter("nghe_an")
    assert api(nghean).get("/api/audit/").status_code == 403
    assert api(None).get("/api/audit/").status_code in (401, 403)
    entry = api(admin_user).get("/api/audit/").json()["results"][0]
    assert api(admin_user).delete(f"/api/audit/{entry['id']}/").status_code == 405
    assert api(admin_user).post("/api/audit/", {}, format="json").status_code == 405
