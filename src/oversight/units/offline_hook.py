"""The offline geocoder installed whenever `vietnamadminunits` is imported, without importing it.

`UnitsConfig.ready()` used to import units/addresses.py — and with it the library, its data
and shapely (about 0.45 s of CPU, seconds of wall time on a busy machine) — in every process
that sets Django up, most of which never parse an address (`oversight link` on a list whose
wards are all in units/wards.py's tables, the web workers, jobs). Now it calls `install()`:
if the library's `parser.utils` module is already loaded its geocoder is replaced at once,
otherwise an import hook replaces it the moment any code imports it, before that code gets
the module back. Either way no lookup can go online (units/addresses.py explains why)."""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys

from oversight.units.geolocator import OfflineGeolocator

UTILS = "vietnamadminunits.parser.utils"


def _patch(module) -> None:
    if not isinstance(getattr(module, "geolocator", None), OfflineGeolocator):
        module.geolocator = OfflineGeolocator()


class _Loader(importlib.abc.Loader):
    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        _patch(module)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != UTILS:
            return None
        sys.meta_path.remove(self)  # find the real module without coming back here
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


def install() -> None:
    """Make the library's street lookup offline, now or when it is imported; idempotent."""
    module = sys.modules.get(UTILS)
    if module is not None:
        _patch(module)
    elif not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
