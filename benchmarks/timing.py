"""What both benchmarks share: timing whole processes, interleaved, and reporting medians."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def studygroup_command() -> str:
    found = shutil.which("studygroup", path=str(Path(sys.executable).parent))
    if found is None:
        sys.exit("studygroup is not installed next to this Python")
    return found


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def compare(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    """Median seconds of each command over `runs` rounds; one warm-up run each first.
    The commands run in turn within each round, so the machine's load falls on all."""
    for command in commands.values():
        timed(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(timed(command))
    width = max(len(name) for name in commands)
    for name, values in times.items():
        print(
            f"{name:>{width}}: median {statistics.median(values) * 1000:6.1f} ms, "
            f"min {min(values) * 1000:6.1f} ms over {len(values)} runs"
        )
    return {name: statistics.median(values) for name, values in times.items()}


def instructions(command: list[str]) -> int | None:
    """Instructions the whole process executes, counted by valgrind's callgrind: the
    same on every run whatever the machine's load. None if valgrind is not installed."""
    import re

    if shutil.which("valgrind") is None:
        return None
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    return int(found[1]) if found else None
