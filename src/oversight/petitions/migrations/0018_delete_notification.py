"""Notification is now `core.models.Notification` (issue 18): only Django's state forgets it here;
the table stays, kept by core (see core/migrations/0001_moved_tables.py)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_moved_tables'),
        ('petitions', '0017_deadline_change_running_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.DeleteModel(name='Notification'),
        ]),
    ]
