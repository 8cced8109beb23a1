"""The shape of the code: stage packages whose imports only go down.

Read from the source (no import runs): every ``import`` of every module of
``src/jianbao``.  A module may import modules of lower layers and of its own
package, never a higher layer or a sibling stage; ``pdf`` reads only
layout's frame types; no name starting with ``_`` is imported from another
module (but gettext's ``_``); and there is no cycle at all.
"""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest
from conftest import ROOT

SRC = ROOT / "src" / "jianbao"

# Bottom to top; a module may import from a layer below its own.
LAYERS: tuple[tuple[str, ...], ...] = (
    # messages in the reader's language (every layer words some); records' @dataclass
    ("jianbao.i18n", "jianbao.records"),
    ("jianbao.version", "jianbao.roles"),
    ("jianbao.errors",),
    ("jianbao.model", "jianbao.fsutil"),
    ("jianbao.theme",),
    ("jianbao.issue", "jianbao.fonts"),  # siblings: neither imports the other
    ("jianbao.layout",),
    ("jianbao.pdf",),
    ("jianbao.pipeline",),
    ("jianbao.api",),
    ("jianbao.cli",),
    ("jianbao", "jianbao.__main__"),  # the package's face: the API and ``python -m``
)


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    """(module imported, names taken from it) for every import in ``path``."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out: list[tuple[str, tuple[str, ...]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(alias.name, ()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            out.append((base, tuple(alias.name for alias in node.names)))
    return [(m, names) for m, names in out if m == "jianbao" or m.startswith("jianbao.")]


MODULES = {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def resolve(imported: str, names: tuple[str, ...]) -> list[str]:
    """The modules an import reaches: ``from jianbao.fonts import face`` is
    the module ``jianbao.fonts.face``."""
    found = [f"{imported}.{n}" for n in names if f"{imported}.{n}" in MODULES]
    return found or [imported]


def layer(module: str) -> int:
    best = -1, -1  # (length of the matching prefix, layer)
    for index, group in enumerate(LAYERS):
        for prefix in group:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best[0]:
                best = len(prefix), index
    assert best[1] >= 0, f"{module} is in no layer"
    return best[1]


def stage(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2])


def test_every_module_is_in_a_layer() -> None:
    for module in MODULES:
        layer(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_only_go_down(module: str) -> None:
    mine = layer(module)
    for imported, names in imports(MODULES[module]):
        for target in resolve(imported, names):
            if stage(target) == stage(module):
                continue  # within one package
            assert layer(target) < mine, f"{module} imports {target}, which is not below it"
            if stage(module) == "jianbao.pdf" and stage(target) == "jianbao.layout":
                assert target == "jianbao.layout.frame", f"{module} reads {target}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_private_name_crosses_a_module(module: str) -> None:
    for imported, names in imports(MODULES[module]):
        private = [n for n in names if n.startswith("_") and n not in ("__version__", "_")]
        assert not private, f"{module} takes {private} from {imported}"


def test_no_cycle() -> None:
    graph = {
        module: {t for i, n in imports(path) for t in resolve(i, n) if t != module}
        for module, path in MODULES.items()
    }
    # A package's __init__ that re-exports its modules is not a cycle with them.
    for module in graph:
        graph[module] = {t for t in graph[module] if not module.startswith(t + ".")}
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as exc:  # pragma: no cover - the message is the point
        pytest.fail(f"import cycle: {' → '.join(exc.args[1])}")


def test_every_stage_package_says_what_comes_in_and_goes_out() -> None:
    for package in ("issue", "fonts", "layout", "pdf", "cli"):
        doc = ast.get_docstring(ast.parse((SRC / package / "__init__.py").read_text("utf-8")))
        assert doc and "In:" in doc and "Out:" in doc, package


def test_no_module_reads_reportlab_outside_fonts_and_pdf() -> None:
    for module, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        if "import reportlab" in text or "from reportlab" in text:
            assert stage(module) in ("jianbao.fonts", "jianbao.pdf"), module
