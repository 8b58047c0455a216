from django.db import migrations

# A run's progress was a percentage: the job counts it out of 100.
TOTAL = 100


def forwards(apps, schema_editor):
    """Each existing run gets its job, carrying its status, progress, step or error, who
    started it and when."""
    LinkRun = apps.get_model("people", "LinkRun")
    Job = apps.get_model("jobs", "Job")
    for run in LinkRun.objects.filter(job__isnull=True).order_by("id"):
        job = Job.objects.create(
            name="relink", params={}, status=run.status, done=run.progress, total=TOTAL,
            message=(run.error if run.status == "failed" else run.step)[:4000],
            attempts=1 if run.started_at else 0, max_attempts=2,
            created_by_id=run.started_by_id, started_at=run.started_at,
            finished_at=run.finished_at)
        # created_at is auto_now_add: set the run's own time afterwards
        Job.objects.filter(pk=job.pk).update(created_at=run.created_at)
        LinkRun.objects.filter(pk=run.pk).update(job=job)


def backwards(apps, schema_editor):
    LinkRun = apps.get_model("people", "LinkRun")
    for run in LinkRun.objects.exclude(job=None).select_related("job"):
        job = run.job
        LinkRun.objects.filter(pk=run.pk).update(
            status=job.status if job.status != "cancelled" else "failed",
            progress=min(100, job.done * 100 // job.total) if job.total else 0,
            step="" if job.status == "failed" else job.message[:200],
            error=job.message if job.status == "failed" else "",
            started_by_id=job.created_by_id, created_at=job.created_at,
            started_at=job.started_at, finished_at=job.finished_at)


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_initial"),
        ("people", "0003_linkrun_job"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
