"""How the library's commands scale: a synthetic library of 10, 100 and 1,000 books.

For each size, `search` (a rare word and a common one), `quotes --search`, `library`
and `validate` are timed as whole processes against `outline` in the same run, warm
(the cache brought up to date by a run before) and cold (the cache folder emptied
first), with each process's peak memory. Targets at 1,000 books, warm: search under
3x outline, validate under 5x, library under 2x, peak memory under 100 MB whatever the
number of hits; cold, under 30 s.

    python benchmarks/library_scale.py [--sizes 10,100,1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import RARE, build
from timing import studygroup_command


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds and peak memory (MB) of one whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    studygroup = studygroup_command()
    commands = {
        "outline": [studygroup, "outline"],
        "search rare": [studygroup, "search", f"{RARE}7"],
        "search common": [studygroup, "search", "labour"],
        "quotes --search": [studygroup, "quotes", "--search", "bureaucracy"],
        "library": [studygroup, "library"],
        "validate": [studygroup, "validate"],
    }
    for size in [int(s) for s in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory(prefix="studygroup-scale-") as scratch:
            folder = Path(scratch) / "library"
            cache = Path(scratch) / "cache"
            started = time.perf_counter()
            build(folder, size)
            made = time.perf_counter() - started
            env = {
                **os.environ,
                "STUDYGROUP_LIBRARY": str(folder),
                "STUDYGROUP_CACHE": str(cache),
                "NO_COLOR": "1",
            }
            print(f"\n{size} books ({size * 13} files, made in {made:.1f} s)")
            cold: dict[str, tuple[float, float]] = {}
            for name, command in commands.items():
                shutil.rmtree(cache, ignore_errors=True)
                cold[name] = run(command, env)
            # Each cold run emptied the cache the one before had filled: one round
            # unmeasured brings all of it up to date, as a group's second day would.
            for command in commands.values():
                run(command, env)
            warm: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
            for _ in range(args.runs):
                for name, command in commands.items():
                    warm[name].append(run(command, env))
            base = statistics.median(t for t, _ in warm["outline"])
            # Peak memory apart for warm and cold runs: the target is on the warm ones
            # (a cold run holds a chunk of parsed files while it builds the index).
            print(
                f"{'command':>16}  {'warm ms':>8}  {'x outline':>9}  {'warm MB':>7}  "
                f"{'cold s':>7}  {'cold MB':>7}"
            )
            for name in commands:
                seconds = statistics.median(t for t, _ in warm[name])
                peak = max(m for _, m in warm[name])
                print(
                    f"{name:>16}  {seconds * 1000:8.0f}  {seconds / base:9.2f}  {peak:7.0f}  "
                    f"{cold[name][0]:7.2f}  {cold[name][1]:7.0f}"
                )


if __name__ == "__main__":
    main()
