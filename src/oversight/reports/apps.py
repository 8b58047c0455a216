from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "oversight.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # Late (in ready()): the indicators register once the apps are ready.
        from oversight.reports import catalogue  # noqa: F401
