"""`oversight keys …`: the server side of the protected-identity key hierarchy.

    escrow-init        make the escrow key pair; store the public halves, PRINT the private
                       half once (keep it offline, e.g. on paper in a safe) and the pin to set
                       as OVERSIGHT_ESCROW_PIN
    pin                read the escrow private key on stdin; complete an escrow key made before
                       it could sign, and print its pin
    approve-custodian  USERNAME: read the escrow private key on stdin and give the user (who
                       has the custodian role and has signed in once) the key of their unit,
                       creating it when the unit has none — how the first custodian of a unit
                       is made; later custodians are approved by a custodian of the unit
                       (/identity/pending/)
    expire-disclosures delete the wraps of disclosures past their time (also done at sign-in
                       and whenever a key is opened)
    rotate             --escrow: read the old escrow private key on stdin, make a new pair,
                       re-wrap every data key and unit key to it, sign the unit keys again and
                       print the new private key and pin;
                       --blind-index: read the escrow private key on stdin, recompute every
                       blind index under a new key and print that key (set it as
                       OVERSIGHT_BLIND_INDEX_KEY before restarting)
    protect-existing   seal the identities of existing denunciations and of petitioners who
                       asked for protection

Nothing here opens an identity without the escrow private key, and nothing gives a key to an
account without it or an existing custodian.
"""

import sys

from django.core.management.base import CommandError

from oversight.accounts.models import User
from oversight.base.commands import RecordedCommand
from oversight.core.errors import RuleError
from oversight.identity import crypto, keys


class Command(RecordedCommand):
    help = "Manage the keys that protect denouncers' identities."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("escrow-init", help="create the escrow key pair, print the private key")
        sub.add_parser("pin", help="print the pin of the escrow key (private key on stdin)")
        approve = sub.add_parser("approve-custodian",
                                 help="give a custodian their unit's key with the escrow key")
        approve.add_argument("username")
        sub.add_parser("expire-disclosures", help="end disclosures past their time")
        rotate = sub.add_parser("rotate", help="rotate the escrow key or the blind-index key")
        rotate.add_argument("--escrow", action="store_true")
        rotate.add_argument("--blind-index", action="store_true")
        sub.add_parser("protect-existing", help="seal identities stored in clear")

    def _read_private(self, prompt: str) -> bytes:
        self.stderr.write(prompt)
        text = sys.stdin.readline().strip()
        try:
            return crypto.key_from_text(text)
        except Exception as exc:
            raise CommandError("That is not an escrow private key.") from exc

    def _print_private(self, key, text: str) -> None:
        self.stdout.write(self.style.WARNING(
            "Escrow private key — shown ONCE. Keep it offline; without it and without the "
            "custodians, protected identities cannot be recovered:"))
        self.stdout.write(text)
        self.stdout.write(f"(fingerprint {key.fingerprint})")
        self._print_pin(key)

    def _print_pin(self, key) -> None:
        pin = keys.escrow_pin(key)
        configured = keys.configured_pin()
        if configured == pin:
            self.stdout.write("This escrow key is the one pinned.")
            return
        self.stdout.write(self.style.WARNING(
            "Set this in the server's environment (not in the database) so that the server "
            "trusts this escrow key and no other:"))
        self.stdout.write(f"OVERSIGHT_ESCROW_PIN={pin}")
        if configured:
            self.stdout.write(self.style.WARNING(
                "Another escrow key is pinned now: until the pin changes, this key is not "
                "trusted."))

    def handle(self, *args, action, **options):
        try:
            getattr(self, "_" + action.replace("-", "_"))(**options)
        except (crypto.CryptoError, RuleError) as exc:
            raise CommandError(str(getattr(exc, "message", exc))) from exc

    def _escrow_init(self, **options):
        if keys.active_escrow() is not None:
            raise CommandError("An escrow key exists; use `oversight keys rotate --escrow`.")
        key, text = keys.escrow_init()
        self._print_private(key, text)

    def _pin(self, **options):
        key = keys.complete_escrow(self._read_private("Escrow private key: "))
        self._print_pin(key)

    def _approve_custodian(self, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        given = keys.escrow_approve_custodian(user, self._read_private("Escrow private key: "))
        self.stdout.write(f"{username} now holds the key of units "
                          f"{', '.join(str(k.unit_id) for k in given)}.")

    def _expire_disclosures(self, **options):
        self.stdout.write(f"Ended {keys.expire_disclosures()} disclosures.")

    def _protect_existing(self, **options):
        count = keys.protect_existing()
        self.stdout.write(f"Protected {count} petitions.")

    def _rotate(self, escrow=False, blind_index=False, **options):
        if not (escrow or blind_index):
            raise CommandError("Say what to rotate: --escrow and/or --blind-index.")
        old = self._read_private("Current escrow private key: ")
        if blind_index:
            new_key = crypto.random_key()
            count = keys.rebuild_blind_index(old, new_key)
            self.stdout.write(f"Blind index recomputed for {count} petitions. Set, "
                              "before restarting:")
            self.stdout.write(f"OVERSIGHT_BLIND_INDEX_KEY={new_key.hex()}")
        if escrow:
            key, text, moved = keys.rotate_escrow(old)
            self.stdout.write(f"Re-wrapped {moved} data keys to the new escrow key.")
            self._print_private(key, text)
