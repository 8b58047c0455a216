"""Every signal receiver the project connects stays connected.

Django holds receivers weakly unless told `weak=False`: a lambda, or a function defined inside
the function that connects it, is collected once that function returns, and the signal is
silently no longer heard. The working calendar's "a row changed, read the exceptions again"
was such a function for months (found by a list plan's test, issue 17). This reads every
`.connect(...)` call in the source and requires `weak=False` where the receiver would die.
Control: the check flags a nested function and a lambda written that way."""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "oversight"


def dying_receivers(tree: ast.AST) -> list[int]:
    """Lines of `.connect(receiver, …)` calls without `weak=False` whose receiver is a lambda
    or a function defined in an enclosing function."""
    found = []

    def visit(node, local_functions: set[str]):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = {n.name for n in ast.walk(child)
                         if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
                         and n is not child}
                visit(child, local_functions | inner)
                continue
            if (isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute)
                    and child.func.attr == "connect" and child.args):
                receiver = child.args[0]
                weak_false = any(k.arg == "weak" and isinstance(k.value, ast.Constant)
                                 and k.value.value is False for k in child.keywords)
                dies = isinstance(receiver, ast.Lambda) or (
                    isinstance(receiver, ast.Name) and receiver.id in local_functions)
                if dies and not weak_false:
                    found.append(child.lineno)
            visit(child, local_functions)

    visit(tree, set())
    return found


def test_no_receiver_is_held_only_weakly():
    checked, bad = 0, []
    for path in SOURCE.rglob("*.py"):
        text = path.read_text()
        if ".connect(" not in text:
            continue
        checked += 1
        bad += [f"{path.relative_to(SOURCE)}:{line}" for line in dying_receivers(ast.parse(text))]
    assert checked >= 5  # it read the source
    assert bad == [], bad


def test_control_a_nested_receiver_and_a_lambda_are_flagged():
    code = '''
def ready():
    def changed(**kwargs):
        pass
    post_save.connect(changed, sender=X)
    post_save.connect(changed, sender=X, weak=False)
post_delete.connect(lambda **kwargs: None)
def module_level(**kwargs):
    pass
post_delete.connect(module_level)
'''
    assert dying_receivers(ast.parse(code)) == [5, 7]
