from django.contrib import admin

from oversight.units.models import Cluster, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name_vi", "kind", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("code", "name_vi", "name_en")
    filter_horizontal = ("successors",)


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ("code", "name_vi")
    filter_horizontal = ("members",)
