"""`oversight keys …`: the server side of the protected-identity key hierarchy.

    escrow-init        make the escrow key pair; store the public half, PRINT the private
                       half once (keep it offline, e.g. on paper in a safe)
    rotate             --escrow: read the old escrow private key on stdin, make a new pair,
                       re-wrap every data key to it and print the new private key;
                       --blind-index: read the escrow private key on stdin, recompute every
                       blind index under a new key and print that key (set it as
                       OVERSIGHT_BLIND_INDEX_KEY before restarting)
    protect-existing   seal the identities of existing denunciations and of petitioners who
                       asked for protection
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from oversight.identity import crypto, keys


class Command(BaseCommand):
    help = "Manage the keys that protect denouncers' identities."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("escrow-init", help="create the escrow key pair, print the private key")
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

    def handle(self, *args, action, **options):
        if action == "escrow-init":
            if keys.active_escrow() is not None:
                raise CommandError("An escrow key exists; use `oversight keys rotate --escrow`.")
            key, text = keys.escrow_init()
            self._print_private(key, text)
        elif action == "protect-existing":
            count = keys.protect_existing()
            self.stdout.write(f"Protected {count} petitions.")
        elif action == "rotate":
            if not (options["escrow"] or options["blind_index"]):
                raise CommandError("Say what to rotate: --escrow and/or --blind-index.")
            old = self._read_private("Current escrow private key: ")
            try:
                if options["blind_index"]:
                    new_key = crypto.random_key()
                    count = keys.rebuild_blind_index(old, new_key)
                    self.stdout.write(f"Blind index recomputed for {count} petitions. Set, "
                                      "before restarting:")
                    self.stdout.write(f"OVERSIGHT_BLIND_INDEX_KEY={new_key.hex()}")
                if options["escrow"]:
                    key, text, moved = keys.rotate_escrow(old)
                    self.stdout.write(f"Re-wrapped {moved} data keys to the new escrow key.")
                    self._print_private(key, text)
            except crypto.CryptoError as exc:
                raise CommandError(str(exc)) from exc
