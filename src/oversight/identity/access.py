"""Access lists of classified records: who decides them, who may be put on them, and what they
hold (the changes — grant, revoke, (re)classify, each logged and audited — are actions.py).

Rule (documented in SECURITY.md): the head and the identity custodian of the record's unit
decide; they may put on the list only active users of the record's unit (with its
predecessors). Raising a record to confidential or secret puts the person who did it on the
list, so nobody locks themselves out by accident.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from oversight.accounts.models import User
from oversight.core.classification import may_classify
from oversight.core.errors import RuleError
from oversight.core.models import AccessGrant
from oversight.core.scoping import CHANGE, can
from oversight.identity.models import AccessEvent
from oversight.units.models import Unit


def _unit_id(record) -> int:
    return getattr(record, f"{type(record).scope_unit_field}_id")


def may_manage(user, record) -> bool:
    return may_classify(user) and can(user, CHANGE, record)


def check_may_manage(user, record) -> None:
    if not may_manage(user, record):
        raise RuleError(_("Only the head or the identity custodian of the unit manages "
                          "access to this record."))


def candidates(record):
    """Users who may be put on the record's access list: active users of its unit."""
    unit_id = _unit_id(record)
    predecessors = Unit.objects.predecessor_map()
    ids = [u.pk for u in User.objects.filter(is_active=True, unit__isnull=False)
           if unit_id in Unit.objects.lineage_ids(u.unit_id, predecessors)]
    return User.objects.filter(pk__in=ids).order_by("username")


def grants(record):
    return AccessGrant.objects.filter(
        content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk,
    ).select_related("user", "granted_by")


def events(record):
    return AccessEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk,
    ).select_related("by", "subject")
