from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "oversight.petitions"
    label = "petitions"
    verbose_name = _("Petitions and receptions")

    def ready(self):
        from oversight.identity import sealed
        from oversight.petitions import escalation
        from oversight.petitions.models import Petition

        sealed.register(Petition)  # identity, a layer below, walks the sealed petitions
        escalation.register()  # petitions under escalation (workcalendar lies below petitions)
