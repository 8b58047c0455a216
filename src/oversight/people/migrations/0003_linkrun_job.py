import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """A link run becomes a job (issue 18): first the link, nullable while rows are moved."""

    dependencies = [
        ("jobs", "0001_initial"),
        ("people", "0002_person_officer"),
    ]

    operations = [
        migrations.AddField(
            model_name="linkrun",
            name="job",
            field=models.OneToOneField(null=True, on_delete=django.db.models.deletion.CASCADE,
                                       related_name="link_run", to="jobs.job",
                                       verbose_name="job"),
        ),
    ]
