"""The layers the README describes: a module imports only from the layers before its own."""

from __future__ import annotations

import ast
from pathlib import Path

import studygroup

LAYERS = ["domain", "library", "sources", "views", "render", "commands"]
BENEATH = {"safety", "reader", "writer", "errors"}  # import nothing of ours but errors
PACKAGE = {"__init__", "__version__"}  # the package's face: anyone may read the version


def _imported(path: Path) -> set[str]:
    """The studygroup modules a file imports, anywhere in it (lazy imports too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "studygroup":
                found.update(f"studygroup.{alias.name}" for alias in node.names)
            elif node.module.startswith("studygroup."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("studygroup."))
    return found


def test_every_module_imports_only_what_is_beneath_it() -> None:
    package = Path(studygroup.__file__).parent
    wrong = []
    for path in sorted(package.rglob("*.py")):
        where = path.relative_to(package).parts
        layer = where[0] if len(where) > 1 else path.stem
        for module in _imported(path):
            target = module.split(".")[1]
            if layer in BENEATH:
                allowed = target in ("errors", layer) or target in PACKAGE
            elif layer in LAYERS:
                allowed = (
                    target in BENEATH
                    or target in PACKAGE
                    or (target in LAYERS and LAYERS.index(target) <= LAYERS.index(layer))
                )
            else:
                allowed = True  # cli.py and __main__.py sit above everything
            if not allowed:
                wrong.append(f"{'/'.join(where)} imports {module}")
    assert wrong == []
