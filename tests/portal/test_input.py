"""Bad input never stores anything: 400, the message beside the field, no rows, no files."""

from __future__ import annotations

import pytest

from oversight.audit.models import AuditEntry
from oversight.portal.models import Counter, SpentChallenge
from tests.portal.helpers import NOTHING, counts, send, text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("fields", "field"), [
    ({"province": "atlantis"}, "province"),
    ({"province": ""}, "province"),
    ({"province": "", "old_province": "Gotham"}, "old_province"),
    ({"content": ""}, "content"),
    ({"content": "Quá ngắn"}, "content"),
    ({"content": "x" * 20001}, "content"),
    ({"subject": ""}, "subject"),
    ({"subject": "s" * 301}, "subject"),
    ({"kind": ""}, "kind"),
    ({"kind": "bribe"}, "kind"),
    ({"kind": "complaint"}, "identity"),  # a complaint cannot be anonymous
    ({"identity": "someone-else"}, "identity"),
    ({"truthful": None}, "truthful"),
    ({"identity": "named", "name": "", "phone": "0912345678"}, "name"),
    ({"identity": "named", "name": "Lê Văn Tên", "address": "", "phone": ""}, "address"),
    ({"respondents": "r" * 5001}, "respondents"),
    ({"place": "p" * 301}, "place"),
])
def test_bad_input_is_refused_beside_the_field_and_stores_nothing(client, jpeg, fields, field):
    response = send(client, files=[jpeg()], lang="en", **fields)
    assert response.status_code == 400
    body = text(response)
    assert f'id="id_{field}_error"' in body, body[:3000]
    assert 'id="error-summary"' in body and f'href="#id_{field}' in body
    assert counts() == NOTHING
    assert not SpentChallenge.objects.exists()
    assert not Counter.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="portal.").exists()


def test_what_was_typed_is_kept_after_a_refusal(client):
    response = send(client, lang="en", province="atlantis", place="Thôn Đông, xã Nghi Phú")
    assert response.status_code == 400
    assert "Thôn Đông, xã Nghi Phú" in text(response)  # no need to type it again
