"""Every domain app has the same shape (issue 18), so the next engineer finds a thing where the
last app kept it: `models.py`, `choices.py`, `actions.py` (every state change), `filtersets.py`,
`forms.py`, `views.py`, `urls.py`, `api/serializers.py`, `api/views.py`, `templates/`, and its
tests in `tests/<app>/` with `test_actions.py`, `test_api.py` and `test_views.py`.

An app that truly has no such thing says so in its `__init__.py` docstring, one line each:

    Shape (issue 18, checked by tests/test_app_shape.py):
    - no `forms.py`: its pages post one field each, read by the views.

A file it lacks is then not expected, nor the tests of that layer (no `actions.py`: no
`test_actions.py`). A reason for a file the app has is stale and fails too. Pages and forms never
import the API's modules (the API may use what the pages use, not the reverse).

Nothing of the project is imported: the files and docstrings are read (ast).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "oversight"
TESTS = ROOT / "tests"

DOMAIN_APPS = ("accounts", "audit", "committees", "documents", "identity", "intake", "jobs",
               "matters", "people", "petitions", "portal", "reports", "search", "units",
               "workcalendar")
# Not domain apps: base/ and core/ (shared machinery below the apps), ops/ (operations
# commands), seeding/ (demo data) and web/ (the pages that combine apps: dashboard, my work).
FILES = ("models.py", "choices.py", "actions.py", "filtersets.py", "forms.py", "views.py",
         "urls.py", "api/serializers.py", "api/views.py", "templates")
# The tests of a layer are expected where the app has that layer.
TEST_OF = {"test_actions.py": "actions.py", "test_api.py": "api/views.py",
           "test_views.py": "views.py"}

# Test files the apps still lack although they have the layer: none left (issue 18: the tests
# mixed into other files were moved to test_actions.py, test_api.py and test_views.py, and the
# few layers without any got a small test). Never raise it again: write the file instead.
TESTS_NOT_YET_WRITTEN: dict[str, set[str]] = {}

_REASON = re.compile(r"^- no (`[^`]+`(?:(?:,| and| or) no `[^`]+`|(?:,| and| or) `[^`]+`)*):"
                     r"\s*(.+)$", re.M)


def stated_reasons(package_init: Path) -> dict[str, str]:
    """{file: reason} from the `- no `file`: reason` lines of an app's docstring (a reason may
    run on over indented lines)."""
    source = package_init.read_text() if package_init.exists() else ""
    doc = ast.get_docstring(ast.parse(source)) or ""
    doc = re.sub(r"\n  +", " ", doc)  # join a bullet's continuation lines
    found = {}
    for match in _REASON.finditer(doc):
        for name in re.findall(r"`([^`]+)`", match.group(1)):
            found[name] = match.group(2).strip()
    return found


def shape_problems(package: Path, tests: Path, apps, not_yet=None) -> list[str]:
    """What breaks the shape, one sentence each (empty: every app has it)."""
    not_yet = not_yet or {}
    problems = []
    for app in apps:
        folder = package / app
        reasons = stated_reasons(folder / "__init__.py")
        has = {name: (folder / name).exists() for name in FILES}
        for name in FILES:
            if not has[name] and name not in reasons:
                problems.append(f"{app}: no {name} and no reason in {app}/__init__.py")
            if has[name] and name in reasons:
                problems.append(f"{app}: has {name} but its docstring says it has none")
            if name in reasons and len(reasons[name]) < 20:
                problems.append(f"{app}: the reason for no {name} says too little")
        for test, layer in TEST_OF.items():
            wanted = has[layer]
            present = (tests / app / test).exists()
            if wanted and not present and test not in not_yet.get(app, ()):
                problems.append(f"{app}: no tests/{app}/{test}")
            if present and test in not_yet.get(app, ()):
                problems.append(f"{app}: tests/{app}/{test} exists: take it off "
                                "TESTS_NOT_YET_WRITTEN")
    return problems


def api_imports_of_pages(package: Path, apps) -> list[str]:
    """Pages and forms (views.py, forms.py) that import an API module (`<app>.api…`)."""
    found = []
    for app in apps:
        for name in ("views.py", "forms.py"):
            path = package / app / name
            if not path.exists():
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ImportFrom) and node.module and \
                        re.match(r"oversight\.\w+\.api(\.|$)", node.module):
                    found.append(f"{app}/{name} imports {node.module}")
    return found


def test_every_domain_app_has_the_expected_files_or_says_why():
    assert all((PACKAGE / app).is_dir() for app in DOMAIN_APPS)
    assert shape_problems(PACKAGE, TESTS, DOMAIN_APPS, TESTS_NOT_YET_WRITTEN) == []


def test_pages_and_forms_import_no_api_module():
    assert api_imports_of_pages(PACKAGE, DOMAIN_APPS) == []


def test_every_app_folder_is_named_a_domain_app_or_left_out_on_purpose():
    """A new app must be placed: a domain app (with the shape) or one of the others."""
    others = {"base", "core", "ops", "seeding", "web", "locale", "__pycache__"}
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir()}
    assert folders - others == set(DOMAIN_APPS)


# --- controls: the checks above can fail ------------------------------------------------------

def _app(package: Path, name: str, files=(), doc: str = "") -> None:
    folder = package / name
    (folder / "api").mkdir(parents=True)
    (folder / "templates").mkdir()
    (folder / "__init__.py").write_text(f'"""{doc}"""\n' if doc else "")
    for f in files:
        (folder / f).write_text("")


@pytest.fixture
def tree(tmp_path):
    package, tests = tmp_path / "oversight", tmp_path / "tests"
    package.mkdir()
    (tests / "things").mkdir(parents=True)
    for name in TEST_OF:
        (tests / "things" / name).write_text("")
    return package, tests


def test_control_a_missing_file_without_a_reason_is_found(tree):
    package, tests = tree
    everything = [f for f in FILES if f != "templates"]
    _app(package, "things", [f for f in everything if f != "actions.py"])
    assert shape_problems(package, tests, ["things"]) == [
        "things: no actions.py and no reason in things/__init__.py"]


def test_control_a_reason_lets_a_file_and_its_tests_go(tree):
    package, tests = tree
    everything = [f for f in FILES if f != "templates"]
    _app(package, "things", [f for f in everything if f not in ("actions.py", "forms.py")],
         doc="Things.\n\nShape:\n- no `actions.py` and no `forms.py`: things never change,\n"
             "  they are read from a table shipped with the code.\n")
    (tests / "things" / "test_actions.py").unlink()
    assert shape_problems(package, tests, ["things"]) == []
    # …and a file written later makes the reason stale.
    (package / "things" / "forms.py").write_text("")
    assert shape_problems(package, tests, ["things"]) == [
        "things: has forms.py but its docstring says it has none"]


def test_control_missing_tests_and_a_stale_allowance_are_found(tree):
    package, tests = tree
    _app(package, "things", [f for f in FILES if f != "templates"])
    (tests / "things" / "test_views.py").unlink()
    assert shape_problems(package, tests, ["things"]) == ["things: no tests/things/test_views.py"]
    assert shape_problems(package, tests, ["things"], {"things": {"test_views.py"}}) == []
    assert shape_problems(package, tests, ["things"], {"things": {"test_api.py"}}) == [
        "things: tests/things/test_api.py exists: take it off TESTS_NOT_YET_WRITTEN",
        "things: no tests/things/test_views.py"]


def test_control_a_page_importing_the_api_is_found(tmp_path):
    package = tmp_path / "oversight"
    _app(package, "things", ["views.py"])
    (package / "things" / "views.py").write_text(
        "from oversight.things.api.serializers import progress\n")
    assert api_imports_of_pages(package, ["things"]) == [
        "things/views.py imports oversight.things.api.serializers"]
