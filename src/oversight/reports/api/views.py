"""GET /api/reports/indicators/ — the catalogue's figures for a place and period."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from oversight.reports import service
from oversight.reports.access import check_place_allowed
from oversight.reports.periods import PeriodError, date_range, parse
from oversight.reports.places import PlaceError, resolve


def period_from_params(params, default_calendar: str = "calendar"):
    """`period=2024-H1` (with `calendar`), or `start` and `end` dates."""
    try:
        if params.get("period"):
            return parse(params["period"], params.get("calendar") or default_calendar)
        start, end = params.get("start"), params.get("end")
        if not start or not end:
            raise ValidationError({"period": [_("Give period=…, or start and end.")]})
        dates = {}
        for name, value in (("start", start), ("end", end)):
            try:
                dates[name] = serializers.DateField().to_internal_value(value)
            except ValidationError as error:
                raise ValidationError({name: error.detail}) from error
        return date_range(dates["start"], dates["end"])
    except PeriodError as error:
        raise ValidationError({"period": [str(error)]}) from error


def place_from_params(params, user):
    try:
        place = resolve(unit=params.get("unit"), cluster=params.get("cluster"),
                        scope=params.get("scope"))
    except PlaceError as error:
        raise ValidationError({"place": [str(error)]}) from error
    check_place_allowed(user, place)
    return place


PARAMS = [
    OpenApiParameter("unit", str, description="unit code (includes its predecessors)"),
    OpenApiParameter("cluster", str, description="cluster id or code"),
    OpenApiParameter("scope", str, enum=["national"]),
    OpenApiParameter("start", OpenApiTypes.DATE), OpenApiParameter("end", OpenApiTypes.DATE),
    OpenApiParameter("period", str, description="2024, 2024-H1, 2024-Q3, 2024-9M, 2024-05, "
                     "2021-2025"),
    OpenApiParameter("calendar", str, enum=["calendar", "statutory"]),
    OpenApiParameter("parts", bool, description="add per-province figures"),
]


class IndicatorReportView(APIView):
    @extend_schema(parameters=PARAMS, responses=OpenApiTypes.OBJECT)
    def get(self, request):
        period = period_from_params(request.query_params)
        place = place_from_params(request.query_params, request.user)
        parts = request.query_params.get("parts") in ("1", "true", "yes")
        return Response(service.build(place, period, with_parts=parts))


class IndicatorCatalogueView(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response({"indicators": service.catalogue_entries()})
