from rest_framework import serializers

from oversight.units import actions
from oversight.units.models import Cluster, Unit


class UnitField(serializers.SlugRelatedField):
    """A unit written and read as its code (`nghe_an`, `central`…)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "code")
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Unit.objects.all())
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        # PostgreSQL refuses NUL in text: a lookup with one was a 500 (found by schemathesis).
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return super().to_internal_value(data)


class UnitSerializer(serializers.ModelSerializer):
    parent = UnitField(required=False, allow_null=True)
    successors = UnitField(many=True, required=False)
    predecessors = UnitField(many=True, read_only=True)

    class Meta:
        model = Unit
        fields = [
            "id", "code", "name_vi", "name_en", "place_vi", "place_en", "kind", "parent",
            "gov_code", "valid_from", "valid_to", "successors", "predecessors",
        ]

    def create(self, validated):
        return actions.save_unit(**validated)

    def update(self, instance, validated):
        # Successors decide who sees what: they change through the action only.
        return actions.save_unit(instance, **validated)


class ClusterSerializer(serializers.ModelSerializer):
    members = UnitField(many=True)

    class Meta:
        model = Cluster
        fields = ["id", "code", "name_vi", "name_en", "members", "note"]

    def create(self, validated):
        return actions.save_cluster(**validated)

    def update(self, instance, validated):
        return actions.save_cluster(instance, **validated)
