"""Whole-process time of `studygroup handout 6 --format pdf` against `studygroup outline`.

Both run as fresh processes, interleaved, and the medians are compared: what a PDF
costs beyond the command-line start-up every command pays. Target: ratio under 1.5.

    python benchmarks/handout_pdf.py [--runs N]
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


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    studygroup = shutil.which("studygroup", path=str(Path(sys.executable).parent))
    if studygroup is None:
        print("studygroup is not installed next to this Python", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        pdf = str(Path(folder) / "handout.pdf")
        commands = {
            "outline": [studygroup, "outline"],
            "handout pdf": [studygroup, "handout", "6", "--format", "pdf", "-o", pdf, "--force"],
        }
        for command in commands.values():  # warm the file cache and .pyc files
            timed(command)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(timed(command))
        pages = subprocess.run(
            [sys.executable, "-c", f"import pypdf; print(len(pypdf.PdfReader({pdf!r}).pages))"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        print(
            f"{name:>12}: median {medians[name] * 1000:6.1f} ms, "
            f"min {min(values) * 1000:6.1f} ms over {len(values)} runs"
        )
    if pages:
        print(f"handout: {pages} A4 pages")
    ratio = medians["handout pdf"] / medians["outline"]
    print(f"ratio handout pdf/outline: {ratio:.3f} (target < 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
