from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "oversight.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        # Late (in ready()): models and the modules using them load once the apps are ready.
        from oversight.audit import querysets, signals

        for model in signals.tracked_models():
            querysets.install(model)  # update(), bulk_create(), bulk_update() leave a trail too
        signals.connect()
