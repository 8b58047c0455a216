"""AccessGrant is now `core.models.AccessGrant` (issue 18): only Django's state forgets it here;
the table stays, kept by core (see core/migrations/0001_moved_tables.py)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_moved_tables'),
        ('identity', '0003_custodian_approvals'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.DeleteModel(name='AccessGrant'),
        ]),
    ]
