from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "oversight.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self):
        # Late (in ready()): models and the modules using them load once the apps are ready.
        from oversight.core import jobs
        from oversight.jobs import definitions, models, tasks  # noqa: F401  (the job kinds)

        jobs.bind(model=models.Job, dispatch=tasks.run_job.enqueue)

        _unregister_task_results()


def _unregister_task_results() -> None:
    """django_tasks_db registers its result rows (arguments and return values of every task,
    i.e. content) in the admin site; the administrator manages the system, not content. The
    admin modules are all imported by the time the apps after `django.contrib.admin` are
    ready."""
    from django.contrib import admin
    from django_tasks_db.models import DBTaskResult

    if admin.site.is_registered(DBTaskResult):
        admin.site.unregister(DBTaskResult)
