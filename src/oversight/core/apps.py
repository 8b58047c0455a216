from django.apps import AppConfig

from oversight.base import choices, loading, pgtime
from oversight.core import text


class CoreConfig(AppConfig):
    name = "oversight.core"
    label = "core"
    verbose_name = "Oversight core"

    def ready(self):
        # Typed text is NFC, visible when required, free of bidi controls: core/text.py.
        from django.db.backends.signals import connection_created

        text.install()
        choices.install()  # get_FOO_display() from a table per field: base/choices.py
        loading.install()  # rows into instances without __init__: base/loading.py
        connection_created.connect(private_sqlite_files,
                                   dispatch_uid="oversight.core.private_sqlite_files")
        # timestamptz read in C on PostgreSQL: base/pgtime.py
        connection_created.connect(pgtime.install, dispatch_uid="oversight.base.pgtime")


def private_sqlite_files(sender, connection, **kwargs) -> None:
    """An SQLite database and its -wal/-shm files are mode 0600 (see settings.py)."""
    import os

    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        return
    for path in (name, name + "-wal", name + "-shm"):
        try:
            if os.stat(path).st_mode & 0o077:
                os.chmod(path, 0o600)
        except FileNotFoundError:
            pass
