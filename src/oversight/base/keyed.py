"""A value of the record that a row's key names, read with the row by a subquery on the key.

A list that shows one value of a related record (a unit's code, a matter's classification)
reads it this way rather than by a join or `select_related`: no instance of the related
record is made for each row (50 rows naming the same unit made 50 units), and the page's
count leaves an unused annotation out, where it keeps the join an `F("unit__code")` adds
(issue 17). `Unit.code_of`, `Unit.place_of` and `audit.sensitive.parent_classification`
are made with it.
"""

from __future__ import annotations

from django.db.models import OuterRef, Subquery


def value_of(model, key: str, value, output_field=None) -> Subquery:
    """`value` (a column's name or an expression) of the `model` record whose id is in the
    outer row's column `key`: one row by its primary key, so no order (the model's default
    ordering would sort the one row)."""
    rows = model._base_manager.filter(pk=OuterRef(key)).order_by()
    if isinstance(value, str):
        return Subquery(rows.values(value)[:1], output_field=output_field)
    return Subquery(rows.values_list(value)[:1], output_field=output_field)
