"""The base of every list's FilterSet (web and API alike).

A list's filters must never answer a choice the page itself offers with a form error: an empty
value ("All", "—", an emptied date box) means "no filter" for every kind of filter, including
multiple-choice ones (Django's MultipleChoiceField refuses "" as "not one of the choices";
that is what the petitions list showed on every change). `ListFilterSet` drops empty values
before binding. A value no page offers (a typed-in status, a malformed date) still fails
validation: the API answers 400 naming the field, a page shows the message beside it.
"""

from __future__ import annotations

import copy

import django_filters
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters.filters import FilterMethod, QuerySetRequestMixin


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

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # django-filter's own __init__, but each filter a shallow copy instead of a deep copy
        # of the whole set (issue 17: with the form class built per request, a sixth of a list
        # request of the API). A copy gets its own `extra`, model, parent and filter method,
        # so nothing that a request sets is shared.
        data = without_empty(data)
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        model = queryset.model
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: _bound_copy(filter_, self, model)
                        for name, filter_ in self.base_filters.items()}

    def get_form_class(self):
        """The form class once per FilterSet class: its fields come from the declared filters
        alone (labels, choices, widths), never from the request or the data; each form still
        deep-copies them (Django's `BaseForm`), so a page that changes its form's fields
        changes its own. A filter whose field reads the request (a queryset of the request's
        user) makes the class build its form for each request, as django-filter does. One
        class per language: django-filter writes a label it makes (a filter declared without
        one) in the language of the moment, and a page shows it beside a refused value."""
        cls = type(self)
        kept = cls.__dict__.get("_form_classes")
        if kept is None:
            kept = cls._form_classes = {}
        language = get_language()  # a filter without a label is labelled in the language
        form_class = kept.get(language)
        if form_class is None:
            form_class = super().get_form_class()
            if not any(isinstance(f, QuerySetRequestMixin) for f in self.base_filters.values()):
                kept[language] = form_class
        return form_class

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        model = cls._meta.model
        if model is not None and "assignee" not in filters and has_assignee(model):
            filters["assignee"] = AssigneeFilter()
        return filters


def _bound_copy(filter_, parent, model):
    """A declared filter for one FilterSet: what `copy.deepcopy` of django-filter gave, less
    the copies of what nobody changes (labels, choices, the built field)."""
    clone = copy.copy(filter_)
    clone.extra = dict(filter_.extra)
    clone.__dict__.pop("_field", None)  # built from this copy if asked for
    if isinstance(filter_.__dict__.get("filter"), FilterMethod):
        clone.filter = FilterMethod(clone)  # `method=`: resolved on this copy's parent
    clone.model = model
    clone.parent = parent
    return clone


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
