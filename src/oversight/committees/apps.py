from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "oversight.committees"
    label = "committees"
    verbose_name = _("Committee work")

    def ready(self):
        # Late (in ready()): models and the modules using them load once the apps are ready;
        # importing indicators registers the committee's.
        from oversight.committees import escalation, indicators  # noqa: F401

        escalation.register()  # recommendations under escalation (workcalendar lies below)
