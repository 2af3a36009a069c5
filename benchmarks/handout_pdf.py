"""Whole-process time of `studygroup handout 6 --format pdf` against `studygroup outline`.

Both run as fresh processes, interleaved, and the medians are compared: what a PDF
costs beyond the command-line start-up every command pays. Target: ratio under 1.5.

    python benchmarks/handout_pdf.py [--runs N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import compare, studygroup_command


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    studygroup = studygroup_command()
    with tempfile.TemporaryDirectory() as folder:
        pdf = str(Path(folder) / "handout.pdf")
        medians = compare(
            {
                "outline": [studygroup, "outline"],
                "handout pdf": [
                    studygroup,
                    "handout",
                    "6",
                    "--format",
                    "pdf",
                    "-o",
                    pdf,
                    "--force",
                ],
            },
            args.runs,
        )
        pages = subprocess.run(
            [sys.executable, "-c", f"import pypdf; print(len(pypdf.PdfReader({pdf!r}).pages))"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    if pages:
        print(f"handout: {pages} A4 pages")
    ratio = medians["handout pdf"] / medians["outline"]
    print(f"ratio handout pdf/outline: {ratio:.3f} (target < 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
