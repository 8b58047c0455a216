"""Instances loaded without `Model.__init__` (base/loading.py) are the instances Django makes.

Property: for every model, any choice of columns read (the primary key and any others, as
`.only()` and `select_related` ask for them) and any values, the direct `from_db` and Django's
own leave the same attributes and the same state. Controls: a loader that loses a value fails
the same comparison; a model with a `post_init` receiver is loaded by Django's way.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db.models.signals import post_init
from django.test.utils import isolate_apps
from hypothesis import given
from hypothesis import strategies as st

from oversight.base import loading
from oversight.matters.models import Direction, Matter
from oversight.petitions.models import Petition
from oversight.units.models import Unit

MODELS = sorted(apps.get_models(include_auto_created=True), key=lambda m: m._meta.label)
PLAIN = [m for m in MODELS if loading.loads_plainly(m)]


def loaded(loader, model, names, values):
    """(attributes, (adding, db, cached related records)) of an instance `loader` made."""
    instance = loader(model, "default", names, values)
    state = instance.__dict__["_state"]
    attributes = {k: v for k, v in instance.__dict__.items() if k != "_state"}
    return attributes, (state.adding, state.db, dict(state.fields_cache))


@st.composite
def a_read(draw):
    """A model and what one read of it gives: the columns (primary key first, the rest in the
    model's order, as Django selects them) and a value for each."""
    model = draw(st.sampled_from(PLAIN))
    fields = model._meta.concrete_fields
    others = [f for f in fields if f is not model._meta.pk]
    chosen = draw(st.lists(st.sampled_from(others), unique=True)) if others else []
    columns = [f.attname for f in fields if f is model._meta.pk or f in chosen]
    values = draw(st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=5)),
                           min_size=len(columns), max_size=len(columns)))
    return model, columns, values


@given(a_read())
def test_an_instance_is_loaded_as_django_loads_it(read):
    model, columns, values = read
    assert (loaded(loading.from_db_directly, model, columns, values)
            == loaded(loading._django_from_db, model, columns, values))


def test_the_comparison_finds_a_lost_value():
    """Control: a loader that drops the last column read differs from Django's."""

    def losing(cls, db, names, values):
        return loading.from_db_directly(cls, db, names[:-1], values[:-1])

    columns = [f.attname for f in Petition._meta.concrete_fields]
    values = list(range(len(columns)))
    assert (loaded(losing, Petition, columns, values)
            != loaded(loading._django_from_db, Petition, columns, values))


def test_the_lists_models_are_loaded_directly():
    """The shortcut is not silently off for what the lists read (rows, units, assignees)."""
    user_model = apps.get_model("accounts", "User")
    for model in (Petition, Matter, Direction, Unit, user_model):
        assert model in PLAIN, model
        assert model.from_db.__func__ is loading.from_db_directly, model


@isolate_apps("oversight.units")  # a model made for the test, not left in the registry
def test_a_model_with_its_own_init_keeps_djangos_way():
    class Shaped(Unit):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)

        class Meta:
            proxy = True
            app_label = "units"

    assert not loading.loads_plainly(Shaped)


@pytest.mark.django_db
def test_a_post_init_receiver_is_still_called(make_matter):
    """Control for the per-call check: with a receiver for the model, loading goes through
    `__init__`, so the receiver sees each instance read."""
    matter = make_matter()
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance.pk)

    post_init.connect(receiver, sender=Matter)
    try:
        read = Matter.objects.only("id", "title").get(pk=matter.pk)
    finally:
        post_init.disconnect(receiver, sender=Matter)
    assert seen == [matter.pk]
    assert read.title == matter.title


@pytest.mark.django_db
def test_a_row_read_in_part_loads_the_rest_when_asked(make_matter):
    """What `.only()` left out is read on first use, and a related record selected with the
    row is the one its id names — the database's round trip, not just the property above."""
    matter = make_matter(monitored_from=dt.date(2024, 5, 6))
    read = Matter.objects.select_related("responsible_unit").only(
        "id", "responsible_unit__code").get(pk=matter.pk)
    assert "title" not in read.__dict__
    assert read.title == matter.title
    assert read.monitored_from == dt.date(2024, 5, 6)
    assert read.responsible_unit.code == "nghe_an"
    assert read.responsible_unit_id == read.responsible_unit.pk
    assert not read._state.adding and read._state.db == "default"


def made(maker, model, values):
    """(attributes in order, (adding, db, cached related records)) of a new instance."""
    instance = maker(model, dict(values))
    state = instance.__dict__["_state"]
    attributes = [(k, v) for k, v in instance.__dict__.items() if k != "_state"]
    return attributes, (state.adding, state.db, dict(state.fields_cache))


def _django_new(model, values):
    return model(**values)


@st.composite
def a_new_row(draw):
    """A model and a value for each of its concrete fields, by attribute name, given in any
    order."""
    model = draw(st.sampled_from(PLAIN))
    names = [f.attname for f in model._meta.concrete_fields]
    values = draw(st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=5)),
                           min_size=len(names), max_size=len(names)))
    return model, draw(st.permutations(list(zip(names, values, strict=True))))


@given(a_new_row())
def test_a_new_instance_is_made_as_django_makes_it(row):
    """`unsaved(model, values)` leaves what `model(**values)` leaves, attribute order
    included; a partial set of values goes through `__init__` (which gives the defaults)."""
    model, values = row
    assert made(loading.unsaved, model, values) == made(_django_new, model, values)
    if len(values) > 1:  # the missing field's default: the same names (a default may be now)
        part = values[:-1]
        assert ([name for name, _v in made(loading.unsaved, model, part)[0]]
                == [name for name, _v in made(_django_new, model, part)[0]])


def test_the_comparison_of_new_instances_finds_a_lost_value():
    """Control: a maker that drops one value differs from `__init__`."""

    def losing(model, values):
        instance = loading.unsaved(model, values)
        del instance.__dict__["title"]
        return instance

    values = {f.attname: None for f in Matter._meta.concrete_fields} | {"title": "x"}
    assert made(losing, Matter, values) != made(_django_new, Matter, values)


def test_a_new_instance_of_a_model_with_a_post_init_receiver_goes_through_init():
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance)

    values = {f.attname: None for f in Matter._meta.concrete_fields} | {"title": "x"}
    post_init.connect(receiver, sender=Matter)
    try:
        made_ = loading.unsaved(Matter, values)
    finally:
        post_init.disconnect(receiver, sender=Matter)
    assert seen == [made_] and made_.title == "x"
