"""Management commands that change records take `--as USERNAME` and are recorded from `cli`."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import CommandError

from oversight.audit.models import AuditEntry
from oversight.base.commands import RecordedCommand

# Commands that change no record of the application (or work on a throw-away database).
PLAIN = {"demo", "bench", "bench_load", "bench_lists", "bench_ocr", "bench_linking", "bench_portal",
         "explain", "audit"}


def _ours() -> dict[str, str]:
    return {name: app for name, app in get_commands().items() if app.startswith("oversight.")}


def test_every_command_that_changes_records_is_recorded():
    ours = _ours()
    assert {"import", "seed", "load_units", "link", "keys", "matters", "jobs"} <= set(ours)
    plain = {name for name, app in ours.items()
             if not isinstance(load_command_class(app, name), RecordedCommand)}
    assert plain == PLAIN & set(ours), (
        "a new command must extend oversight.base.commands.RecordedCommand "
        f"(or be listed in PLAIN if it changes no records): {sorted(plain - PLAIN)}")


def test_control_a_plain_command_is_noticed():
    """The check above fails for a command that is not recorded."""
    import oversight.ops.management.commands as package

    names = [m.name for m in pkgutil.iter_modules(package.__path__)]
    module = importlib.import_module("oversight.ops.management.commands.demo")
    assert "demo" in names and not issubclass(module.Command, RecordedCommand)


def _import_csv(tmp_path):
    source = tmp_path / "matters.csv"
    source.write_text("kind,title,responsible_unit,monitored_from\n"
                      "case,Vụ nhập từ dòng lệnh,nghe_an,2024-02-01\n", encoding="utf-8")
    return str(source)


def test_import_as_a_user_is_recorded_from_cli(tmp_path, nghean):
    call_command("import", "matters", _import_csv(tmp_path), **{"as": "nghean"})
    entry = AuditEntry.objects.filter(object_type="matters.matter", action="create").last()
    assert (entry.username, entry.user_id, entry.address) == ("nghean", nghean.pk, "cli")


def test_without_as_the_entries_still_say_cli(tmp_path, db):
    call_command("import", "matters", _import_csv(tmp_path))
    entry = AuditEntry.objects.filter(object_type="matters.matter", action="create").last()
    assert (entry.username, entry.address) == ("", "cli")


def test_an_unknown_or_deactivated_user_is_refused_before_anything_changes(
        tmp_path, nghean):
    before = AuditEntry.objects.count()
    with pytest.raises(CommandError, match="no user “ghost”"):
        call_command("import", "matters", _import_csv(tmp_path), **{"as": "ghost"})
    nghean.is_active = False
    nghean.save()
    before = AuditEntry.objects.count()
    with pytest.raises(CommandError, match="deactivated"):
        call_command("import", "matters", _import_csv(tmp_path), **{"as": "nghean"})
    assert AuditEntry.objects.count() == before


def test_as_after_a_sub_command(db, nghean):
    """`oversight matters close … --as USER` and `oversight jobs --start … --as USER`."""
    call_command("jobs", "--start", "search_rebuild", "--as", "nghean")
    entry = AuditEntry.objects.filter(object_type="jobs.job", action="create").last()
    assert (entry.username, entry.address) == ("nghean", "cli")
    assert entry.changes["created_by_id"] == [None, nghean.pk]
    call_command("matters", "close", "--unit", "nghe_an", "--before", "2020-01-01",
                 "--dry-run", "--as", "nghean")
