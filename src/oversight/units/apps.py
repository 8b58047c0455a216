from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "oversight.units"
    label = "units"
    verbose_name = _("Units")

    def ready(self):
        # Address conversion never geocodes online, whoever imports the library: see
        # units/addresses.py.
        from oversight.units.addresses import install_offline_geolocator

        install_offline_geolocator()
