import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The run's status, progress, error, starter and times are its job's from now on."""

    dependencies = [
        ("people", "0004_linkrun_to_jobs"),
    ]

    operations = [
        migrations.AlterField(
            model_name="linkrun",
            name="job",
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE,
                                       related_name="link_run", to="jobs.job",
                                       verbose_name="job"),
        ),
        migrations.AlterModelOptions(
            name="linkrun",
            options={"ordering": ["-id"], "verbose_name": "link run",
                     "verbose_name_plural": "link runs"},
        ),
        migrations.RemoveField(model_name="linkrun", name="status"),
        migrations.RemoveField(model_name="linkrun", name="step"),
        migrations.RemoveField(model_name="linkrun", name="progress"),
        migrations.RemoveField(model_name="linkrun", name="error"),
        migrations.RemoveField(model_name="linkrun", name="started_by"),
        migrations.RemoveField(model_name="linkrun", name="created_at"),
        migrations.RemoveField(model_name="linkrun", name="started_at"),
        migrations.RemoveField(model_name="linkrun", name="finished_at"),
    ]
