"""The one django-tasks task behind every job: run an attempt of Job `job_id`."""

from django_tasks import task


@task()
def run_job(job_id: int) -> str:
    from oversight.core.jobs import execute

    return str(execute(job_id))
