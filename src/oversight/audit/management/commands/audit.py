"""`oversight audit verify [--expect-head HASH]`, `oversight audit head [--export FILE]`,
`oversight audit proof-key` (the public key proofs are checked with) and
`oversight audit check-proof` (a proof's text on stdin)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from oversight.audit import chain, proofs


class Command(BaseCommand):
    help = "Check the audit trail's hash chain, or print its head hash for safe keeping."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser("verify", help="recompute every hash; name the first broken "
                                "entry; exit 1 on any edit, deletion or reordering")
        verify.add_argument("--expect-head", default="",
                            help="a head hash kept earlier: it must still be in the chain "
                            "(detects entries removed from the end)")
        head = sub.add_parser("head", help="print the last entry's hash")
        head.add_argument("--export", metavar="FILE", default="",
                          help="also write the head (id, hash, time) to FILE as JSON")
        sub.add_parser("proof-key", help="print the Ed25519 public key (hexadecimal) that "
                       "proofs of filing and issued documents are checked with")
        sub.add_parser("check-proof", help="check a proof's text read from stdin; print what "
                       "it says; exit 1 if the signature does not hold")

    def handle(self, *args, subcommand, **options):
        if subcommand == "verify":
            return self._verify(options["expect_head"])
        if subcommand == "proof-key":
            self.stdout.write(proofs.public_key_text())
            return None
        if subcommand == "check-proof":
            return self._check_proof()
        return self._head(options["export"])

    def _check_proof(self) -> None:
        import sys


        try:
            proof = proofs.check(sys.stdin.read())
        except proofs.ProofError as error:
            raise CommandError(f"Not a valid proof: {error}.", returncode=1) from error
        contained = chain.contains(proof.position, proof.head)
        self.stdout.write(self.style.SUCCESS(
            f"Signature valid: {proof.kind}, digest {proof.digest}, at {proof.at}, "
            f"audit entry #{proof.position} {proof.head}"))
        if not contained:
            raise CommandError(f"The audit entry the proof names ({proof.head}) is no longer "
                               "in the chain.", returncode=1)
        self.stdout.write("That entry is still in the audit chain.")

    def _verify(self, expect_head: str) -> None:
        result = chain.verify(find=expect_head or None)
        if not result.ok:
            raise CommandError(
                f"Audit trail BROKEN at entry #{result.broken_id}: {result.reason}. "
                f"{result.count} entries before it verified.", returncode=1)
        if expect_head and not result.found:
            raise CommandError(f"Audit trail BROKEN: the kept head {expect_head} is no longer "
                               "in the chain (entries were removed or rewritten).", returncode=1)
        self.stdout.write(self.style.SUCCESS(
            f"Audit trail intact: {result.count} entries, head {result.head}"))

    def _head(self, export: str) -> None:
        last_id, hash_ = chain.head()
        self.stdout.write(hash_)
        if export:
            Path(export).write_text(json.dumps(
                {"id": last_id, "hash": hash_, "at": timezone.now().isoformat()}, indent=2) + "\n")
            self.stderr.write(f"Head written to {export}")
