from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "oversight.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from oversight.reports import catalogue  # noqa: F401  (registers the indicators)
