from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "oversight.committees"
    label = "committees"
    verbose_name = _("Committee work")

    def ready(self):
        from oversight.committees import (
            escalation,
            indicators,  # noqa: F401  (registers the committee's)
        )

        escalation.register()  # recommendations under escalation (workcalendar lies below)
