"""The petition's copy of its standing running deadline (`Petition.standing_due`), filled from
the deadline history: the `next_due` row whose `until` is empty (issue 17)."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Exists, OuterRef, Subquery


# One join, not a subquery per petition: on the national set PostgreSQL, with statistics
# taken while the history was small, probed the correlated form through the wrong index
# (`deadline_change_running`, whose petition column is last) and ran for over 20 minutes.
FILL = """
UPDATE petitions_petition SET standing_due = d.new, standing_due_on = d."on"
FROM petitions_deadlinechange d
WHERE d.petition_id = petitions_petition.id AND d.field = 'next_due' AND d.until IS NULL
"""


def copy_standing(apps, schema_editor):
    connection = schema_editor.connection if schema_editor else None
    if connection is not None and (connection.vendor == "postgresql" or (
            connection.vendor == "sqlite"
            and connection.Database.sqlite_version_info >= (3, 33))):
        with connection.cursor() as cursor:
            cursor.execute(FILL)
        return
    Petition = apps.get_model("petitions", "Petition")
    DeadlineChange = apps.get_model("petitions", "DeadlineChange")
    standing = (DeadlineChange.objects.filter(petition=OuterRef("pk"), field="next_due",
                                              until__isnull=True).order_by("-on", "-id"))
    Petition.objects.filter(Exists(standing)).update(
        standing_due=Subquery(standing.values("new")[:1]),
        standing_due_on=Subquery(standing.values("on")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ('identity', '0004_delete_accessgrant'),
        ('petitions', '0022_petition_counted_unit'),
        ('units', '0002_load_units'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='petition',
            name='standing_due',
            field=models.DateField(blank=True, editable=False, null=True, verbose_name='running deadline, as recorded'),
        ),
        migrations.AddField(
            model_name='petition',
            name='standing_due_on',
            field=models.DateField(blank=True, editable=False, null=True, verbose_name='running deadline recorded on'),
        ),
        migrations.RunPython(copy_standing, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='petition',
            index=models.Index(condition=models.Q(('standing_due__isnull', False)), fields=['standing_due', 'standing_due_on'], name='petition_standing_due'),
        ),
    ]
