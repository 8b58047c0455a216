"""`/api/calendar/`: the working calendar's exceptions. Everyone signed in reads them;
administrators add (POST `{"date", "kind", "basis"}`) and delete them (DELETE
`/api/calendar/{date}/`, or DELETE `/api/calendar/` with `{"date"}`). A change starts the
background job that recomputes the open deadlines it moves; its id is in the answer."""

from __future__ import annotations

import datetime as dt

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from oversight.core.api import Pagination
from oversight.workcalendar import actions
from oversight.workcalendar.api.serializers import (
    DaySerializer,
    WorkingDaySerializer,
    YearSerializer,
)
from oversight.workcalendar.models import WorkingDay


def _delete(request, date: dt.date) -> Response:
    job = actions.remove_day(by=request.user, date=date)
    return Response({"date": date.isoformat(), "job": job.pk}, status=status.HTTP_200_OK)


class CalendarView(generics.ListCreateAPIView):
    serializer_class = WorkingDaySerializer
    pagination_class = Pagination

    def get_queryset(self):
        params = YearSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        rows = WorkingDay.objects.order_by("date")
        if "year" in params.validated_data:
            rows = rows.filter(date__year=params.validated_data["year"])
        return rows

    @extend_schema(operation_id="calendar_list", parameters=[OpenApiParameter("year", int)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(operation_id="calendar_create", request=WorkingDaySerializer,
                   responses={201: WorkingDaySerializer})
    def post(self, request, *args, **kwargs):
        actions.check_may_edit(request.user)
        data = WorkingDaySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row, job = actions.add_day(by=request.user, **data.validated_data)
        return Response({**WorkingDaySerializer(row).data, "job": job.pk},
                        status=status.HTTP_201_CREATED)

    @extend_schema(operation_id="calendar_delete", request=DaySerializer, responses=DaySerializer)
    def delete(self, request, *args, **kwargs):
        actions.check_may_edit(request.user)
        data = DaySerializer(data=request.data or request.query_params)
        data.is_valid(raise_exception=True)
        return _delete(request, data.validated_data["date"])


class CalendarDayView(APIView):
    def _day(self, day: str) -> dt.date:
        try:
            return dt.date.fromisoformat(day)
        except ValueError as error:
            raise ValidationError({"date": ["YYYY-MM-DD"]}) from error

    @extend_schema(operation_id="calendar_day_retrieve", responses=WorkingDaySerializer)
    def get(self, request, day: str):
        row = WorkingDay.objects.filter(date=self._day(day)).first()
        if row is None:
            raise NotFound()
        return Response(WorkingDaySerializer(row).data)

    @extend_schema(operation_id="calendar_day_delete", responses=DaySerializer)
    def delete(self, request, day: str):
        actions.check_may_edit(request.user)
        date = self._day(day)
        if not WorkingDay.objects.filter(date=date).exists():
            raise NotFound()
        return _delete(request, date)
