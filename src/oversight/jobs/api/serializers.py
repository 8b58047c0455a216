"""The shapes of /api/jobs/: a job as shown, and the request that starts one."""

from django.urls import reverse
from rest_framework import serializers

from oversight.jobs.models import Job
from oversight.jobs.views import ADMIN_JOBS


class JobSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    percent = serializers.IntegerField(read_only=True)
    created_by = serializers.StringRelatedField()
    started_by = serializers.CharField(source="starter", read_only=True,
                                       help_text="Who started it; \"System\" for the daily run.")
    download = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = ["id", "name", "label", "params", "status", "done", "total", "percent",
                  "message", "cancel_requested", "attempts", "max_attempts", "result",
                  "download", "created_by", "started_by", "created_at", "started_at", "finished_at"]
        read_only_fields = fields

    def get_download(self, obj) -> str | None:
        return reverse("job-download", args=[obj.pk]) if obj.result_file else None


class JobCreateSerializer(serializers.Serializer):
    name = serializers.ChoiceField(choices=["report", *ADMIN_JOBS])
    params = serializers.DictField(required=False, default=dict)
