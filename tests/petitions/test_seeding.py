import random

from oversight.petitions.models import Hotspot, Petition, Reception
from oversight.petitions.seeding import seed_petitions
from oversight.units.models import Unit


def snapshot():
    return sorted(Petition.objects.values_list("unit__code", "kind", "subject", "status",
                                               "received_on"))


def test_seed_is_deterministic_and_complete(nghean, hanoi):
    units = list(Unit.objects.filter(code__in=["nghe_an", "ha_noi"]).order_by("code"))
    users = {"nghe_an": nghean, "ha_noi": hanoi}
    made = seed_petitions(random.Random(7), units, users, "small")
    # each transfer adds the receiving unit's record
    assert made["petitions"] + made["transfers"] == Petition.objects.count() >= 30
    assert Hotspot.objects.count() == 2 and Reception.objects.exists()
    assert Petition.objects.filter(duplicate_of__isnull=False).count() == made["duplicates"]
    assert Petition.objects.filter(transferred_from__isnull=False).count() == made["transfers"]
    assert Petition.objects.filter(status="settled").exists()
    first = snapshot()
    Petition.objects.update(duplicate_of=None, transferred_from=None)
    Petition.objects.all().delete()
    Reception.objects.all().delete()
    Hotspot.objects.all().delete()
    seed_petitions(random.Random(7), units, users, "small")
    assert snapshot() == first
