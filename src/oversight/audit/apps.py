from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "oversight.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from oversight.audit import signals

        signals.connect()
