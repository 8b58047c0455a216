"""What apps above petitions add to a petition's page, each named by the dotted path of a
function (request, petition) -> dict of template context: the portal's conversation with the
submitter (portal/staff_views.py), registered by PortalConfig.ready, since petitions does not
import portal.

Named, not imported: registering in `ready()` then loads no views, forms or serializers in
every process that sets Django up (`oversight link`, jobs, the worker), only in one that shows
a petition's page."""

from __future__ import annotations

from django.utils.module_loading import import_string

DETAIL_EXTRAS: list[str] = []


def register(path: str) -> None:
    if path not in DETAIL_EXTRAS:
        DETAIL_EXTRAS.append(path)


def extras() -> list:
    return [import_string(path) for path in DETAIL_EXTRAS]
