"""Every model change has its migration: `makemigrations --check` finds nothing to write.

Two helpers' changes (audit choices, audited managers) once left main needing migrations that
no test noticed; `migrate` alone does not see them."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=0)
    except SystemExit as exit_:  # --check exits 1 when a migration is missing
        pytest.fail(f"makemigrations --check exited {exit_.code}: run `oversight makemigrations`")
