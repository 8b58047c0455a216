"""The shape of the code, measured from its imports: layers, arrows, cycles, imports made inside
functions; optionally drawn as an SVG (`make architecture` writes docs/architecture.svg).

    python scripts/architecture.py                 # the figures
    python scripts/architecture.py --list          # and every upward, cycle and in-function import
    python scripts/architecture.py --svg docs/architecture.svg

A room is an app (a folder of src/oversight/) or a top-level module (urls.py…). `LAYERS` below is
the intended order, from the bottom: a room may import rooms of lower layers freely; an import of
a room in a HIGHER layer "runs back up" and is counted (and drawn in red). Imports between two
rooms of the same layer are counted as sideways. Cycles are counted between modules (files),
with imports inside functions included: a cycle hidden in a function still ties the files.
Only the standard library is used (ast), so it runs without installing anything; migrations and
tests are left out. Nothing of the project is imported or run.
"""

from __future__ import annotations

import argparse
import ast
import collections
import html
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "oversight"

# Bottom first: `base`, small modules that import nothing of the project (text folding, who is
# acting, reads announced, which record classifies a row, the recorded command); who (accounts)
# and where (units) everything refers to, the audit trail, then core, the shared machinery
# (scoping and its access lists, notifications, the calendar, the jobs runner, rendering); the
# working calendar and its escalation steps, which every app with deadlines registers its
# records with (petitions, matters, committees `escalation.py`); the domain apps; the apps that
# combine them; the entry points (URL confs, settings, the console script) on top.
LAYERS: list[tuple[str, ...]] = [
    ("base",),
    ("accounts",),
    ("units",),
    ("audit",),
    ("core", "search"),
    ("workcalendar",),
    ("identity", "matters"),
    ("petitions",),
    ("portal", "people", "documents"),
    ("reports",),
    ("committees",),
    ("intake", "jobs", "seeding", "web"),
    ("ops",),
    ("urls", "api_urls", "settings", "cli", "wsgi"),
]
SKIPPED_PARTS = {"migrations", "tests", "__pycache__"}


@dataclass
class Import:
    source: str  # module doing the import: "oversight.petitions.duplicates"
    target: str  # module imported
    path: Path
    line: int
    in_function: bool


@dataclass
class Shape:
    modules: dict[str, Path] = field(default_factory=dict)
    lines: collections.Counter = field(default_factory=collections.Counter)  # per room
    imports: list[Import] = field(default_factory=list)


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def room_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


class _Collector(ast.NodeVisitor):
    def __init__(self, module: str, is_package: bool, known: set[str]):
        self.module, self.is_package, self.known = module, is_package, known
        self.depth = 0
        self.found: list[tuple[str, int, bool]] = []

    def _function(self, node):
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def _add(self, target: str, node) -> None:
        if target == "oversight" or not target.startswith("oversight."):
            return
        while target not in self.known and "." in target:  # a name inside a module
            target = target.rsplit(".", 1)[0]
        entry = (target, node.lineno, self.depth > 0)
        if target != self.module and entry not in self.found:  # once per module a line names
            self.found.append(entry)

    def visit_Import(self, node):
        for alias in node.names:
            self._add(alias.name, node)

    def visit_ImportFrom(self, node):
        base = node.module or ""
        if node.level:
            package = self.module.split(".")
            if not self.is_package:
                package = package[:-1]
            package = package[: len(package) - (node.level - 1)]
            base = ".".join(package + ([base] if base else []))
        for alias in node.names:
            self._add(f"{base}.{alias.name}", node)


def read(package: Path = PACKAGE) -> Shape:
    """Every module of `package` (a folder named oversight) and the project imports it makes."""
    shape = Shape()
    files = sorted(p for p in package.rglob("*.py")
                   if not SKIPPED_PARTS & set(p.relative_to(package).parts))
    for path in files:
        shape.modules[module_name(path, package)] = path
    known = set(shape.modules)
    for module, path in shape.modules.items():
        text = path.read_text(encoding="utf-8")
        shape.lines[room_of(module)] += text.count("\n")
        collector = _Collector(module, path.name == "__init__.py", known)
        collector.visit(ast.parse(text, filename=str(path)))
        shape.imports += [Import(module, target, path, line, inside)
                          for target, line, inside in collector.found]
    return shape


def layer_of() -> dict[str, int]:
    return {room: level for level, rooms in enumerate(LAYERS) for room in rooms}


def cycles(imports: list[Import]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative)."""
    graph: dict[str, set[str]] = collections.defaultdict(set)
    for imp in imports:
        graph[imp.source].add(imp.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return sorted(found)


@dataclass
class Figures:
    rooms: int
    layers: int
    arrows: dict[tuple[str, str], int]  # (from room, to room) -> import statements
    upward: dict[tuple[str, str], int]
    sideways: dict[tuple[str, str], int]
    cycles: list[list[str]]
    in_function: list[Import]  # one per import statement


def measure(shape: Shape) -> Figures:
    layers = layer_of()
    rooms = {room_of(m) for m in shape.modules} - {"__init__"}
    unplaced = sorted(rooms - set(layers))
    if unplaced:
        sys.exit(f"scripts/architecture.py: place {', '.join(unplaced)} in LAYERS "
                 "(the intended order of the rooms, bottom first).")
    arrows: collections.Counter = collections.Counter()
    for imp in shape.imports:
        a, b = room_of(imp.source), room_of(imp.target)
        if a != b and "__init__" not in (a, b):
            arrows[a, b] += 1
    upward = {k: n for k, n in arrows.items() if layers[k[0]] < layers[k[1]]}
    sideways = {k: n for k, n in arrows.items() if layers[k[0]] == layers[k[1]]}
    return Figures(len(rooms), len({layers[r] for r in rooms}), dict(arrows), upward, sideways,
                   cycles(shape.imports),
                   list({(i.source, i.line): i for i in shape.imports if i.in_function}.values()))


def _reason(line: str) -> str:
    """The words of a line's comment, a `noqa` pragma left out ("" when none)."""
    if "#" not in line:
        return ""
    comment = line.split("#", 1)[1]
    comment = re.sub(r"noqa(:\s*[A-Z]+[0-9]+(\s*,\s*[A-Z]+[0-9]+)*)?", "", comment)
    return comment.strip(" ()")


def unexplained(shape: Shape, figures: Figures) -> list[Import]:
    """Imports running back up or made inside a function without a reason: a comment on the
    import's first line or on the line above it (a bare `# noqa` is not a reason)."""
    texts: dict[Path, list[str]] = {}
    out, seen = [], set()
    for imp in shape.imports:
        up = (room_of(imp.source), room_of(imp.target)) in figures.upward
        if not (up or imp.in_function) or (imp.path, imp.line) in seen:
            continue
        seen.add((imp.path, imp.line))
        lines = texts.setdefault(imp.path, imp.path.read_text(encoding="utf-8").splitlines())
        here = lines[imp.line - 1]
        above = lines[imp.line - 2].strip() if imp.line > 1 else ""
        if not _reason(here) and not (above.startswith("#") and _reason(above)):
            out.append(imp)
    return out


def report(shape: Shape, figures: Figures, listing: bool) -> str:
    up_statements = sum(figures.upward.values())
    out = [
        f"rooms: {figures.rooms} on {figures.layers} layers",
        f"arrows between rooms: {len(figures.arrows)} "
        f"({sum(figures.arrows.values())} import statements)",
        f"arrows running back up: {len(figures.upward)} ({up_statements} import statements)",
        f"arrows sideways (same layer): {len(figures.sideways)}",
        f"import cycles between modules: {len(figures.cycles)}",
        f"project imports inside functions: {len(figures.in_function)}",
        f"of these and those running back up, without a reason comment: "
        f"{len(unexplained(shape, figures))}",
    ]
    if listing:
        layers = layer_of()
        out.append("\nrunning back up (from room, layer -> to room, layer: where):")
        for imp in shape.imports:
            a, b = room_of(imp.source), room_of(imp.target)
            if (a, b) in figures.upward:
                out.append(f"  {a} {layers[a]} -> {b} {layers[b]}: "
                           f"{imp.path.relative_to(ROOT)}:{imp.line} imports {imp.target}"
                           + (" (in a function)" if imp.in_function else ""))
        out.append("\ncycles:")
        out += ["  " + " <-> ".join(group) for group in figures.cycles]
        out.append("\ninside functions:")
        out += [f"  {i.path.relative_to(ROOT)}:{i.line} {i.target}" for i in figures.in_function]
        out.append("\nwithout a reason comment (on the import's line or the line above):")
        out += [f"  {i.path.relative_to(ROOT)}:{i.line} {i.target}"
                for i in unexplained(shape, figures)]
    return "\n".join(out)


# --- the picture ------------------------------------------------------------------------------

WIDTH, BAND, BOX_H, MARGIN = 1100, 96, 40, 90


def _positions(figures: Figures) -> dict[str, tuple[float, float, float]]:
    """room -> (x centre, y top, box width); rooms of a band ordered by where their arrows go
    (two barycentre passes) so the picture has fewer crossings, deterministically."""
    placed = [sorted(r for r in rooms) for rooms in LAYERS]
    layers = layer_of()
    for _ in range(2):
        x_of = {}
        for rooms in placed:
            for i, room in enumerate(rooms):
                x_of[room] = (i + 0.5) / len(rooms)
        for level, rooms in enumerate(placed):
            def centre(room, level=level, x_of=x_of):
                near = [x_of[b] for (a, b) in figures.arrows if a == room and layers[b] != level]
                near += [x_of[a] for (a, b) in figures.arrows if b == room and layers[a] != level]
                return (sum(near) / len(near) if near else x_of[room], room)
            placed[level] = sorted(rooms, key=centre)
    top = len(LAYERS) - 1
    positions = {}
    for level, rooms in enumerate(placed):
        slot = (WIDTH - MARGIN - 20) / len(rooms)
        for i, room in enumerate(rooms):
            positions[room] = (MARGIN + slot * (i + 0.5), 76 + (top - level) * BAND,
                               min(slot - 16, 150))
    return positions


def _marker(name: str, size: int, colour: str) -> str:
    return (f'<marker id="{name}" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="{size}" '
            f'markerHeight="{size}" markerUnits="userSpaceOnUse" orient="auto">'
            f'<path d="M0,0 L8,4 L0,8 z" fill="{colour}"/></marker>')


def svg(shape: Shape, figures: Figures) -> str:
    pos = _positions(figures)
    height = 76 + len(LAYERS) * BAND + 10
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="13">',
        "<title>Oversight: layers of the code, drawn from its imports</title>",
        "<defs>" + _marker("down", 8, "#8a96a3") + _marker("up", 10, "#c0392b") + "</defs>",
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        '<text x="20" y="24" font-size="15" font-weight="bold">Layers of src/oversight, '
        "drawn from its imports by scripts/architecture.py (make architecture)</text>",
        f'<text x="20" y="44">{len(figures.arrows)} arrows between rooms, '
        f'{len(figures.upward)} running back up (red), {len(figures.cycles)} import cycles, '
        f"{len(figures.in_function)} project imports inside functions. An arrow's width "
        "grows with its number of imports.</text>",
    ]
    top = len(LAYERS) - 1
    for level in range(len(LAYERS)):
        y = 76 + (top - level) * BAND - 28
        fill = "#f4f6f8" if level % 2 else "#eaeef2"
        out.append(f'<rect x="10" y="{y}" width="{WIDTH - 20}" height="{BAND}" fill="{fill}"/>')
        out.append(f'<text x="20" y="{y + BAND / 2 + 5}" fill="#5b6670">layer {level}</text>')
    layers = layer_of()
    for (a, b), count in sorted(figures.arrows.items(), key=lambda kv: (kv[0] in figures.upward,
                                                                          kv[0])):
        (xa, ya, _wa), (xb, yb, _wb) = pos[a], pos[b]
        up = (a, b) in figures.upward
        if layers[a] == layers[b]:
            y1 = y2 = ya
            bend = ya - 26
            d = f"M{xa:.0f},{y1} C{xa:.0f},{bend} {xb:.0f},{bend} {xb:.0f},{y2}"
        elif up:
            y1, y2 = ya, yb + BOX_H
            d = f"M{xa:.0f},{y1} C{xa:.0f},{y1 - 40} {xb:.0f},{y2 + 40} {xb:.0f},{y2}"
        else:
            y1, y2 = ya + BOX_H, yb
            d = f"M{xa:.0f},{y1} C{xa:.0f},{y1 + 40} {xb:.0f},{y2 - 40} {xb:.0f},{y2}"
        width = 0.6 + math.log2(count)
        colour, opacity, marker = ("#c0392b", 0.9, "up") if up else ("#8a96a3", 0.45, "down")
        out.append(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{width:.1f}" '
                   f'stroke-opacity="{opacity}" marker-end="url(#{marker})">'
                   f"<title>{a} → {b}: {count} imports</title></path>")
    for room, (x, y, w) in sorted(pos.items()):
        lines = shape.lines[room]
        size = f"{lines / 1000:.1f}k lines" if lines >= 1000 else f"{lines} lines"
        out.append(f'<g><title>{html.escape(room)}: {size}</title>'
                   f'<rect x="{x - w / 2:.0f}" y="{y}" width="{w:.0f}" height="{BOX_H}" rx="6" '
                   f'fill="#ffffff" stroke="#34495e"/>'
                   f'<text x="{x:.0f}" y="{y + 17}" text-anchor="middle" font-weight="bold">'
                   f"{html.escape(room)}</text>"
                   f'<text x="{x:.0f}" y="{y + 32}" text-anchor="middle" font-size="11" '
                   f'fill="#5b6670">{size}</text></g>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--svg", type=Path, help="write the picture of the layers here")
    parser.add_argument("--list", action="store_true",
                        help="list every upward import, cycle and import inside a function")
    args = parser.parse_args(argv)
    shape = read()
    figures = measure(shape)
    print(report(shape, figures, args.list))
    if args.svg:
        args.svg.parent.mkdir(parents=True, exist_ok=True)
        args.svg.write_text(svg(shape, figures), encoding="utf-8")
        print(f"wrote {args.svg}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
