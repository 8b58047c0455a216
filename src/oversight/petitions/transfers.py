"""What the sender of a transferred petition sees of the receivers' records: a query shared by
the petition's page (petitions/views.py) and the API's detail (petitions/api/serializers.py).
"""

from __future__ import annotations

from oversight.core.scoping import FOLLOW
from oversight.petitions.models import Petition


def transfer_progress(petition: Petition, user) -> list[dict]:
    """The receiving units' records of a transferred petition: status and dates only.

    Read through `restrict(user, FOLLOW)`: the sender is a party to the receiver's record that
    follows it (core.parties) — it sees its progress as far as it may see its own petition,
    but may not read the receiver's record itself (VIEW leaves it out: 404).
    """
    # Read here, never from a VIEW prefetch, which would leave the receiver's record out.
    rows = (Petition.objects.restrict(user, FOLLOW).filter(transferred_from=petition)
            .select_related("unit").order_by("id"))
    return [{
        "unit": r.unit.code, "unit_name": r.unit.name, "status": r.status,
        "status_display": r.get_status_display(), "received_on": r.received_on,
        "accepted_on": r.accepted_on, "decided_on": r.decided_on, "settled_on": r.settled_on,
        "outcome": r.outcome,
    } for r in rows]
