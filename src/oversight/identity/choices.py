"""The identity app's choices: what happened to an access list or an identity, why a data key
is wrapped to someone, and where a disclosure request stands. The models keep them under
their old names too (`AccessEvent.Kind`, `KeyWrap.Reason`, `DisclosureRequest.Status`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessEventKind(models.TextChoices):
    CLASSIFIED = "classified", _("Classification changed")
    GRANTED = "granted", _("Access granted")
    REVOKED = "revoked", _("Access revoked")
    REQUESTED = "requested", _("Disclosure requested")
    APPROVED = "approved", _("Disclosure approved")
    REFUSED = "refused", _("Disclosure refused")
    DISCLOSED = "disclosed", _("Identity viewed")
    WRAPPED = "wrapped", _("Key shared with a custodian")
    EXPIRED = "expired", _("Disclosure expired")


class WrapReason(models.TextChoices):
    CUSTODIAN = "custodian", _("custodian")
    ESCROW = "escrow", _("escrow")
    DISCLOSURE = "disclosure", _("approved disclosure")
    UNIT = "unit", _("unit key")


class DisclosureStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    EXPIRED = "expired", _("Expired")
