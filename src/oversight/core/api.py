"""Shared REST API pieces: pagination, JSON errors, scoped viewsets, id filters, the one
field that links to a scoped record."""

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, mixins, pagination, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from oversight.core import keptrows, listplans
from oversight.core.errors import ConflictError, RuleError
from oversight.core.pickers import find_assignee
from oversight.core.scoping import CHANGE, VIEW, can, visible


class Pagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def exception_handler(exc, context):
    """Every error is JSON; rule and validation errors name the field at fault."""
    if isinstance(exc, RequestDataTooBig):
        return Response({"detail": _("The request is too large.")},
                        status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, ConflictError):
        return Response(exc.as_dict(), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, RuleError):
        return Response(exc.as_dict(), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "message_dict"):
            data = exc.message_dict
        else:
            data = {"non_field_errors": exc.messages}
        return Response(data, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)


class BuiltFieldsMixin:
    """A ModelSerializer whose fields are built from the model once per class and copied for
    each use: DRF builds them again for every serializer it makes (1–3 ms of CPU a list of
    matters or petitions, issue 17). For the list serializers, whose fields never depend on
    the request; `?fields=` trims the copy."""

    def get_fields(self):
        import copy

        cls = type(self)
        built = cls.__dict__.get("_built_fields")
        if built is None:
            built = super().get_fields()
            cls._built_fields = built
        return copy.deepcopy(built)


class FieldsMixin:
    """`?fields=id,subject,next_due` on a read: only those fields are serialised (and, where
    the serializer declares `field_sources`, only their columns are read). An unknown name is
    a 400 naming `fields` and listing the ones allowed. A list uses `list_serializer_class`
    (what a list shows) when the viewset has one; the detail keeps the full serializer."""

    list_serializer_class = None

    def get_serializer_class(self):
        if self.action == "list" and self.list_serializer_class is not None:
            return self.list_serializer_class
        return super().get_serializer_class()

    def requested_fields(self) -> list[str] | None:
        request = getattr(self, "request", None)
        if request is None or request.method != "GET" or "fields" not in request.query_params:
            return None
        wanted = [f.strip() for f in request.query_params["fields"].split(",") if f.strip()]
        allowed = list(self.get_serializer_class()().fields)
        unknown = [f for f in wanted if f not in allowed]
        if not wanted or unknown:
            from django.utils.translation import gettext as _

            raise exceptions.ValidationError({"fields": [
                _("Unknown field(s): %(unknown)s. Allowed: %(allowed)s.") % {
                    "unknown": ", ".join(unknown) or "—", "allowed": ", ".join(allowed)}]})
        return wanted

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        wanted = self.requested_fields()
        if wanted is not None:
            target = getattr(serializer, "child", serializer)
            for name in list(target.fields):
                if name not in wanted:
                    target.fields.pop(name)
        return serializer


class ScopedViewSetMixin:
    """Restricts the viewset's queryset to what the user may see; writes need more.

    A record outside the user's view scope answers 404 (its existence does not leak); a
    record the user may read but not change (a central analyst and a province's matter)
    answers 403 to a write.
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # DRF's own list becomes the planned one; a viewset's own `list` is left as it is
        if issubclass(cls, mixins.ListModelMixin) and cls.list is mixins.ListModelMixin.list:
            cls.list = _planned_list

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, VIEW)

    def get_object(self):
        obj = super().get_object()
        if self.request.method not in ("GET", "HEAD", "OPTIONS") and not can(
                self.request.user, CHANGE, obj):
            raise exceptions.PermissionDenied()
        return obj


def _planned_list(self, request, *args, **kwargs):
    """DRF's `ListModelMixin.list`, with the filtered, scoped queryset kept for the reader's
    next request while what it was built from holds (`core.listplans`)."""
    queryset = listplans.planned(request, self,
                                 lambda: self.filter_queryset(self.get_queryset()))
    page = self.paginate_queryset(queryset)
    if page is not None:
        return self.get_paginated_response(keptrows.written(
            request, queryset, page, lambda: self.get_serializer(page, many=True).data))
    serializer = self.get_serializer(queryset, many=True)
    return Response(serializer.data)


class IdFilter(django_filters.NumberFilter):
    """A filter on a row id: whole numbers in the database's range only. A plain NumberFilter
    took 1e308 and made the database overflow (500); found by schemathesis."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


MAX_ID = 2**63 - 1


class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """The one way a request names another scoped record by id (a direction's matter, an
    agenda item's petitions, an appraisal's nominees…).

    Only records the caller may `action` (CHANGE by default: linking is a change) are found;
    a missing id, an id the database cannot hold, another unit's record and a classified
    record the caller is not cleared for all answer the same `does_not_exist` message, so the
    answer says nothing about whether the record exists. `tests/core/test_scoped_fields.py`
    walks every serializer and fails on a writable related field to a scoped model that is
    not this one."""

    @classmethod
    def many_init(cls, *args, **kwargs):
        """`many=True`: a list of ids that, read back, names only records the reader may see."""
        from rest_framework.relations import MANY_RELATION_KWARGS

        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        list_kwargs.update({k: v for k, v in kwargs.items() if k in MANY_RELATION_KWARGS})
        return ScopedManyRelatedField(**list_kwargs)

    def __init__(self, model=None, action: str = CHANGE, **kwargs):
        if model is None and "queryset" in kwargs:
            model = kwargs["queryset"].model
        self.model, self.action = model, action
        if not kwargs.get("read_only"):
            kwargs["queryset"] = model._default_manager.all()
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return self.model._default_manager.restrict(user, self.action)

    def to_internal_value(self, data):
        if isinstance(data, bool) or (isinstance(data, float) and not data.is_integer()):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            value = int(data)
        except (TypeError, ValueError):
            value = None
        if value is not None and not 0 < value <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class AssignSerializer(serializers.Serializer):
    """`{"assignee": "<username>"}` ("me" for the caller; "" or null for nobody)."""

    assignee = serializers.CharField(allow_blank=True, allow_null=True, max_length=150,
                                     help_text="A user name, `me`, or empty for nobody.")
    version = serializers.IntegerField(required=False, min_value=1)


def assignee_of(request) -> tuple:
    """(the user named by the request's `assignee`, the version sent) — errors name the
    field (`assignee`: no such active user; the unit's rule is the action's)."""
    params = AssignSerializer(data=request.data)
    params.is_valid(raise_exception=True)
    return (find_assignee(params.validated_data.get("assignee"), request.user),
            params.validated_data.get("version"))


def _reader(field):
    request = field.context.get("request")
    return getattr(request, "user", None)


class ScopedManyRelatedField(serializers.ManyRelatedField):
    """The ids of related scoped records (`ScopedPrimaryKeyField(many=True)`): only those the
    reader may see are listed — a secret matter on a meeting's agenda is not even an id."""

    def get_attribute(self, instance):
        return visible(_reader(self), super().get_attribute(instance))


class ScopedListSerializer(serializers.ListSerializer):
    """A nested list of scoped records (a meeting's conclusions, a conclusion's directions):
    the rows come through `restrict(reader)` (`core.scoping.visible`), so a record the reader
    would get 404 for on its own is absent here too. Use it for every nested `many` list of a
    scoped model: `ScopedListSerializer(child=ChildSerializer(), read_only=True)`, or
    `scoped_many(ChildSerializer, ...)`; tests/core/test_scoped_fields.py fails on a nested
    list that is not."""

    def to_representation(self, data):
        return super().to_representation(visible(_reader(self), data))


def scoped_many(serializer_class, **kwargs) -> ScopedListSerializer:
    """`serializer_class(many=True, **kwargs)` whose rows come through the reader's scope."""
    return ScopedListSerializer(child=serializer_class(), **kwargs)


# --- Timeline events (core.events) --------------------------------------------------------


def event_fields(*own: str, dated: bool = True) -> list[str]:
    """An event's fields in the API, in one order for every kind of record: id, kind (with its
    label and the legal date for a dated event), when recorded and by whom, the record's own
    fields (`own`), then the note and the changes."""
    head = ["id", "kind", "kind_display", "on", "at", "by"] if dated else ["id", "kind", "at",
                                                                             "by"]
    return [*head, *own, "note", "changes"]


# A `core.events.Event` as the API shows it: `by` is the user's name. (Comments, not
# docstrings, on these two: the schema would give their words to every event serializer.)
class EventSerializer(serializers.ModelSerializer):
    by = serializers.StringRelatedField(allow_null=True)


# A `core.events.DatedEvent`: also its kind's label (`kind_display`).
class DatedEventSerializer(EventSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
