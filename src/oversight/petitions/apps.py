from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from oversight.identity import sealed


class PetitionsConfig(AppConfig):
    name = "oversight.petitions"
    label = "petitions"
    verbose_name = _("Petitions and receptions")

    def ready(self):
        # Late (in ready()): models and the modules using them load once the apps are ready.
        from oversight.petitions import escalation, models

        sealed.register(models.Petition)  # identity, a layer below, walks the sealed petitions
        escalation.register()  # petitions under escalation (workcalendar lies below petitions)
