"""The base of every list's FilterSet (web and API alike).

A list's filters must never answer a choice the page itself offers with a form error: an empty
value ("All", "—", an emptied date box) means "no filter" for every kind of filter, including
multiple-choice ones (Django's MultipleChoiceField refuses "" as "not one of the choices";
that is what the petitions list showed on every change). `ListFilterSet` drops empty values
before binding. A value no page offers (a typed-in status, a malformed date) still fails
validation: the API answers 400 naming the field, a page shows the message beside it.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _


def without_empty(data):
    """A copy of a QueryDict (or dict) without empty values; None stays None."""
    if data is None:
        return None
    if hasattr(data, "getlist"):
        cleaned = data.copy()
        for key in list(cleaned.keys()):
            values = [v for v in cleaned.getlist(key) if str(v).strip()]
            if values:
                cleaned.setlist(key, values)
            else:
                del cleaned[key]
        return cleaned
    return {k: v for k, v in data.items() if str(v).strip()}


class ListFilterSet(django_filters.FilterSet):
    """Empty values are no filter; a model with an `assignee` gets `assignee=` (see
    `AssigneeFilter`) without each FilterSet declaring it."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(without_empty(data), *args, **kwargs)

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        model = cls._meta.model
        if model is not None and "assignee" not in filters and has_assignee(model):
            filters["assignee"] = AssigneeFilter()
        return filters


def has_assignee(model) -> bool:
    """Whether records of `model` are assigned to a user (the assignee column and filter)."""
    from django.core.exceptions import FieldDoesNotExist

    try:
        field = model._meta.get_field("assignee")
    except FieldDoesNotExist:
        return False
    return field.is_relation


class AssigneeFilter(django_filters.CharFilter):
    """`assignee=me` (the caller), `assignee=none` (nobody yet) or `assignee=<username>`.
    An unknown username finds nothing (it is not an error: a colleague may have left)."""

    ME = "me"
    NONE = "none"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("field_name", "assignee")
        kwargs.setdefault("label", _("Assignee"))
        kwargs.setdefault("max_length", 150)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        if value == self.NONE:
            return qs.filter(**{f"{self.field_name}__isnull": True})
        if value == self.ME:
            request = getattr(self.parent, "request", None)
            user = getattr(request, "user", None)
            if user is None or not user.is_authenticated:
                return qs.none()
            return qs.filter(**{self.field_name: user})
        return qs.filter(**{f"{self.field_name}__username": value})
