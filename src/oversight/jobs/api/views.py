"""/api/jobs/: the caller's jobs (administrators: all), start a report job, cancel."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from oversight.accounts.roles import is_administrator
from oversight.core import jobs
from oversight.jobs.api.serializers import JobCreateSerializer, JobSerializer
from oversight.jobs.models import Job
from oversight.jobs.views import report_params


class JobViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = JobSerializer
    filterset_fields = ["status", "name"]
    ordering_fields = ["created_at", "id"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return Job.objects.for_user(self.request.user).select_related("created_by")

    @extend_schema(request=JobCreateSerializer, responses=JobSerializer)
    def create(self, request, *args, **kwargs):
        params = JobCreateSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        name = params.validated_data["name"]
        if name == "report":
            try:
                values = report_params(request.user, params.validated_data["params"])
            except ValueError as error:
                raise exceptions.ValidationError({"params": [str(error)]}) from error
            except PermissionDenied as error:
                raise exceptions.PermissionDenied(str(error)) from error
        else:
            if not is_administrator(request.user):
                raise exceptions.PermissionDenied()
            values = {}
        job = jobs.enqueue(name, request.user, **values)
        return Response(JobSerializer(job, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=JobSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        job = self.get_object()
        if not job.finished:
            jobs.request_cancel(job)
        return Response(JobSerializer(job, context={"request": request}).data)
