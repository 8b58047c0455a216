from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "oversight.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self):
        from oversight.jobs import definitions  # noqa: F401  (registers the job kinds)
