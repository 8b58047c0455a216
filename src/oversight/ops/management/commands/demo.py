"""`oversight demo`: migrate, load the demo data if empty, create the demo accounts, serve."""

import os
import secrets

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from oversight.accounts.models import User
from oversight.accounts.roles import Role
from oversight.core import companion
from oversight.identity import crypto, keys
from oversight.matters.models import Matter
from oversight.portal import lookup, receipts
from oversight.portal.seeding import demo_code
from oversight.units.models import Unit

DEMO_ACCOUNTS = [
    # username, unit, roles, is_staff, description
    ("admin", "central", [Role.ADMINISTRATOR], True, "administrator"),
    ("central", "central", [Role.CENTRAL_ANALYST], False, "central analyst (reads every unit)"),
    ("nghean", "nghe_an", [Role.OFFICER], False, "officer, Nghệ An"),
    ("quangtri", "quang_tri", [Role.OFFICER], False, "officer, Quảng Trị (incl. old Quảng Bình)"),
    ("custodian", "nghe_an", [Role.CUSTODIAN], False,
     "identity custodian, Nghệ An (sees and discloses denouncers' identities)"),
]


class Command(BaseCommand):
    help = "Prepare the demo (migrate, seed if empty, accounts) and serve on 127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("--prepare-only", action="store_true",
                            help="do everything but serving")
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args, prepare_only, addrport, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database migrated.")

        password = os.environ.get("OVERSIGHT_DEMO_PASSWORD") or secrets.token_urlsafe(9)
        escrow_text = None
        if keys.active_escrow() is None:
            _key, escrow_text = keys.escrow_init()
        # Accounts before the data: the custodian holds Nghệ An's unit key (given with the
        # escrow key, as `oversight keys approve-custodian` does) and so reads the seeded
        # identities.
        self._accounts(password)
        self._custodian_key(escrow_text)
        if not Matter.objects.exists():
            self.stdout.write("Loading the demo data…")
            call_command("seed", scale="demo", stdout=self.stdout)
        else:
            self.stdout.write("Demo data already present.")
        call_command("collectstatic", interactive=False, verbosity=0)
        url = f"http://{addrport}/"
        self.stdout.write(self.style.SUCCESS(f"\nOversight is ready at {url}"))
        self.stdout.write(f"API docs: {url}api/docs/   Admin: {url}admin/")
        self.stdout.write(f"Demo accounts (password for all: {password}):")
        for username, _unit, _roles, _staff, description in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<10} {description}")
        if escrow_text:
            self.stdout.write(self.style.WARNING(
                "Escrow private key (shown once; recovers protected identities without a "
                f"custodian): {escrow_text}"))
        self._portal_notice(url)
        self._two_factor_notice()
        if not prepare_only:
            self.serve(addrport)

    def serve(self, addrport: str) -> None:
        """The web server, and the task worker beside it (jobs: reports and PDFs made while
        the user watches the progress bar; linking the persons named in new records): one
        command, and both stop together."""
        self.stdout.write("Task worker started (oversight db_worker); Ctrl-C stops both.")
        with companion.companion(companion.worker_command()):
            call_command("runserver", addrport, use_reloader=False)

    def _portal_notice(self, url: str) -> None:
        code = demo_code(2024)
        if lookup.find(code) is not None:
            self.stdout.write(f"Public portal: {url}portal/   demo receipt code: "
                              f"{receipts.grouped(code)}")

    def _two_factor_notice(self) -> None:
        from django.conf import settings

        if settings.REQUIRE_2FA:
            self.stdout.write(self.style.WARNING(
                "Two-factor sign-in is ON (OVERSIGHT_REQUIRE_2FA): `admin` and `central` will "
                "be asked to scan a QR code with an authenticator app at their first sign-in. "
                "`make demo` turns it off for the demo (OVERSIGHT_REQUIRE_2FA=0)."))
        else:
            self.stdout.write(self.style.WARNING(
                "Two-factor sign-in is OFF for this demo (OVERSIGHT_REQUIRE_2FA=0). In "
                "production it is required for heads, custodians, central analysts and "
                "administrators."))

    def _custodian_key(self, escrow_text: str | None) -> None:
        custodian = User.objects.get(username="custodian")
        if keys.approved_custodian(custodian):
            return
        if escrow_text:
            keys.escrow_approve_custodian(custodian, crypto.key_from_text(escrow_text))
            return
        self.stdout.write(self.style.WARNING(
            "The demo custodian holds no unit key (their password changed since the escrow key "
            "was made): give it with `oversight keys approve-custodian custodian` and the "
            "escrow private key printed at the first run."))

    @transaction.atomic
    def _accounts(self, password: str) -> None:
        for username, unit_code, roles, is_staff, _description in DEMO_ACCOUNTS:
            user, _created = User.objects.get_or_create(username=username)
            user.unit = Unit.objects.get(code=unit_code)
            user.is_staff = is_staff
            user.is_superuser = is_staff
            user.set_password(password)
            user.save()
            user.set_roles(roles)
