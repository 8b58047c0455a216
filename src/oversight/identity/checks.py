"""`oversight check --deploy`: production pins the escrow key outside the database."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

from oversight.identity.keys import configured_pin


@register(Tags.security, deploy=True)
def escrow_pinned(app_configs=None, **kwargs):
    """Without OVERSIGHT_ESCROW_PIN the server trusts the escrow key the database names, so
    whoever can write the database could plant an escrow key of their own and read every
    identity sealed afterwards (SECURITY.md, "What an administrator cannot do")."""
    if getattr(settings, "PRODUCTION", False) and not configured_pin():
        return [Warning(
            "OVERSIGHT_ESCROW_PIN is not set: the escrow key is trusted from the database.",
            hint="Set OVERSIGHT_ESCROW_PIN to the pin `oversight keys escrow-init` printed "
                 "(or `oversight keys pin` prints from the escrow private key).",
            id="oversight.W101")]
    return []
