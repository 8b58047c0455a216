"""Changes to units and clusters (reference data, administrators only: `units/api/views.py`).

Who succeeds whom decides who sees what (a successor acts for the records of the units it
merged: `UnitQuerySet.lineage_ids`), so successors change here and nowhere else in the
application; the reference loader (`loading.py`, run by a data migration with historical
models) and the Django admin are the two writers left outside, on purpose.
"""

from __future__ import annotations

from django.db import transaction

from oversight.units.models import Cluster, Unit


@transaction.atomic
def save_unit(unit: Unit | None = None, *, successors=None, **fields) -> Unit:
    """Create a unit (`unit` None) or change one; `successors` (units), when given, replace
    the unit's successors (the API's serializer has checked every value)."""
    unit = unit if unit is not None else Unit()
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.save()
    if successors is not None:
        set_successors(unit, successors)
    return unit


@transaction.atomic
def set_successors(unit: Unit, successors) -> Unit:
    """The units that carry `unit` on after a merger (the audit trail records the change)."""
    unit.successors.set(successors)
    return unit


@transaction.atomic
def save_cluster(cluster: Cluster | None = None, *, members=None, **fields) -> Cluster:
    """Create an emulation cluster or change one; `members`, when given, replace them."""
    cluster = cluster if cluster is not None else Cluster()
    for name, value in fields.items():
        setattr(cluster, name, value)
    cluster.save()
    if members is not None:
        cluster.members.set(members)
    return cluster
