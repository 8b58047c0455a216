from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "oversight.intake"
    label = "intake"
    verbose_name = _("Intake of paper and email")

    def ready(self):
        # Late (in ready()): the job kinds register once the apps are ready.
        from oversight.intake import tasks  # noqa: F401
