from django.utils.translation import gettext as _
from rest_framework import serializers

from oversight.committees import actions
from oversight.committees.choices import FollowUp
from oversight.committees.models import (
    AgendaItem,
    CommitteeDocument,
    Conclusion,
    EmulationTarget,
    Finding,
    Inspection,
    Meeting,
    Project,
    Recommendation,
)
from oversight.core.api import ScopedPrimaryKeyField, scoped_many
from oversight.core.text import validate_text
from oversight.matters.api.serializers import check_unit_in_scope
from oversight.matters.models import Direction, Matter
from oversight.petitions.models import Hotspot, Petition
from oversight.units.api.serializers import UnitField
from oversight.units.models import Cluster


class _UnitScoped(serializers.ModelSerializer):
    """`unit` must be one the user may record for; it cannot change afterwards."""

    unit = UnitField()

    def validate_unit(self, unit):
        check_unit_in_scope(self.context["request"].user, unit, "unit")
        if self.instance is not None and unit != self.instance.unit:
            raise serializers.ValidationError(_("This cannot be changed."))
        return unit


class ConclusionDirectionSerializer(serializers.ModelSerializer):
    addressee = UnitField()
    matter = ScopedPrimaryKeyField(Matter, required=False, allow_null=True)
    text = serializers.CharField(required=False, allow_blank=True, default="",
                                 validators=[validate_text])
    status = serializers.SerializerMethodField()

    class Meta:
        model = Direction
        fields = ["id", "addressee", "matter", "text", "issued_on", "due_on", "status",
                  "done_on"]
        read_only_fields = ["issued_on", "done_on"]
        extra_kwargs = {"due_on": {"required": True}}

    def get_status(self, obj) -> str:
        return obj.current_status()


class ConclusionSerializer(serializers.ModelSerializer):
    directions = scoped_many(ConclusionDirectionSerializer, required=False)
    meeting = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Conclusion
        fields = ["id", "meeting", "position", "text", "directions"]
        read_only_fields = ["position"]


class AgendaItemSerializer(serializers.ModelSerializer):
    matters = ScopedPrimaryKeyField(Matter, many=True, required=False)
    petitions = ScopedPrimaryKeyField(Petition, many=True, required=False)
    hotspots = ScopedPrimaryKeyField(Hotspot, many=True, required=False)

    class Meta:
        model = AgendaItem
        fields = ["id", "position", "title", "notes", "matters", "petitions", "hotspots"]
        read_only_fields = ["position"]


class MeetingSerializer(_UnitScoped):
    agenda = scoped_many(AgendaItemSerializer, read_only=True)
    conclusions = scoped_many(ConclusionSerializer, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "unit", "body", "kind", "title", "held_on", "chair", "attendees",
                  "place", "agenda", "conclusions", "created_at"]
        read_only_fields = ["created_at"]

    def create(self, validated):
        return actions.create_meeting(by=self.context["request"].user, **validated)

    def update(self, instance, validated):
        return actions.update_meeting(instance, by=self.context["request"].user, **validated)


class FindingSerializer(serializers.ModelSerializer):
    inspection = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Finding
        fields = ["id", "inspection", "text", "severity", "matter", "petition"]
        read_only_fields = ["matter", "petition"]


class RecommendationSerializer(serializers.ModelSerializer):
    inspection = serializers.PrimaryKeyRelatedField(read_only=True)
    finding = ScopedPrimaryKeyField(Finding, required=False, allow_null=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = ["id", "inspection", "finding", "text", "due_on", "status", "done_on",
                  "notes", "overdue"]
        read_only_fields = ["status", "done_on", "notes"]

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["status"] = instance.current_status()
        return data


class FollowUpSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=FollowUp.choices)
    done_on = serializers.DateField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True)


class InspectionSerializer(_UnitScoped):
    subjects = UnitField(many=True, required=False)
    members = serializers.ListField(child=serializers.CharField(), required=False,
                                    source="member_list")
    findings = scoped_many(FindingSerializer, read_only=True)
    recommendations = scoped_many(RecommendationSerializer, read_only=True)

    class Meta:
        model = Inspection
        fields = ["id", "unit", "kind", "topic", "subjects", "subjects_text", "members",
                  "period_start", "period_end", "status", "concluded_on", "findings",
                  "recommendations", "created_at"]
        read_only_fields = ["created_at"]

    def _members(self, validated):
        if "member_list" in validated:
            validated["members"] = "\n".join(m.strip() for m in validated.pop("member_list")
                                             if m.strip())
        return validated

    def create(self, validated):
        return actions.create_inspection(by=self.context["request"].user,
                                         **self._members(validated))

    def update(self, instance, validated):
        return actions.update_inspection(instance, by=self.context["request"].user,
                                         **self._members(validated))


class OpenMatterSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=Matter._meta.get_field("kind").choices,
                                   default="incident")
    monitored_from = serializers.DateField(required=False)


class OpenPetitionSerializer(serializers.Serializer):
    received_on = serializers.DateField(required=False)
    subject = serializers.CharField(required=False, allow_blank=True, default="")


class EmulationTargetSerializer(_UnitScoped):
    cluster = serializers.SlugRelatedField(slug_field="code", queryset=Cluster.objects.all())
    indicator_label = serializers.CharField(read_only=True)

    class Meta:
        model = EmulationTarget
        fields = ["id", "cluster", "unit", "year", "indicator", "indicator_label", "target",
                  "note", "registered_on"]
        read_only_fields = ["registered_on"]
        validators = []  # the action updates an existing registration instead

    def create(self, validated):
        return actions.register_target(by=self.context["request"].user, **validated)

    def update(self, instance, validated):
        fields = {name: validated.get(name, getattr(instance, name)) for name in (
            "cluster", "unit", "year", "indicator", "target", "note")}
        if (fields["cluster"], fields["year"], fields["indicator"]) != (
                instance.cluster, instance.year, instance.indicator):
            raise serializers.ValidationError(
                {"indicator": [_("Register a new target instead of changing this one.")]})
        return actions.register_target(by=self.context["request"].user, **fields)


class CommitteeDocumentSerializer(_UnitScoped):
    class Meta:
        model = CommitteeDocument
        fields = ["id", "unit", "kind", "number", "title", "issued_on", "status", "created_at"]
        read_only_fields = ["created_at"]

    def create(self, validated):
        return actions.save_document(by=self.context["request"].user, **validated)

    def update(self, instance, validated):
        return actions.save_document(instance, by=self.context["request"].user, **validated)


class ProjectSerializer(_UnitScoped):
    class Meta:
        model = Project
        fields = ["id", "unit", "kind", "title", "status", "submitted_on", "approved_on",
                  "created_at"]
        read_only_fields = ["created_at"]

    def create(self, validated):
        return actions.save_project(by=self.context["request"].user, **validated)

    def update(self, instance, validated):
        return actions.save_project(instance, by=self.context["request"].user, **validated)

