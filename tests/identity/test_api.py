"""The access-list endpoints every classified record's API has (identity/api/views.py):
classify, list, grant and revoke; refusals name the field; an officer may not manage the list."""

import pytest

from oversight.accounts.roles import Role


@pytest.fixture
def head(make_user):
    return make_user("truong_ban", "nghe_an", roles=(Role.HEAD,))


def test_the_head_classifies_grants_and_revokes(api, head, nghean, hanoi, make_matter):
    matter = make_matter("nghe_an")
    url = f"/api/matters/{matter.pk}/"
    classified = api(head).post(url + "security-classification/",
                                {"security_classification": "secret"}, format="json")
    assert classified.status_code == 200
    assert classified.json() == {"security_classification": "secret"}
    assert api(nghean).get(url).status_code == 404  # secret: off the list, not found
    granted = api(head).post(url + "grants/", {"user": "nghean"}, format="json")
    assert granted.status_code == 201
    body = granted.json()
    assert {"security_classification", "grants", "events"} <= set(body)
    assert body["security_classification"] == "secret"
    assert api(nghean).get(url).status_code == 200
    refused = api(head).post(url + "grants/", {"user": hanoi.username}, format="json")
    assert refused.status_code == 400 and "user" in refused.json()
    unknown = api(head).post(url + "grants/", {"user": "nobody-at-all"}, format="json")
    assert unknown.status_code == 400 and "user" in unknown.json()
    assert api(head).delete(url + "grants/nghean/").status_code == 204
    assert api(head).delete(url + "grants/nghean/").status_code == 404
    assert api(nghean).get(url).status_code == 404


def test_an_officer_may_not_classify(api, nghean, make_matter):
    matter = make_matter("nghe_an")
    response = api(nghean).post(f"/api/matters/{matter.pk}/security-classification/",
                                {"security_classification": "secret"}, format="json")
    assert response.status_code in (400, 403)
    matter.refresh_from_db()
    assert matter.security_classification == "normal"
