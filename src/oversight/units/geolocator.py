"""The stand-in for geopy's ArcGIS geocoder (see units/addresses.py); no import of the library."""


class OfflineGeolocator:
    """Stands in for geopy's ArcGIS geocoder: finds nothing, connects nowhere. The converter
    then takes the package's default successor ward (see units/addresses.py)."""

    def geocode(self, query, *args, **kwargs):
        return None

    def __repr__(self):
        return "OfflineGeolocator()"
