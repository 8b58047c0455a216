"""A registry person's `name_key` is kept by `Person.save` for every person, and the registry
is searched by name through its index (`people.named.registry_matches`): what the old search
found — the key, or the name as written — is still found; the statement reads an index range
(control: the old statement reads the whole registry)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import transaction
from django.db.models import Q
from hypothesis import given, settings
from hypothesis import strategies as st

from oversight.people.models import Person
from oversight.people.named import registry_matches
from oversight.people.normalise import display_name, name_key
from tests.plans import reads_whole_table

FAMILY = ["Nguyễn", "NGUYỄN", "nguyen", "Trần", "Lê", "Lê ", "Phạm"]
MIDDLE = ["Văn", "Thị", "văn", "Van", "", "Minh"]
GIVEN = ["Hùng", "HÙNG", "Hung", "Lan", "Hoa", "Bình"]
names = st.builds(lambda prefix, f, m, g, spaces: spaces.join(
    w for w in (prefix, f, m, g) if w), st.sampled_from(["", "Ông", "bà"]),
    st.sampled_from(FAMILY), st.sampled_from(MIDDLE), st.sampled_from(GIVEN),
    st.sampled_from([" ", "  "]))


@pytest.mark.django_db
@settings(max_examples=25, deadline=None)
@given(st.lists(names, min_size=1, max_size=6), names)
def test_the_search_finds_what_the_old_one_found(registered, asked):
    """Persons entered by hand (`full_name` only): each keeps the key of its name, and the
    search finds every person the old statement (key, or name as written) found — and only
    persons of the same key."""
    with transaction.atomic():
        persons = [Person.objects.create(full_name=name) for name in registered]
        for person in persons:
            person.refresh_from_db()
            assert person.name_key == name_key(person.full_name)
        ids = {p.pk for p in persons}
        found = set(registry_matches(asked).filter(pk__in=ids).values_list("pk", flat=True))
        old = set(Person.objects.filter(
            Q(name_key=name_key(asked)) | Q(full_name__iexact=display_name(asked)),
            pk__in=ids).values_list("pk", flat=True))
        assert old <= found
        assert found == {p.pk for p in persons if p.name_key == name_key(asked)}
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_a_renamed_person_is_found_by_the_new_name():
    person = Person.objects.create(full_name="Nguyễn Văn Hùng")
    person.full_name = "Trần Thị Lan"
    person.save(update_fields=["full_name"])
    assert list(registry_matches("TRAN THI LAN")) == [person]
    assert not registry_matches("Nguyễn Văn Hùng").exists()


@pytest.mark.django_db
def test_the_migration_gives_every_person_the_key_of_their_name():
    person = Person.objects.create(full_name="Lê  Thị HOA")
    Person.objects.filter(pk=person.pk).update(name_key="")  # as saved before the key was kept
    migration = importlib.import_module(
        "oversight.people.migrations.0006_person_name_key_from_full_name")
    migration.fill(django_apps, None)
    person.refresh_from_db()
    assert person.name_key == "le thi hoa"


def _reads_the_whole_registry(queryset) -> bool:
    return reads_whole_table(queryset, "people_person")


@pytest.mark.django_db
def test_the_search_reads_the_name_index():
    with transaction.atomic():
        assert not _reads_the_whole_registry(registry_matches("Nguyễn Văn Hùng"))


@pytest.mark.django_db
def test_the_old_search_can_be_seen_reading_the_whole_registry():
    """Control: the key or the name as written."""
    old = Person.objects.filter(Q(name_key="nguyen van hung")
                                | Q(full_name__iexact="Nguyễn Văn Hùng"))
    with transaction.atomic():
        assert _reads_the_whole_registry(old)
