"""AccessGrant (from identity) and Notification (from petitions) become core's models, without
touching the database (issue 18: core read identity's access lists and wrote petitions'
notices, two imports running back up). The tables keep their names (`db_table`); this migration
only tells Django's state that core holds them, and `identity.0004_delete_accessgrant` /
`petitions.0018_delete_notification` that their apps no longer do ("moving a model between
apps": `SeparateDatabaseAndState`). It runs after the migrations that made and last changed the
tables, so a fresh database and one made before the move end the same.

The two content types are renamed rather than made anew, so that what names them by id
(permissions given to groups, generic links) still finds them; on a fresh database there are
none yet (they are made after `migrate`) and nothing is renamed.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MOVED = (("identity", "accessgrant"), ("petitions", "notification"))


def _rename(apps, schema_editor, forward: bool) -> None:
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(
        schema_editor.connection.alias)
    for old, model in MOVED:
        source, target = ("core", old) if not forward else (old, "core")
        if not content_types.filter(app_label=target, model=model).exists():
            content_types.filter(app_label=source, model=model).update(app_label=target)


def rename_content_types(apps, schema_editor):
    _rename(apps, schema_editor, forward=True)


def restore_content_types(apps, schema_editor):
    _rename(apps, schema_editor, forward=False)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        # the tables are made and last changed there
        ('identity', '0003_custodian_approvals'),
        ('petitions', '0017_deadline_change_running_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='AccessGrant',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('object_id', models.PositiveBigIntegerField()),
                    ('granted_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='granted at')),
                    ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype')),
                    ('granted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='granted by')),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='access_grants', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                ],
                options={
                    'verbose_name': 'access grant',
                    'verbose_name_plural': 'access grants',
                    'db_table': 'identity_accessgrant',
                    'ordering': ['granted_at', 'id'],
                    'indexes': [models.Index(fields=['user', 'content_type', 'object_id'], name='identity_ac_user_id_5f2492_idx')],
                    'constraints': [models.UniqueConstraint(fields=('content_type', 'object_id', 'user'), name='access_grant_once')],
                },
            ),
            migrations.CreateModel(
                name='Notification',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(default='general', max_length=32, verbose_name='kind')),
                    ('record_type', models.CharField(blank=True, max_length=64, verbose_name='record type')),
                    ('record_id', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='record id')),
                    ('text', models.CharField(max_length=500, verbose_name='text')),
                    ('message', models.JSONField(blank=True, null=True, verbose_name='message')),
                    ('link', models.CharField(blank=True, max_length=300, verbose_name='link')),
                    ('read', models.BooleanField(default=False, verbose_name='read')),
                    ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created at')),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'notification',
                    'verbose_name_plural': 'notifications',
                    'db_table': 'petitions_notification',
                    'ordering': ['-created_at', '-id'],
                    'indexes': [models.Index(fields=['user', 'read'], name='petitions_n_user_id_b28f46_idx'), models.Index(fields=['user', 'kind', 'created_at'], name='notification_user_kind_at')],
                },
            ),
        ]),
        migrations.RunPython(rename_content_types, restore_content_types),
    ]
