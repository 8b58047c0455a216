"""One scoped primary-key field (`core/api.py: ScopedPrimaryKeyField`): a missing record,
another unit's and a classified one answer the same, and no serializer can name a scoped record
another way."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

import oversight
from oversight.core.api import ScopedPrimaryKeyField
from oversight.core.models import AccessGrant  # noqa: F401 - the models are loaded

MISSING = 987_654_321


def _all_serializers() -> list[type[serializers.BaseSerializer]]:
    for module in pkgutil.walk_packages(oversight.__path__, "oversight."):
        if ".migrations" in module.name or module.name.endswith(("wsgi", "cli")):
            continue
        importlib.import_module(module.name)
    found, todo = set(), [serializers.BaseSerializer]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return sorted((c for c in found if c.__module__.startswith("oversight.")
                   and not issubclass(c, serializers.ListSerializer)),
                  key=lambda c: (c.__module__, c.__qualname__))


def _is_scoped(model) -> bool:
    return model is not None and hasattr(model._default_manager.all(), "restrict")


def _related_fields(serializer, path=""):
    """(dotted path, field) of every writable related field, nested serializers included."""
    for name, field in serializer.fields.items():
        where = f"{path}{name}"
        if field.read_only:
            continue  # nothing it names is read from the request
        if isinstance(field, serializers.ListSerializer):
            field = field.child
        if isinstance(field, serializers.BaseSerializer):
            yield from _related_fields(field, where + ".")
            continue
        if isinstance(field, serializers.ManyRelatedField):
            field = field.child_relation
        if isinstance(field, serializers.RelatedField):
            yield where, field


def test_every_link_to_a_scoped_record_is_the_scoped_field():
    """A new serializer field that names a matter, petition, person… by id in any other way
    (a plain PrimaryKeyRelatedField, a SlugRelatedField, a ModelSerializer's default) fails."""
    request = APIRequestFactory().get("/")
    request.user = None
    checked, offenders = 0, []
    for cls in _all_serializers():
        if issubclass(cls, serializers.ModelSerializer) and not hasattr(cls, "Meta"):
            continue  # an abstract base; its subclasses are checked
        try:
            instance = cls(context={"request": request})
            fields = list(_related_fields(instance))
        except Exception as error:  # noqa: BLE001 - a serializer that needs arguments
            pytest.fail(f"{cls.__module__}.{cls.__qualname__} could not be inspected: {error}")
        for where, field in fields:
            model = getattr(field, "model", None) or getattr(
                getattr(field, "queryset", None), "model", None)
            if _is_scoped(model):
                checked += 1
                if not isinstance(field, ScopedPrimaryKeyField):
                    offenders.append(f"{cls.__module__}.{cls.__qualname__}.{where}")
    assert offenders == [], "\n".join(offenders)
    assert checked >= 10  # the walker sees the fields it is meant to check


def test_control_a_plain_related_field_is_caught():
    from oversight.matters.models import Matter

    class Leaky(serializers.Serializer):
        matter = serializers.PrimaryKeyRelatedField(queryset=Matter.objects.all())

    fields = list(_related_fields(Leaky(context={})))
    assert [w for w, f in fields if _is_scoped(f.queryset.model)
            and not isinstance(f, ScopedPrimaryKeyField)] == ["matter"]


@pytest.fixture
def secret_matter(make_matter, make_user):
    head = make_user("head_na", "nghe_an")
    matter = make_matter("nghe_an", title="Vụ án mật")
    matter.security_classification = "secret"
    matter.save(update_fields=["security_classification"])
    return matter, head


def _error(response, field):
    assert response.status_code == 400, response.content
    return response.json()[field]


def test_direction_matter_missing_other_unit_and_classified_answer_alike(
        api, nghean, make_matter, secret_matter):
    other = make_matter("ha_noi")
    secret, _ = secret_matter
    answers = []
    for pk in (MISSING, other.pk, secret.pk):
        response = api(nghean).post("/api/directions/", {
            "matter": pk, "addressee": "nghe_an", "text": "x", "unit": "nghe_an",
            "issued_on": "2024-04-01", "due_on": "2024-05-01"}, format="json")
        answers.append(_error(response, "matter")[0].replace(str(pk), "N"))
    assert len(set(answers)) == 1, answers
    # Control: the same request with a matter the officer may use is accepted.
    mine = make_matter("nghe_an")
    ok = api(nghean).post("/api/directions/", {
        "matter": mine.pk, "addressee": "nghe_an", "text": "x",
        "issued_on": "2024-04-01", "due_on": "2024-05-01"}, format="json")
    assert ok.status_code == 201, ok.json()


def test_agenda_items_and_receptions_answer_alike(api, nghean, make_matter, secret_matter):
    from oversight.committees.models import Meeting
    from oversight.units.models import Unit

    meeting = Meeting.objects.create(unit=Unit.objects.get(code="nghe_an"), title="Họp",
                                     held_on="2024-05-01")
    other = make_matter("ha_noi")
    secret, _ = secret_matter
    answers = []
    for pk in (MISSING, other.pk, secret.pk, 2**70, -1):
        response = api(nghean).post(f"/api/meetings/{meeting.pk}/agenda/", {
            "title": "Mục", "matters": [pk]}, format="json")
        answers.append(str(_error(response, "matters")).replace(str(pk), "N"))
    assert len(set(answers)) == 1, answers


def _nested_lists(serializer, path=""):
    """(dotted path, field, model) of every nested list of records, read or written."""
    for name, field in serializer.fields.items():
        where = f"{path}{name}"
        if isinstance(field, serializers.ListSerializer):
            model = getattr(getattr(field.child, "Meta", None), "model", None)
            yield where, field, model
            yield from _nested_lists(field.child, where + ".")
        elif isinstance(field, serializers.BaseSerializer):
            yield from _nested_lists(field, where + ".")
        elif isinstance(field, serializers.ManyRelatedField):
            child = field.child_relation
            model = getattr(child, "model", None) or getattr(
                getattr(child, "queryset", None), "model", None)
            yield where, field, model


def test_every_nested_list_of_scoped_records_is_restricted():
    """A record shown inside another comes through restrict() (issue 13): a nested list of a
    scoped model is a `ScopedListSerializer` (or ids through `ScopedPrimaryKeyField`), so a
    new nested list that would show a secret matter's directions to anyone fails here."""
    from oversight.core.api import ScopedListSerializer, ScopedManyRelatedField

    request = APIRequestFactory().get("/")
    request.user = None
    checked, offenders = 0, []
    for cls in _all_serializers():
        if issubclass(cls, serializers.ModelSerializer) and not hasattr(cls, "Meta"):
            continue
        for where, field, model in _nested_lists(cls(context={"request": request})):
            if not _is_scoped(model):
                continue
            checked += 1
            if not isinstance(field, (ScopedListSerializer, ScopedManyRelatedField)):
                offenders.append(f"{cls.__module__}.{cls.__qualname__}.{where}")
    assert offenders == [], "\n".join(offenders)
    assert checked >= 5


def test_nested_list_without_reader_is_empty(db, make_matter):
    """No request, no reader: a nested scoped list shows nothing rather than everything."""
    from oversight.committees.api.serializers import AgendaItemSerializer
    from oversight.committees.models import AgendaItem, Meeting
    from oversight.units.models import Unit

    nghe_an = Unit.objects.get(code="nghe_an")
    meeting = Meeting.objects.create(unit=nghe_an, title="Họp", held_on="2025-01-02", chair="A")
    item = AgendaItem.objects.create(meeting=meeting, title="Mục")
    item.matters.add(make_matter("nghe_an"))
    assert AgendaItemSerializer(item).data["matters"] == []
