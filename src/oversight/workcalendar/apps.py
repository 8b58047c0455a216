from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from oversight.core import calendar


class WorkCalendarConfig(AppConfig):
    name = "oversight.workcalendar"
    label = "workcalendar"
    verbose_name = _("Working calendar")

    def ready(self):
        """Tell `core.calendar` where the announced exceptions are, and forget them whenever
        one is saved or deleted in this process (see the module's docstring)."""
        from django.db.models.signals import post_delete, post_save

        # Late (in ready()): the models load once the apps are ready.
        from oversight.workcalendar.models import WorkingDay, load_entries, signature

        calendar.configure(load_entries, signature)

        def changed(**_kwargs):
            calendar.invalidate()

        # weak=False: `changed` lives only in this call; held weakly (Django's default) it was
        # collected when ready() returned and a row saved outside workcalendar.actions (the
        # admin, a script) went unnoticed here until the periodic re-check
        post_save.connect(changed, sender=WorkingDay, weak=False,
                          dispatch_uid="workcalendar-saved")
        post_delete.connect(changed, sender=WorkingDay, weak=False,
                            dispatch_uid="workcalendar-deleted")
