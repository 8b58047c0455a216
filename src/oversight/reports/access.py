"""Who may report on which place. Figures are aggregates, but a provincial user still reports
only on their own unit (and its predecessors); central analysts report on any place."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import PermissionDenied

from oversight.core.scoping import VIEW, unit_ids_in_scope
from oversight.reports.places import UNIT, Place


def place_allowed(user, place: Place) -> bool:
    ids = unit_ids_in_scope(user, VIEW)
    if ids is None:
        return True
    return place.kind == UNIT and place.parts[0].pk in ids


def check_place_allowed(user, place: Place) -> None:
    if not place_allowed(user, place):
        raise PermissionDenied(_("You may report only on your own unit."))
