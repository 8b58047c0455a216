from django.utils.translation import gettext as _
from rest_framework import serializers

from oversight.core.api import (
    BuiltFieldsMixin,
    DatedEventSerializer,
    EventSerializer,
    ScopedPrimaryKeyField,
    event_fields,
    scoped_many,
)
from oversight.core.listrows import PlannedRowsMixin
from oversight.core.parties import parent_visible
from oversight.core.scoping import CHANGE, unit_ids_in_scope
from oversight.identity.api.serializers import check_may_classify
from oversight.matters import actions, replies
from oversight.matters.choices import DirectionStatus
from oversight.matters.models import (
    Defendant,
    Direction,
    DirectionEvent,
    ExtensionRequest,
    Matter,
    MatterEvent,
    MonitoringCriterion,
    Reminder,
)
from oversight.units.api.serializers import UnitField


def check_unit_in_scope(user, unit, field: str):
    ids = unit_ids_in_scope(user, CHANGE)
    if ids is not None and unit.pk not in ids:
        raise serializers.ValidationError(
            {field: [_("You cannot record anything for this unit.")]}
        )


class MatterSerializer(serializers.ModelSerializer):
    responsible_unit = UnitField()
    agencies = UnitField(many=True, required=False)
    criteria = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False,
        queryset=MonitoringCriterion.objects.filter(active=True),
    )
    recovery_rate = serializers.FloatField(read_only=True, allow_null=True)
    version = serializers.IntegerField(
        required=False, min_value=1,
        help_text="Send back the version you read: a change saved by someone else since then "
                  "answers 409 and overwrites nothing.")
    defendant_count = serializers.SerializerMethodField()
    assignee = serializers.StringRelatedField(read_only=True, allow_null=True,
                                              help_text="The assignee's full name.")
    assignee_username = serializers.CharField(source="assignee.username", read_only=True,
                                              allow_null=True, default=None)

    class Meta:
        model = Matter
        fields = [
            "id", "kind", "title", "summary", "responsible_unit", "monitoring_level",
            "monitored_from", "criteria", "corruption", "security_order", "stage",
            "prosecuted_on", "completed_on", "closed_on", "loss_amount", "recovered_amount",
            "recovery_rate", "enforcement_due_amount", "enforcement_done_amount",
            "agencies", "defendant_count", "security_classification", "assignee",
            "assignee_username", "version", "created_at", "updated_at",
        ]
        read_only_fields = ["closed_on", "created_at", "updated_at"]

    def get_defendant_count(self, obj) -> int:
        value = getattr(obj, "defendant_total", None)
        return value if value is not None else obj.defendants.count()

    def validate_security_classification(self, value):
        return check_may_classify(self.context["request"].user, value)

    def validate_responsible_unit(self, unit):
        check_unit_in_scope(self.context["request"].user, unit, "responsible_unit")
        return unit

    def create(self, validated):
        validated.pop("version", None)
        return actions.create_matter(by=self.context["request"].user, **validated)

    def update(self, instance, validated):
        expected = validated.pop("version", None)
        return actions.update_matter(instance, by=self.context["request"].user,
                                     expected_version=expected, **validated)


class MatterListSerializer(PlannedRowsMixin, BuiltFieldsMixin, serializers.ModelSerializer):
    """What a list of matters shows, each value read from the row or computed in the query
    (`defendant_count` is a subquery): no summary, criteria, agencies or enforcement amounts,
    which the detail (`GET /api/matters/{id}/`) keeps; `?fields=` trims either."""

    responsible_unit = serializers.CharField(source="responsible_unit_code",  # annotated
                                             read_only=True)
    recovery_rate = serializers.FloatField(read_only=True, allow_null=True)
    defendant_count = serializers.IntegerField(source="defendant_total", read_only=True)
    assignee = serializers.StringRelatedField(read_only=True, allow_null=True,
                                              help_text="The assignee's full name.")
    assignee_username = serializers.CharField(source="assignee.username", read_only=True,
                                              allow_null=True, default=None)

    class Meta:
        model = Matter
        fields = [
            "id", "kind", "title", "responsible_unit", "monitoring_level", "monitored_from",
            "corruption", "security_order", "stage", "prosecuted_on", "completed_on",
            "closed_on", "loss_amount", "recovered_amount", "recovery_rate", "defendant_count",
            "security_classification", "assignee", "assignee_username", "version",
            "updated_at",
        ]
        read_only_fields = fields


class StageMoveSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Matter._meta.get_field("stage").choices)
    on = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CompleteSerializer(serializers.Serializer):
    on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MatterEventSerializer(DatedEventSerializer):
    class Meta:
        model = MatterEvent
        fields = event_fields("from_stage", "to_stage")


class DefendantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Defendant
        fields = ["id", "full_name", "position", "office_level", "office_status", "charge",
                  "prosecuted_on", "first_instance_on", "appeal_on", "sentence"]


class ReminderSerializer(serializers.ModelSerializer):
    by = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = Reminder
        fields = ["id", "on", "by", "note", "new_due_on"]
        read_only_fields = ["by"]


class ExtensionRequestSerializer(serializers.ModelSerializer):
    requested_by = serializers.StringRelatedField(allow_null=True)
    decided_by = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = ExtensionRequest
        fields = ["id", "until", "reason", "status", "requested_by", "requested_at",
                  "decided_by", "decided_at", "decision_note"]
        read_only_fields = fields


class DirectionEventSerializer(EventSerializer):
    by_unit = UnitField(read_only=True, allow_null=True)

    class Meta:
        model = DirectionEvent
        fields = event_fields("by_unit", dated=False)
        read_only_fields = fields


class ReplySerializer(serializers.Serializer):
    text = serializers.CharField(help_text="The addressee's report on the direction.")
    done = serializers.BooleanField(
        required=False, default=False,
        help_text="true: the direction is carried out (done today: `done_on`).")


class ExtensionAskSerializer(serializers.Serializer):
    until = serializers.DateField(help_text="The deadline asked for, after the current one.")
    reason = serializers.CharField()


class ExtensionDecisionSerializer(serializers.Serializer):
    grant = serializers.BooleanField(help_text="true grants the waiting request (the deadline "
                                               "moves to the date asked for); false refuses it.")
    note = serializers.CharField(required=False, allow_blank=True, default="",
                                 help_text="The reason, required when refusing.")


class DirectionSerializer(serializers.ModelSerializer):
    unit = UnitField(required=False)
    addressee = UnitField()
    matter = ScopedPrimaryKeyField(Matter, required=False, allow_null=True)
    status = serializers.ChoiceField(choices=DirectionStatus.choices, required=False)
    reminders = scoped_many(ReminderSerializer, read_only=True)
    assignee = serializers.StringRelatedField(read_only=True, allow_null=True,
                                              help_text="The assignee's full name.")
    assignee_username = serializers.CharField(source="assignee.username", read_only=True,
                                              allow_null=True, default=None)
    extension_requests = scoped_many(ExtensionRequestSerializer, read_only=True)
    allowed = serializers.SerializerMethodField(
        help_text="The parties' actions the caller may take now: reply, request_extension "
                  "(the addressee), decide_extension and edit (the issuer).")

    class Meta:
        model = Direction
        fields = ["id", "unit", "matter", "issuing_body", "addressee", "text", "issued_on",
                  "due_on", "status", "done_on", "reply", "reminders", "assignee",
                  "assignee_username", "extension_requests", "allowed", "created_at"]
        read_only_fields = ["created_at"]

    def get_allowed(self, instance) -> dict[str, bool]:
        request = self.context.get("request")
        if request is None or self.context.get("view") is None or \
                getattr(self.context["view"], "action", None) == "list":
            return {}
        return replies.offered(request.user, instance)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["status"] = instance.current_status()
        request = self.context.get("request")
        if instance.matter_id and not parent_visible(getattr(request, "user", None), instance,
                                                     "matter"):
            data["matter"] = None  # the addressee sees the direction, not its matter
        return data

    def validate(self, attrs):
        user = self.context["request"].user
        if self.instance is None:
            unit = attrs.get("unit")
            if unit is None:
                matter = attrs.get("matter")
                unit = matter.responsible_unit if matter else user.unit
                if unit is None:
                    raise serializers.ValidationError({"unit": [_("This field is required.")]})
                attrs["unit"] = unit
            check_unit_in_scope(user, unit, "unit")
            if attrs.get("status") == DirectionStatus.OVERDUE:
                raise serializers.ValidationError(
                    {"status": [_("Overdue is computed from the deadline, not set.")]}
                )
        return attrs

    def create(self, validated):
        validated.pop("status", None)
        return actions.issue_direction(by=self.context["request"].user, **validated)

    def update(self, instance, validated):
        user = self.context["request"].user
        status = validated.pop("status", None)
        reply = validated.pop("reply", None)
        done_on = validated.pop("done_on", None)
        if status == DirectionStatus.OVERDUE:
            raise serializers.ValidationError(
                {"status": [_("Overdue is computed from the deadline, not set.")]}
            )
        for name in ("unit", "matter"):
            if name in validated and validated[name] != getattr(instance, name):
                raise serializers.ValidationError({name: [_("This cannot be changed.")]})
            validated.pop(name, None)
        if validated:  # text, deadline, addressee…: the issuer's edit, in the history
            instance = replies.edit(instance, by=user, **validated)
        if reply is not None or status == DirectionStatus.DONE:
            instance = actions.answer_direction(
                instance, by=user, reply=reply if reply is not None else instance.reply,
                done_on=done_on, done=status == DirectionStatus.DONE or status is None,
            )
        return instance


class DirectionListSerializer(PlannedRowsMixin, BuiltFieldsMixin, serializers.ModelSerializer):
    """What a list of directions shows, each value read from the row or computed in the query
    (`status` with overdue, `reminder_count`, whether the reader may see the matter): no
    reply, reminders or extension requests, which the detail keeps; `?fields=` trims either."""

    unit = serializers.CharField(source="unit_code", read_only=True)  # annotated in the view
    addressee = serializers.CharField(source="addressee_code", read_only=True)
    matter = serializers.SerializerMethodField(
        help_text="The matter's id; null when there is none or the reader may not see it.")
    status = serializers.ChoiceField(choices=DirectionStatus.choices, source="status_now",
                                     read_only=True)
    reminder_count = serializers.IntegerField(source="reminder_total", read_only=True)
    assignee = serializers.StringRelatedField(read_only=True, allow_null=True,
                                              help_text="The assignee's full name.")
    assignee_username = serializers.CharField(source="assignee.username", read_only=True,
                                              allow_null=True, default=None)

    class Meta:
        model = Direction
        fields = ["id", "unit", "matter", "issuing_body", "addressee", "text", "issued_on",
                  "due_on", "status", "done_on", "reminder_count", "assignee",
                  "assignee_username", "created_at"]
        read_only_fields = fields

    def get_matter(self, instance) -> int | None:
        # the addressee sees the direction, not its matter (core.parties)
        return instance.matter_id if instance.matter_id and instance.matter_visible else None


class UrgeSerializer(serializers.Serializer):
    on = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    new_due_on = serializers.DateField(required=False, allow_null=True)
