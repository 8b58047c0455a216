from django.utils.translation import gettext as _
from rest_framework import serializers

from oversight.core.api import (
    BuiltFieldsMixin,
    DatedEventSerializer,
    ScopedPrimaryKeyField,
    event_fields,
)
from oversight.core.classification import SecurityClassification
from oversight.core.listrows import PlannedRowsMixin
from oversight.core.scoping import VIEW
from oversight.core.text import validate_text
from oversight.identity import reveal
from oversight.identity.api.serializers import check_may_classify
from oversight.identity.reveal import petitioners_for
from oversight.matters.api.serializers import check_unit_in_scope
from oversight.petitions import actions, rules
from oversight.petitions.choices import Classification, Complexity, Outcome, Status
from oversight.petitions.models import (
    DeadlineChange,
    DeadlineRule,
    Hotspot,
    Petition,
    PetitionAttachment,
    PetitionEvent,
    Reception,
)
from oversight.petitions.transfers import transfer_progress
from oversight.units.api.serializers import UnitField


class PetitionerSerializer(serializers.Serializer):
    """A petitioner. In responses a protected identity's fields are null (the schema says so);
    in requests a null is read as empty, and the name is required."""

    name = serializers.CharField(max_length=200, allow_null=True, validators=[validate_text])
    id_number = serializers.CharField(max_length=32, required=False, allow_blank=True,
                                      allow_null=True)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True,
                                    allow_null=True)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True,
                                  allow_null=True)

    def validate(self, attrs):
        attrs = {k: v or "" for k, v in attrs.items()}
        if not attrs.get("name", "").strip():
            raise serializers.ValidationError({"name": [_("This field is required.")]})
        return attrs


    def to_representation(self, instance):
        if isinstance(instance, dict):
            if instance.get("protected"):
                return {"name": None, "id_number": None, "address": None, "phone": None}
            # What DRF's field loop writes for a stored petitioner (a missing key and a null
            # are null, every field reads null), without its ~100 calls (issue 17: a list
            # shows 50 rows of them; tests/core/test_listrows.py compares the two).
            return {name: None if (value := instance.get(name)) is None else str(value)
                    for name in PETITIONER_FIELDS}
        return super().to_representation(instance)


PETITIONER_FIELDS = ("name", "id_number", "address", "phone")


class RespondentSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, validators=[validate_text])
    position = serializers.CharField(max_length=200, required=False, allow_blank=True)
    unit = serializers.CharField(max_length=200, required=False, allow_blank=True)


class PetitionListSerializer(PlannedRowsMixin, BuiltFieldsMixin, serializers.ModelSerializer):
    """What a list of petitions shows, each value read from its row or computed in the query
    (`overdue` is an annotation): no deadline table, no transfers, no petitioners. The detail
    (`GET /api/petitions/{id}/`) has everything; `?fields=` trims either."""

    unit = serializers.CharField(source="unit_code", read_only=True)  # the view's annotation
    petitioners = PetitionerSerializer(many=True, read_only=True)
    overdue = serializers.BooleanField(read_only=True)
    assignee = serializers.StringRelatedField(allow_null=True)
    identity_protected = serializers.BooleanField(read_only=True)
    transferred_from = serializers.SerializerMethodField()
    # Blank until classification: the schema must allow "" (as on the detail serializer).
    classification = serializers.ChoiceField(choices=Classification.choices, allow_blank=True,
                                             read_only=True)
    request_free_fields = ("petitioners",)  # a sealed one is redacted below, per request

    class Meta:
        model = Petition
        fields = ["id", "unit", "received_on", "channel", "kind", "subject", "petitioners",
                  "status", "anonymous", "identity_protected", "security_classification",
                  "signatory_count", "classification", "next_due", "overdue", "duplicate_of",
                  "transferred_from", "assignee", "version"]
        read_only_fields = fields

    def get_transferred_from(self, obj) -> dict | None:
        """Where a transferred petition came from (the receiver's queue shows it)."""
        if not obj.transferred_from_id:
            return None
        return {"id": obj.transferred_from_id, "unit": obj.transferred_from.unit.code}

    def to_representation(self, instance):
        """Sealed petitioners as on the detail: null unless this session holds the key (a
        custodian), and then every identity served in clear is a disclosure (issue 13)."""
        data = super().to_representation(instance)
        if "petitioners" in data and instance.identity_protected:
            data["petitioners"], _revealed = petitioners_for(
                self.context.get("request"), instance, record_view=False)
        return data


class PetitionSerializer(serializers.ModelSerializer):
    unit = UnitField()
    petitioners = PetitionerSerializer(many=True, required=False)
    petitioner = PetitionerSerializer(write_only=True, required=False)
    respondents = RespondentSerializer(many=True, required=False)
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False, allow_blank=True)
    hotspot = ScopedPrimaryKeyField(Hotspot, required=False, allow_null=True)
    reception = ScopedPrimaryKeyField(Reception, required=False, allow_null=True)
    deadlines = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    filed_late = serializers.BooleanField(read_only=True)
    transferred_from = serializers.SerializerMethodField()
    transfers = serializers.SerializerMethodField()
    assignee = serializers.StringRelatedField(allow_null=True)
    identity_protected = serializers.BooleanField(read_only=True)
    security_classification = serializers.ChoiceField(
        choices=SecurityClassification.choices, required=False)
    # Read-only and blank until classification: the schema must allow "" (found by schemathesis).
    classification = serializers.ChoiceField(choices=Classification.choices, allow_blank=True,
                                             read_only=True)

    class Meta:
        model = Petition
        fields = [
            "id", "unit", "received_on", "channel", "kind", "subject", "content",
            "petitioners", "petitioner", "anonymous", "protection_requested",
            "identity_protected", "security_classification", "respondents", "complexity",
            "remote_area", "multi_location", "complaint_round", "signatory_count", "status",
            "classification", "eligibility", "ineligibility_reason", "classified_on",
            "accepted_on", "decided_on", "decision_reason", "guided_to", "settled_on",
            "outcome", "extensions", "suspensions", "suspended_since", "decision_known_on",
            "filed_late", "late_filing_reason", "late_filing_accepted", "processing_due",
            "transfer_due", "notice_due", "acceptance_due", "settlement_due", "filing_due",
            "next_due", "overdue", "deadlines", "actions",
            "duplicate_of", "transferred_from", "transfers", "hotspot", "reception",
            "assignee", "destroyed_on", "destruction_decision", "created_at", "updated_at",
            "version",
        ]
        read_only_fields = ["version",
            "classification", "eligibility", "ineligibility_reason", "classified_on",
            "decided_on", "decision_reason", "guided_to", "extensions", "suspensions",
            "suspended_since", "late_filing_reason", "late_filing_accepted", "processing_due",
            "transfer_due", "notice_due", "acceptance_due", "settlement_due", "filing_due",
            "next_due",
            "duplicate_of", "destroyed_on", "destruction_decision", "created_at", "updated_at",
        ]
        extra_kwargs = {"accepted_on": {"required": False}, "settled_on": {"required": False}}

    def get_actions(self, obj) -> dict:
        """What may be done now: `allowed` (action names, as in the URLs) and `refused`
        ({action: why}) for the actions of this status that the rules refuse now — the
        same functions the actions call (`petitions.rules`)."""
        allowed, refused = rules.offers(obj)
        return {"allowed": allowed, "refused": dict(refused)}

    def get_deadlines(self, obj) -> dict:
        return {
            row["field"]: {"due": row["due"], "rule": row["rule"],
                           "legal_basis": row["legal_basis"], "running": row["running"],
                           "overdue": row["overdue"],
                           "calendar_exceptions": [
                               {"date": e["date"], "kind": e["kind"], "basis": e["basis"],
                                "text": e["text"]} for e in row["exceptions"]],
                           "suspended_since": row["suspended_since"],
                           "if_resumed_today": row["if_resumed_today"]}
            for row in obj.deadline_rows(specs=self._deadline_specs())
        }

    def _deadline_specs(self):
        """The deadline rules, read once per response (not once per petition)."""
        if "deadline_specs" not in self.context:
            self.context["deadline_specs"] = DeadlineRule.specs()
        return self.context["deadline_specs"]

    def get_transferred_from(self, obj) -> dict | None:
        if not obj.transferred_from_id:
            return None
        source = obj.transferred_from
        return {"id": source.pk, "unit": source.unit.code}

    def get_transfers(self, obj) -> list[dict]:
        request = self.context.get("request")
        return transfer_progress(obj, getattr(request, "user", None))

    def validate_unit(self, unit):
        check_unit_in_scope(self.context["request"].user, unit, "unit")
        return unit

    def validate_security_classification(self, value):
        return check_may_classify(self.context["request"].user, value)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.identity_protected:
            # Sealed fields are null unless this session holds an unwrapped key for them.
            request = self.context.get("request")
            people, _revealed = petitioners_for(
                request, instance, record_view=self.context.get("view") is not None and
                getattr(self.context["view"], "action", None) == "retrieve")
            data["petitioners"] = people
        return data

    def validate(self, attrs):
        if not attrs.get("anonymous") and not attrs.get("petitioners") and not attrs.get(
            "petitioner"
        ):
            raise serializers.ValidationError(
                {"petitioners": [_("Name the petitioner, or mark the petition anonymous.")]}
            )
        return attrs

    def create(self, validated):
        # A past status only through `oversight import` (its context says so): the action
        # refuses it otherwise, naming `status`.
        return actions.create_petition(by=self.context["request"].user,
                                       imported=self.context.get("imported", False),
                                       **validated)


class PetitionEventSerializer(DatedEventSerializer):
    class Meta:
        model = PetitionEvent
        fields = event_fields("from_status", "to_status")


class DeadlineChangeSerializer(serializers.ModelSerializer):
    cause_display = serializers.CharField(source="get_cause_display", read_only=True)

    class Meta:
        model = DeadlineChange
        fields = ["id", "field", "old", "new", "on", "cause", "cause_display", "note", "at"]


class AttachmentSerializer(serializers.ModelSerializer):
    """A sealed original (it may reveal a sealed petitioner) comes with a neutral name and no
    `url` unless the request holds the identity key (identity.reveal.may_open)."""

    original_name = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    sealed = serializers.BooleanField(read_only=True)

    class Meta:
        model = PetitionAttachment
        fields = ["id", "original_name", "size", "uploaded_at", "identifying", "sealed", "url"]
        read_only_fields = ["identifying"]

    def _closed(self, obj) -> bool:
        return obj.sealed and not reveal.may_open(self.context.get("request"), obj.petition)

    def get_original_name(self, obj) -> str:
        return obj.neutral_name() if self._closed(obj) else obj.original_name

    def get_url(self, obj) -> str | None:
        from django.urls import reverse

        return None if self._closed(obj) else reverse("petition-attachment", args=[obj.pk])


class VersionedSerializer(serializers.Serializer):
    """An action's body may carry the petition's `version` as read: a change saved by someone
    else since then answers 409 and changes nothing."""

    version = serializers.IntegerField(required=False, min_value=1)


class ClassifySerializer(VersionedSerializer):
    checklist = serializers.DictField(child=serializers.BooleanField(), default=dict)
    on = serializers.DateField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    verify_as_information = serializers.BooleanField(default=False)
    repeat_of_settled = serializers.BooleanField(default=False)
    new_evidence = serializers.BooleanField(default=False)
    # A first complaint's filing window (Law on Complaints 2011, art. 9): when the complainant
    # learned of the decision; if filed late, the reason and whether it is accepted.
    decision_known_on = serializers.DateField(required=False, allow_null=True, default=None)
    late_filing_reason = serializers.CharField(required=False, allow_blank=True, default="",
                                               validators=[validate_text])
    late_filing_accepted = serializers.BooleanField(required=False, allow_null=True,
                                                    default=None)


class AcceptSerializer(VersionedSerializer):
    on = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonSerializer(VersionedSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    on = serializers.DateField(required=False)


class TransferSerializer(ReasonSerializer):
    to_unit = UnitField()


class GuideSerializer(ReasonSerializer):
    guided_to = serializers.CharField(max_length=300, validators=[validate_text])


class SettleSerializer(VersionedSerializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    on = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ExtendSerializer(VersionedSerializer):
    days = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(validators=[validate_text])
    on = serializers.DateField(required=False)


class SuspendSerializer(VersionedSerializer):
    on = serializers.DateField(required=False)
    reason = serializers.CharField()
    basis = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class ResumeSerializer(VersionedSerializer):
    on = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TerminateSerializer(SuspendSerializer):
    pass


class CorrectFactsSerializer(VersionedSerializer):
    """The facts that select the time limits; those omitted keep their value."""

    complexity = serializers.ChoiceField(choices=Complexity.choices, required=False)
    remote_area = serializers.BooleanField(required=False)
    multi_location = serializers.BooleanField(required=False)
    complaint_round = serializers.IntegerField(required=False, min_value=1, max_value=2)
    reason = serializers.CharField(validators=[validate_text])
    on = serializers.DateField(required=False)


class LinkDuplicateSerializer(VersionedSerializer):
    original = ScopedPrimaryKeyField(Petition, action=VIEW)


class DestroyManySerializer(serializers.Serializer):
    petitions = ScopedPrimaryKeyField(Petition, many=True, allow_empty=False)
    decision = serializers.CharField(validators=[validate_text])
    on = serializers.DateField(required=False)


class PetitionBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Petition
        fields = ["id", "subject", "kind", "status", "received_on", "signatory_count"]


class ReceptionSerializer(serializers.ModelSerializer):
    unit = UnitField()
    hotspot = ScopedPrimaryKeyField(Hotspot, required=False, allow_null=True)
    petitions = ScopedPrimaryKeyField(Petition, many=True, required=False)

    class Meta:
        model = Reception
        fields = ["id", "unit", "held_on", "host", "host_role", "kind", "dialogue", "citizens",
                  "citizen_count", "group_size", "outcome", "hotspot", "petitions",
                  "created_at"]
        read_only_fields = ["created_at"]

    def validate_unit(self, unit):
        check_unit_in_scope(self.context["request"].user, unit, "unit")
        return unit

    def create(self, validated):
        return actions.create_reception(by=self.context["request"].user, **validated)


class HotspotSerializer(serializers.ModelSerializer):
    unit = UnitField()
    petition_count = serializers.SerializerMethodField()
    reception_count = serializers.SerializerMethodField()

    class Meta:
        model = Hotspot
        fields = ["id", "unit", "name", "description", "location", "started_on", "status",
                  "resolved_on", "petition_count", "reception_count", "created_at"]
        read_only_fields = ["created_at"]

    def get_petition_count(self, obj) -> int:
        value = getattr(obj, "petition_total", None)
        return value if value is not None else obj.petitions.count()

    def get_reception_count(self, obj) -> int:
        value = getattr(obj, "reception_total", None)
        return value if value is not None else obj.receptions.count()

    def validate_unit(self, unit):
        check_unit_in_scope(self.context["request"].user, unit, "unit")
        if self.instance is not None and unit != self.instance.unit:
            raise serializers.ValidationError(_("This cannot be changed."))
        return unit

    def create(self, validated):
        return actions.create_hotspot(by=self.context["request"].user, **validated)

    def update(self, instance, validated):
        return actions.update_hotspot(instance, by=self.context["request"].user, **validated)


class HotspotDetailSerializer(HotspotSerializer):
    petitions = serializers.SerializerMethodField()
    receptions = serializers.SerializerMethodField()

    class Meta(HotspotSerializer.Meta):
        fields = [*HotspotSerializer.Meta.fields, "petitions", "receptions"]

    def get_petitions(self, obj) -> list[dict]:
        visible = obj.petitions.restrict(self.context["request"].user, VIEW)
        return PetitionBriefSerializer(visible, many=True).data

    def get_receptions(self, obj) -> list[dict]:
        return [{"id": r.pk, "held_on": r.held_on, "host": r.host, "dialogue": r.dialogue}
                for r in obj.receptions.all()]
