"""Seal the identities of existing denunciations (and petitions that asked for protection) —
only if keys exist already. On a database without an escrow key or custodian key pairs,
nothing happens here: run `oversight keys escrow-init` then `oversight keys protect-existing`.
"""

from django.db import migrations


def protect(apps, schema_editor):
    EscrowKey = apps.get_model("identity", "EscrowKey")
    UserKey = apps.get_model("identity", "UserKey")
    Petition = apps.get_model("petitions", "Petition")
    if not Petition.objects.filter(identity_envelope__isnull=True, anonymous=False).exists():
        return
    if not (EscrowKey.objects.filter(active=True).exists() or UserKey.objects.exists()):
        print("\n  Protected identities: no keys yet. Run `oversight keys escrow-init`, then "
              "`oversight keys protect-existing`.")
        return
    # The live services, so that sealing is written by exactly one function.
    from oversight.identity.keys import protect_existing

    protect_existing()


class Migration(migrations.Migration):
    dependencies = [
        ("identity", "0001_initial"),
        ("petitions", "0004_identity_protection"),
        ("search", "__first__"),
    ]

    operations = [migrations.RunPython(protect, migrations.RunPython.noop)]
