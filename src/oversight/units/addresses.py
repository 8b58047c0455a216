"""Vietnamese addresses parsed and brought to today's units, offline: the one door to
`vietnamadminunits` in the project.

Why this module exists. `vietnamadminunits.convert_address` geocodes online: when an old ward
was divided among several new wards (471 such wards in the package's data) and the address
names a street, it asks ArcGIS (through geopy, `vietnamadminunits/parser/utils.py`) where the
street is and picks the new ward around that point. That sends petitioners', defendants' and
nominees' addresses to a foreign service, and offline each call waits for a failed lookup.

What we do instead. The library looks the street up through one module attribute,
`vietnamadminunits.parser.utils.geolocator`, and when the lookup finds nothing it takes the new
ward that the package's own data marks as the old ward's default successor
(`isDefaultNewWard` in `data/converter_2025.json`) — the same ward it gives for that address
written without a street. Importing this module replaces that attribute with
`OfflineGeolocator`, whose lookups find nothing and open no connection, so the library's own
data decides. We chose the default successor over a guess from the old ward's centre
(`dataset.db` has it) because it does not depend on whether a street was written: two records
of the same person, one with a house number and one without, land in the same ward, which is
what the linking model compares.

The replacement is installed here, once, and by `UnitsConfig.ready()` through an import hook
(units/offline_hook.py: any process that sets Django up has it the moment the library is
imported, without loading the library where no address is parsed). Everything else in the
project calls `parse_address` / `convert_address` from this module, never the library's
converter; a test (`tests/units/test_addresses.py`) fails when another module imports it,
and the test suite runs with outbound sockets blocked.
"""

from __future__ import annotations

import vietnamadminunits.parser.utils as _vau_utils
from vietnamadminunits import convert_address as _convert_address
from vietnamadminunits import parse_address as _parse_address

from oversight.units.geolocator import OfflineGeolocator

__all__ = ["OfflineGeolocator", "convert_address", "install_offline_geolocator",
           "parse_address"]


def install_offline_geolocator() -> None:
    """Make the library's street lookup offline; idempotent."""
    if not isinstance(_vau_utils.geolocator, OfflineGeolocator):
        _vau_utils.geolocator = OfflineGeolocator()


def is_offline() -> bool:
    return isinstance(_vau_utils.geolocator, OfflineGeolocator)


def parse_address(address: str, mode: str = "FROM_2025", level: int = 0, keep_street=True):
    """The library's parser (it never geocodes): an `AdminUnit` of the given mode's units."""
    return _parse_address(address, mode=mode, keep_street=keep_street, level=level)


def convert_address(address: str):
    """A pre-2025 address as an `AdminUnit` of today's units, from the package's data only."""
    install_offline_geolocator()
    return _convert_address(address)


install_offline_geolocator()
