from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "oversight.people"
    label = "people"
    verbose_name = _("People and organisations")

    def ready(self):
        # Late (in ready()): models and the modules using them load once the apps are ready.
        from oversight.people import signals, tasks  # noqa: F401  (tasks: the job kinds)

        signals.connect()
