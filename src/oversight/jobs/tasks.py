"""The one django-tasks task behind every job: run an attempt of Job `job_id`."""

from django_tasks import task

from oversight.core.jobs import execute


@task()
def run_job(job_id: int) -> str:
    return str(execute(job_id))
