from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MattersConfig(AppConfig):
    name = "oversight.matters"
    label = "matters"
    verbose_name = _("Matters under monitoring")

    def ready(self):
        # Late (in ready()): models and the modules using them load once the apps are ready.
        from oversight.matters import escalation

        escalation.register()  # directions under escalation (workcalendar lies below matters)
