"""Commands that change records say who runs them: `--as USERNAME`, recorded from `cli`.

Every entry a `RecordedCommand` writes to the audit trail (model changes, imports, links…)
names the user given with `--as` (an active account; an unknown one is refused before
anything is done) and the address `cli`, so the trail tells a change made at the console from
one made through the web (an address) or by a background job (`job`). Without `--as` (cron
jobs such as `mark_overdue`), the entries have no user and still the address `cli`.

Demonstration and measurement commands (`demo`, `bench*`, `explain`) work on throw-away
databases and are plain commands; `tests/security/test_cli_audit.py` lists every command and
fails when one that is neither recorded nor on that list appears.
"""

from __future__ import annotations

import argparse

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from oversight.base.acting import acting

CLI_ADDRESS = "cli"


def _add_as(parser) -> None:
    parser.add_argument(
        "--as", dest="as_user", metavar="USERNAME", default=argparse.SUPPRESS,
        help="the user recorded in the audit trail as having made the changes "
             "(recorded from the address 'cli')")


class RecordedCommand(BaseCommand):
    """A management command whose changes are audited as `--as USERNAME` from `cli`."""

    acting_user = None

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        _add_as(parser)
        # Commands with sub-commands (`keys approve …`) take `--as` after the sub-command too.
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    _add_as(sub)
        return parser

    def execute(self, *args, **options):
        username = options.get("as_user") or ""
        user = None
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"--as: no user “{username}”.")
            if not user.is_active:
                raise CommandError(f"--as: the account “{username}” is deactivated.")
        self.acting_user = user
        with acting(user=user, address=CLI_ADDRESS):
            return super().execute(*args, **options)
