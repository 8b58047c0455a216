"""The unit that is a party to a searchable record (a direction's addressee), so that it finds
the record too; the entries of existing directions get theirs here (the rebuild does the same)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_addressees(apps, schema_editor):
    SearchEntry = apps.get_model("search", "SearchEntry")
    Direction = apps.get_model("matters", "Direction")
    SearchEntry.objects.filter(object_type="direction").update(party_unit_id=Subquery(
        Direction.objects.filter(pk=OuterRef("object_id")).values("addressee_id")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0002_fulltext'),
        ('units', '0002_load_units'),
        ('matters', '0010_direction_event_label'),
    ]

    operations = [
        migrations.AddField(
            model_name='searchentry',
            name='party_unit',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='units.unit'),
        ),
        migrations.RunPython(fill_addressees, migrations.RunPython.noop),
    ]
