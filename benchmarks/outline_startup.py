"""Whole-process time of `studygroup outline` against a bare Typer app.

The baseline is the least a Typer CLI can do to print the same tree: one Typer app
with a command group, which prints a rich Tree of the same titles from literal data
(no TOML, no pydantic, no library). Both run as fresh processes with the same
interpreter, interleaved so that the machine's load falls on both alike, and the
median of each is compared. Target: ratio under 1.10.

    python benchmarks/outline_startup.py [--runs N] [--instructions]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from timing import compare, instructions, studygroup_command

BASELINE = '''
import typer
from rich.console import Console
from rich.tree import Tree

TITLE = {title!r}
PARTS = {parts!r}

app = typer.Typer()


@app.callback()
def main() -> None:
    """Baseline."""


@app.command()
def outline() -> None:
    tree = Tree(TITLE)
    for label, sections in PARTS:
        branch = tree.add(label)
        for section in sections:
            branch.add(section)
    Console().print(tree)


app()
'''


def baseline_source() -> str:
    from studygroup.library.store import Library

    book = Library.open().book()
    parts = [
        (f"{part.label}  {part.title}", [f"{n}. {s.title}" for n, s in enumerate(part.sections, 1)])
        for part in book.parts
    ]
    return BASELINE.format(title=book.title, parts=parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count instructions with valgrind (repeatable; about 30 s)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "baseline.py"
        script.write_text(baseline_source(), encoding="utf-8")
        medians = compare(
            {
                "baseline": [sys.executable, str(script), "outline"],
                "studygroup": [studygroup_command(), "outline"],
            },
            args.runs,
        )
        counts = {}
        if args.instructions:
            counts = {
                "baseline": instructions([sys.executable, str(script), "outline"]),
                "studygroup": instructions([studygroup_command(), "outline"]),
            }
    ratio = medians["studygroup"] / medians["baseline"]
    print(f"ratio studygroup/baseline: {ratio:.3f} (target < 1.10)")
    if counts.get("baseline") and counts.get("studygroup"):
        share = counts["studygroup"] / counts["baseline"]  # type: ignore[operator]
        print(
            f"instructions: baseline {counts['baseline']:,}, studygroup {counts['studygroup']:,}, "
            f"ratio {share:.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
