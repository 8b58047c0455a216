"""Typed text (core/text.py): NFC, visible when required, no bidi controls — on every model's
text fields, through the API, the forms and the model layer."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from hypothesis import given
from hypothesis import strategies as st

from oversight.core import text
from oversight.core.errors import RuleError

INVISIBLE = "\u202e\u200b\ufeff"
ONLY_FORMAT = ["\u200b", "\ufeff", " \u200b\u2060 ", "\u00ad", "\u3164", "\u0301", "\t\n"]


def test_invisible_and_bidi_refused_visible_accepted():
    for value in [INVISIBLE, *ONLY_FORMAT]:
        assert text.problem(value) is not None, repr(value)
    assert text.problem("Tiê\u0301n \u202egnoa") == text.BIDI_MESSAGE
    assert text.problem("\u202e", required=False) == text.BIDI_MESSAGE
    assert text.problem("\u200b", required=False) is None  # optional: may be blank-looking
    for value in ["Vụ án", "a", "0", "Tiê\u0301n", "\u200fمرحبا", "中"]:
        assert text.problem(value) is None, repr(value)


@given(st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "Mn"]), min_size=1))
def test_property_nothing_visible_is_refused(value):
    assert text.problem(value) is not None


@given(st.text(min_size=1).filter(lambda v: not set(v) & text.BIDI_CONTROLS))
def test_property_any_visible_letter_is_enough(value):
    assert text.problem(value + "x") is None


def _checked_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("oversight.") or \
                model._meta.app_label in text.EXEMPT_APPS:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField) and not field.choices \
                    and field.name not in text.NOT_TYPED:
                yield model, field


def test_every_model_text_field_carries_the_validator():
    fields = list(_checked_fields())
    assert len(fields) > 50
    missing = [f"{m.__name__}.{f.name}" for m, f in fields
               if (text.validate_text if not f.blank else text.validate_optional_text)
               not in f.validators]
    assert missing == []
    required = [(m, f) for m, f in fields if not f.blank]
    for _model, field in required:  # the model layer refuses it: forms and model serializers
        with pytest.raises(ValidationError):
            field.run_validators("\u200b\ufeff")


def test_every_model_serializer_text_field_refuses_it():
    """Model serializers take the model field's validators; a declared CharField for a
    required model text field must carry them too."""
    from rest_framework import serializers

    from tests.core.test_scoped_fields import _all_serializers

    checked, leaks = 0, []
    for cls in _all_serializers():
        if not issubclass(cls, serializers.ModelSerializer) or not hasattr(cls, "Meta"):
            continue
        model = cls.Meta.model
        serializer = cls(context={"request": None})
        for name, field in serializer.fields.items():
            if field.read_only or type(field) is not serializers.CharField:
                continue
            try:
                model_field = model._meta.get_field(field.source)
            except Exception:  # noqa: BLE001 - not a model field
                continue
            if not isinstance(model_field, models.CharField | models.TextField) or \
                    model_field.blank or model_field.choices:
                continue
            checked += 1
            try:
                field.run_validation(INVISIBLE)
            except serializers.ValidationError:
                continue
            leaks.append(f"{cls.__name__}.{name}")
    assert checked > 10
    assert leaks == []


def test_api_refuses_invisible_titles_and_saves_nothing(api, nghean):
    from oversight.matters.models import Matter
    from oversight.petitions.models import Petition

    client = api(nghean)
    r = client.post("/api/matters/", {"kind": "incident", "title": INVISIBLE,
                                      "responsible_unit": "nghe_an",
                                      "monitored_from": "2024-02-01"}, format="json")
    assert r.status_code == 400 and "title" in r.json(), r.json()
    r = client.post("/api/petitions/", {
        "unit": "nghe_an", "received_on": "2025-01-24", "kind": "complaint",
        "subject": "\u200b\u202e", "content": "Nội dung",
        "petitioner": {"name": "Nguyễn Văn A"}}, format="json")
    assert r.status_code == 400 and "subject" in r.json(), r.json()
    r = client.post("/api/petitions/", {
        "unit": "nghe_an", "received_on": "2025-01-24", "kind": "complaint",
        "subject": "Đơn", "content": "Nội dung", "petitioner": {"name": "\ufeff"}},
        format="json")
    assert r.status_code == 400, r.json()
    assert Matter.objects.count() == Petition.objects.count() == 0
    # Control: the same requests with visible text are accepted, and stored as NFC.
    r = client.post("/api/matters/", {"kind": "incident", "title": "Vu\u0323 a\u0301n",
                                      "responsible_unit": "nghe_an",
                                      "monitored_from": "2024-02-01"}, format="json")
    assert r.status_code == 201, r.json()
    assert Matter.objects.get().title == "Vụ án"


def test_form_shows_the_message_beside_the_field(web, nghean, unit):
    from oversight.matters.models import Matter

    response = web(nghean).post("/matters/new/", {
        "title": INVISIBLE, "kind": "case", "monitoring_level": "provincial",
        "responsible_unit": unit("nghe_an").pk, "monitored_from": "2024-01-10",
        "stage": "investigation", "loss_amount": "0", "recovered_amount": "0"})
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert Matter.objects.count() == 0


def test_model_layer_refuses_every_other_path(make_matter, make_direction):
    """A declared serializer field, a plain form or a command reaches the model: pre_save
    refuses there, naming the field, and normalises to NFC."""
    matter = make_matter("nghe_an")
    matter.summary = "a\u202eb"
    with pytest.raises(RuleError) as caught:
        matter.save()
    assert caught.value.field == "summary"
    with pytest.raises((RuleError, ValidationError)):  # the action's full_clean, or pre_save
        make_direction(text="\u200b\u200b")
    matter.refresh_from_db()
    matter.summary = "Tiê\u0301n"
    matter.save()
    matter.refresh_from_db()
    assert matter.summary == "Tiến"
