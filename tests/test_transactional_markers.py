"""Every transactional test restores the database it found.

A test marked `django_db(transaction=True)` empties the tables when it ends; without
`serialized_rollback=True` Django then writes the content types anew under new ids, and the
next test of the same worker that restores the serialized database (the browser tests,
`tests/browser.py`) fails inserting them (the PostgreSQL run of this stop: 23 errors from one
such marker). This reads every `django_db(...)` in the tests. Control: a marker without it is
named."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def unrestored(tree: ast.AST) -> list[int]:
    """Lines of `django_db(transaction=True)` calls without `serialized_rollback=True`."""
    lines = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "django_db"):
            continue
        flags = {k.arg: getattr(k.value, "value", None) for k in node.keywords}
        if flags.get("transaction") is True and flags.get("serialized_rollback") is not True:
            lines.append(node.lineno)
    return lines


def test_every_transactional_test_restores_the_database():
    read, bad = 0, []
    for path in TESTS.rglob("*.py"):
        text = path.read_text()
        if "django_db(" in text:
            read += 1
            bad += [f"{path.relative_to(TESTS)}:{n}" for n in unrestored(ast.parse(text))]
    assert read >= 4  # it read the tests (browser.py, the concurrency tests…)
    assert bad == [], bad


def test_control_a_transactional_marker_without_restoring_is_named():
    code = ("import pytest\n@pytest.mark.django_db(transaction=True)\ndef test_a(): pass\n"
            "@pytest.mark.django_db(transaction=True, serialized_rollback=True)\n"
            "def test_b(): pass\n")
    assert unrestored(ast.parse(code)) == [2]
