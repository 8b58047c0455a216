from django.utils.translation import gettext as _
from rest_framework import serializers

from oversight.core import calendar
from oversight.core.text import validate_text
from oversight.workcalendar.choices import DayKind
from oversight.workcalendar.models import WorkingDay


class WorkingDaySerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=DayKind.choices)
    basis = serializers.CharField(max_length=300, validators=[validate_text])  # core/text.py
    note = serializers.CharField(required=False, allow_blank=True, default="")
    weekday = serializers.SerializerMethodField()

    class Meta:
        model = WorkingDay
        fields = ["date", "kind", "basis", "note", "weekday"]

    def get_weekday(self, obj) -> int:
        """ISO weekday: 1 Monday … 7 Sunday."""
        return calendar.iso_day_of_week(obj.date)


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=1900, max_value=2200)


class DaySerializer(serializers.Serializer):
    date = serializers.DateField(help_text=_("YYYY-MM-DD"))
