"""Address conversion works offline, from the package's own data (units/addresses.py): every
old ward that was divided among several new wards — the case where `vietnamadminunits` would
ask an online geocoder — converts to the package's default successor without a connection."""

from __future__ import annotations

import ast
import json
import socket
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
import vietnamadminunits.converter.converter_2025 as converter
import vietnamadminunits.parser.utils as vau_utils

from oversight.units import addresses

SRC = Path(__file__).resolve().parents[2] / "src" / "oversight"


def divided_wards_with_a_street() -> list[tuple[str, str]]:
    """(address before 2025 with a street, key of the default new ward) for every divided
    old ward the legacy parser names."""
    legacy = json.loads(resources.files("vietnamadminunits").joinpath(
        "data", "parser_legacy.json").read_text("utf-8"))
    provinces = legacy["DICT_PROVINCE"]
    districts = legacy["DICT_PROVINCE_DISTRICT"]
    wards = legacy["DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED"]
    cases = []
    for olds in converter.DICT_PROVINCE_WARD_DIVIDED.values():
        for key, new_wards in olds.items():
            p, d, w = key.split("_")
            if not (w and w in wards.get(p, {}).get(d, {})):
                continue
            default = next(n["newWardKey"] for n in new_wards if n["isDefaultNewWard"])
            cases.append((f"Số 5 Lê Lợi, {wards[p][d][w]['ward']}, "
                          f"{districts[p][d]['district']}, {provinces[p]['province']}", default))
    return cases


@pytest.fixture
def connection_attempts(monkeypatch):
    """Every connection or name look-up tried during the test (each one is refused)."""
    attempts = []

    def connect(sock, address, *args):
        attempts.append(("connect", address))
        raise OSError("refused by the test")

    def getaddrinfo(host, *args, **kwargs):
        attempts.append(("lookup", host))
        raise socket.gaierror("refused by the test")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return attempts


def key(text: str) -> str:
    return vau_utils.key_normalize(text)


def test_every_ambiguous_address_converts_offline_to_the_default_ward(connection_attempts):
    cases = divided_wards_with_a_street()
    assert len(cases) > 400  # the package's data: 471 divided wards
    for address, default in cases:
        unit = addresses.convert_address(address)
        assert key(unit.ward) == key(default), address
        assert unit.street.startswith("Số 5 Lê Lợi")
    assert connection_attempts == []


def test_the_same_ward_with_and_without_a_street(connection_attempts):
    """What the linking model compares does not depend on whether a house number was written."""
    for address, _ in divided_wards_with_a_street()[:50]:
        without = address.split(", ", 1)[1]
        assert addresses.convert_address(address).ward == \
            addresses.convert_address(without).ward
    assert connection_attempts == []


def test_control_the_library_alone_would_geocode_online(connection_attempts, monkeypatch):
    """The test above can fail: with geopy's ArcGIS geocoder back in place, converting the
    same address tries to reach geocode.arcgis.com."""
    from geopy.geocoders import ArcGIS

    monkeypatch.setattr(vau_utils, "geolocator", ArcGIS())
    address, _ = divided_wards_with_a_street()[0]
    with pytest.raises(Exception):  # noqa: B017 - geopy wraps the refused look-up its own way
        converter.convert_address_2025(address)
    assert ("lookup", "geocode.arcgis.com") in connection_attempts


def test_normalise_address_goes_through_the_adapter(connection_attempts):
    from oversight.people.normalise import normalise_address

    address, default = divided_wards_with_a_street()[0]
    normalise_address.cache_clear()
    place = normalise_address(address)
    assert place.province == "can_tho"
    assert key(default).endswith(key(place.text.split(", ")[1]))  # short ward name
    assert connection_attempts == []


def test_no_other_module_imports_the_library():
    """Only units/addresses.py imports `vietnamadminunits` code (reading its data files with
    importlib.resources is fine): a new caller of the converter cannot bypass the adapter."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if path == SRC / "units" / "addresses.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "vietnamadminunits" or n.startswith(("vietnamadminunits.", "geopy"))
                   for n in names):
                offenders.append(str(path.relative_to(SRC)))
    assert offenders == []


def test_django_setup_installs_the_offline_geolocator():
    """Any process that sets Django up (server, commands, jobs) has it, whoever imports the
    library first."""
    code = ("import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
            "'oversight.settings'); django.setup(); import vietnamadminunits.parser.utils as u;"
            " print(type(u.geolocator).__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.strip() == "OfflineGeolocator"


def test_django_setup_does_not_load_the_library():
    """The geocoder is installed by an import hook (units/offline_hook.py): setting Django up
    loads neither the library nor shapely, and looking up a ward written in full in the
    package's tables (units/wards.py) does not either. Control: a parse loads it, offline."""
    code = ("import django, os, sys; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
            "'oversight.settings'); django.setup(); "
            "print('vietnamadminunits' in sys.modules, 'shapely' in sys.modules); "
            "from oversight.people.normalise import normalise_address as a; "
            "a('Xóm 3, Xã Tuy An Nam, Tỉnh Đắk Lắk'); print('vietnamadminunits' in sys.modules); "
            "a('12 Lê Lợi, Thành phố Vinh'); import vietnamadminunits.parser.utils as u; "
            "print('vietnamadminunits' in sys.modules, type(u.geolocator).__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.split("\n")[:3] == ["False False", "False", "True OfflineGeolocator"]
