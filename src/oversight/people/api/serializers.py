"""Serializers of the people registry API: persons, organisations, mentions, the review
queue, link runs, personnel appraisals and the nominee's dossier."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from oversight.core.api import ScopedPrimaryKeyField, scoped_many
from oversight.core.scoping import VIEW, hidden_count
from oversight.people import actions
from oversight.people.choices import RunStatus
from oversight.people.dossier import _relation_label
from oversight.people.models import (
    Appraisal,
    LinkCandidate,
    LinkDecision,
    LinkRun,
    Mention,
    Organisation,
    OrganisationRole,
    Person,
    Position,
)
from oversight.units.api.serializers import UnitField


class PositionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Position
        fields = ["id", "title", "organisation", "start", "end"]


class RelativeSerializer(serializers.Serializer):
    person = serializers.IntegerField(help_text="The relative's person id.")
    full_name = serializers.CharField()
    kind = serializers.CharField()
    label = serializers.CharField(help_text="What the relative is to this person.")
    source = serializers.CharField()


class PersonRoleSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = OrganisationRole
        fields = ["id", "organisation", "organisation_name", "role", "role_display",
                  "share_percent", "source", "start", "end"]
        read_only_fields = fields


class PersonSerializer(serializers.ModelSerializer):
    unit = UnitField(read_only=True)
    positions = scoped_many(PositionSerializer, read_only=True)
    org_roles = scoped_many(PersonRoleSerializer, read_only=True)
    relations = serializers.SerializerMethodField(
        help_text="Relatives, read \"the relative is the <label> of this person\".")

    class Meta:
        model = Person
        fields = ["id", "full_name", "names", "name_key", "birth_date", "birth_year", "cccd",
                  "cmnd", "addresses", "phones", "unit", "positions", "org_roles", "relations",
                  "created_at", "updated_at"]
        read_only_fields = fields

    @extend_schema_field(RelativeSerializer(many=True))
    def get_relations(self, obj) -> list[dict]:
        # The same reading as dossier.relatives_of, from prefetched rows.
        out = [{"person": r.other_id, "full_name": r.other.full_name, "kind": r.kind,
                "label": _relation_label(r.kind, inverse=True), "source": r.source}
               for r in obj.relations_out.all()]
        out += [{"person": r.person_id, "full_name": r.person.full_name, "kind": r.kind,
                 "label": r.get_kind_display(), "source": r.source}
                for r in obj.relations_in.all()]
        return out


class SourceSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="petition, matter, reception or appraisal")
    id = serializers.IntegerField()
    url = serializers.CharField()


def _source(mention: Mention) -> dict | None:
    for kind, pk, name in (("matter", mention.defendant and mention.defendant.matter_id,
                            "matter-detail"),
                           ("petition", mention.petition_id, "petition-detail"),
                           ("reception", mention.reception_id, "reception-detail"),
                           ("appraisal", mention.appraisal_id, "appraisal-detail")):
        if pk:
            return {"kind": kind, "id": pk, "url": reverse(name, args=[pk])}
    return None


class MentionSerializer(serializers.ModelSerializer):
    unit = UnitField(read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    source = serializers.SerializerMethodField()

    class Meta:
        model = Mention
        fields = ["id", "person", "role", "role_display", "unit", "name", "birth", "id_number",
                  "address", "phone", "position", "source", "link_probability", "linked_at",
                  "created_at"]
        read_only_fields = fields

    @extend_schema_field(SourceSerializer(allow_null=True))
    def get_source(self, obj) -> dict | None:
        return _source(obj)


class OrganisationRoleSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = OrganisationRole
        fields = ["id", "person", "person_name", "role", "role_display", "share_percent",
                  "source", "start", "end"]
        read_only_fields = fields


class MatterRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class OrganisationSerializer(serializers.ModelSerializer):
    unit = UnitField(read_only=True)
    roles = scoped_many(OrganisationRoleSerializer, read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "name_key", "tax_code", "address", "province", "unit", "roles",
                  "created_at"]
        read_only_fields = fields


class OrganisationDetailSerializer(OrganisationSerializer):
    matters = serializers.SerializerMethodField(help_text="Matters the caller may see.")
    hidden_matters = serializers.SerializerMethodField(
        help_text="Matters it is party to that lie outside the caller's access.")

    class Meta(OrganisationSerializer.Meta):
        fields = [*OrganisationSerializer.Meta.fields, "matters", "hidden_matters"]
        read_only_fields = fields

    def _matters(self, obj):
        if not hasattr(obj, "_visible_matters"):
            user = self.context["request"].user
            every = obj.matters.all()
            obj._visible_matters = list(every.restrict(user))
            obj._hidden_matters = hidden_count(user, every)
        return obj._visible_matters, obj._hidden_matters

    @extend_schema_field(MatterRefSerializer(many=True))
    def get_matters(self, obj) -> list[dict]:
        return [{"id": m.pk, "title": m.title} for m in self._matters(obj)[0]]

    def get_hidden_matters(self, obj) -> int:
        return self._matters(obj)[1]


class LinkDecisionSerializer(serializers.ModelSerializer):
    by = serializers.StringRelatedField()

    class Meta:
        model = LinkDecision
        fields = ["id", "accepted", "by", "at", "note", "match_probability"]


class LinkCandidateSerializer(serializers.ModelSerializer):
    left = MentionSerializer(read_only=True)
    right = MentionSerializer(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    waterfall = serializers.JSONField(
        read_only=True,
        help_text="Splink's match weights, one step per comparison (Prior … Final score).")
    decisions = scoped_many(LinkDecisionSerializer, read_only=True)

    class Meta:
        model = LinkCandidate
        fields = ["id", "left", "right", "match_probability", "match_weight", "waterfall",
                  "status", "status_display", "run", "decisions", "created_at"]
        read_only_fields = fields


class DecideSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("accept", "accept"), ("reject", "reject")])
    note = serializers.CharField(required=False, allow_blank=True, default="")


class LinkRunSerializer(serializers.ModelSerializer):
    """A run's figures; its status, progress, error and starter are its job's (`job`, also at
    /api/jobs/ID/ for whoever started it)."""

    status = serializers.ChoiceField(source="job.status", choices=RunStatus.choices,
                                     read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    step = serializers.CharField(read_only=True)
    progress = serializers.IntegerField(read_only=True, help_text="Per cent done.")
    error = serializers.CharField(read_only=True)
    started_by = serializers.CharField(source="job.starter", read_only=True)
    created_at = serializers.DateTimeField(source="job.created_at", read_only=True)
    started_at = serializers.DateTimeField(source="job.started_at", read_only=True,
                                           allow_null=True)  # null until the job runs
    finished_at = serializers.DateTimeField(source="job.finished_at", read_only=True,
                                            allow_null=True)  # null until the job ends

    class Meta:
        model = LinkRun
        fields = ["id", "job", "status", "status_display", "step", "progress", "mentions",
                  "pairs", "auto_links", "to_review", "persons", "error", "started_by",
                  "created_at", "started_at", "finished_at"]
        read_only_fields = fields


class AppraisalSerializer(serializers.ModelSerializer):
    unit = UnitField(read_only=True, help_text="The caller's unit.")
    nominees = ScopedPrimaryKeyField(
        Person, action=VIEW, many=True, required=False,
        help_text="Person ids, among the persons the caller may see.")

    class Meta:
        model = Appraisal
        fields = ["id", "unit", "requesting_body", "purpose", "reference", "nominees",
                  "received_on", "due_on", "status", "opinion", "answered_on", "created_at"]
        read_only_fields = ["status", "answered_on", "created_at"]

    def create(self, validated):
        user = self.context["request"].user
        if user.unit is None:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Your account has no unit.")]})
        opinion = validated.pop("opinion", "")
        appraisal = actions.create_appraisal(by=user, unit=user.unit, **validated)
        if opinion.strip():
            appraisal = actions.give_opinion(appraisal, by=user, opinion=opinion)
        return appraisal

    def update(self, instance, validated):
        return actions.update_appraisal(instance, by=self.context["request"].user, **validated)


# The dossier (people.dossier.build) as JSON.


class DossierItemSerializer(serializers.Serializer):
    title = serializers.CharField()
    role = serializers.CharField(source="detail",
                                 help_text="Their part in the record (or a detail of it).")
    status = serializers.CharField()
    url = serializers.CharField()
    source = serializers.CharField()
    who = serializers.CharField()


class DossierSectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    items = DossierItemSerializer(many=True)
    hidden = serializers.IntegerField(help_text="Records outside the caller's access.")


class DossierFlagSerializer(serializers.Serializer):
    sentence = serializers.CharField()
    url = serializers.CharField()


class DossierRelativeSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person.pk")
    full_name = serializers.CharField(source="person.full_name")
    kind = serializers.CharField()
    label = serializers.CharField()
    source = serializers.CharField()


class DossierSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person.pk")
    full_name = serializers.CharField(source="person.full_name")
    relatives = DossierRelativeSerializer(many=True)
    sections = DossierSectionSerializer(many=True)
    hidden_total = serializers.IntegerField()
    flags = DossierFlagSerializer(many=True)
    hidden_flags = serializers.IntegerField(
        help_text="Flags withheld because their records are outside the caller's access.")

