from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from oversight.units import offline_hook


class UnitsConfig(AppConfig):
    name = "oversight.units"
    label = "units"
    verbose_name = _("Units")

    def ready(self):
        # Address conversion never geocodes online, whoever imports the library: see
        # units/addresses.py. Installed when the library is imported (units/offline_hook.py),
        # so a process that parses no address does not load it.
        offline_hook.install()
