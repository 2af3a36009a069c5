"""Whole-process time of `studygroup outline` against a bare Typer app.

The baseline is the least a Typer CLI can do to print the same tree: one Typer app
with a command group, which prints a rich Tree of the same titles from literal data
(no TOML, no pydantic, no library). Both run as fresh processes with the same
interpreter, interleaved so that the machine's load falls on both alike, and the
median of each is compared. Target: ratio under 1.10.

    python benchmarks/outline_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
    from studygroup.library import Library

    book = Library.open().book()
    parts = [
        (f"{part.label}  {part.title}", [f"{n}. {s.title}" for n, s in enumerate(part.sections, 1)])
        for part in book.parts
    ]
    return BASELINE.format(title=book.title, parts=parts)


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    studygroup = shutil.which("studygroup", path=str(Path(sys.executable).parent))
    if studygroup is None:
        print("studygroup is not installed next to this Python", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "baseline.py"
        script.write_text(baseline_source(), encoding="utf-8")
        commands = {
            "baseline": [sys.executable, str(script), "outline"],
            "studygroup": [studygroup, "outline"],
        }
        for command in commands.values():  # warm the file cache and .pyc files
            timed(command)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(timed(command))

    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        print(
            f"{name:>11}: median {medians[name] * 1000:6.1f} ms, "
            f"min {min(values) * 1000:6.1f} ms over {len(values)} runs"
        )
    ratio = medians["studygroup"] / medians["baseline"]
    print(f"ratio studygroup/baseline: {ratio:.3f} (target < 1.10)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
