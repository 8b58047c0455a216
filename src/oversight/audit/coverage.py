"""Catching writes to audited tables that write no audit entry.

`guard()` watches every SQL statement sent to the database inside it. A write (INSERT,
UPDATE, DELETE) to the table of an audited model (`signals.tracked_models()`) must come
from one of the paths that record it:

- `Model.save()` (`save_base`, which sends the signals the trail listens to);
- Django's deletion collector (it sends `post_delete` for every row; the fields it sets to
  NULL on others (`on_delete=SET_NULL`) are consequences of that recorded delete);
- the audited queryset (`audit.querysets`: `update()`, `bulk_create()`, `bulk_update()`).

Any other write — raw SQL, `QuerySet._update()`, a plain `QuerySet(model=…)` — raises
`UnauditedWrite`, naming the table and the line of project code that made it. Writes inside
`base.acting.suspended()` (seeding demo data, which records one `import` entry) pass; the
places that suspend the trail are listed in `tests/audit/test_audit_coverage.py`. The test
suite runs every test inside the guard (`tests/conftest.py`), so a code path that writes an
audited model another way fails the tests that exercise it.
"""

from __future__ import annotations

import contextlib
import re
import sys

from django.db import connections

from oversight.audit.signals import tracked_models
from oversight.base.acting import current

_WRITE = re.compile(r'^\s*(?:UPDATE|INSERT\s+INTO|DELETE\s+FROM)\s+["`]?(\w+)["`]?', re.I)
_ALLOWED = (
    ("django/db/models/base.py", "save_base"),
    ("django/db/models/deletion.py", "delete"),
    ("oversight/audit/querysets.py", "update"),
    ("oversight/audit/querysets.py", "bulk_update"),
    ("oversight/audit/querysets.py", "bulk_create"),
)


class UnauditedWrite(AssertionError):
    """An audited table was written without an audit entry."""


def audited_tables() -> dict[str, str]:
    return {m._meta.db_table: m._meta.label_lower for m in tracked_models()}


def _origin() -> tuple[bool, str]:
    """(whether a recording path is on the stack, the innermost line of project code)."""
    frame = sys._getframe(2)
    where = ""
    while frame is not None:
        filename = frame.f_code.co_filename.replace("\\", "/")
        name = frame.f_code.co_name
        for path, function in _ALLOWED:
            if filename.endswith(path) and name == function:
                return True, where
        if not where and "/oversight/" in filename and "/audit/coverage.py" not in filename:
            where = f"{filename.split('/src/')[-1]}:{frame.f_lineno} ({name})"
        if not where and "/tests/" in filename:
            where = f"tests/{filename.split('/tests/')[-1]}:{frame.f_lineno} ({name})"
        frame = frame.f_back
    return False, where


class _Watcher:
    def __init__(self, tables: dict[str, str]):
        self.tables = tables

    def __call__(self, execute, sql, params, many, context):
        match = _WRITE.match(sql) if isinstance(sql, str) else None
        if match and match.group(1) in self.tables:
            recorded, where = _origin()
            if not recorded and not current().suspended:
                raise UnauditedWrite(
                    f"{self.tables[match.group(1)]} was written without an audit entry "
                    f"from {where or 'outside the project'}: {sql[:120]}")
        return execute(sql, params, many, context)


@contextlib.contextmanager
def guard(using: str = "default"):
    """Raise `UnauditedWrite` on any write to an audited table that is not recorded."""
    with connections[using].execute_wrapper(_Watcher(audited_tables())):
        yield
