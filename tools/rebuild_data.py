"""Rebuild data/ (the embedded library) from seeds/ and editorial/.

python tools/rebuild_data.py          write the files
python tools/rebuild_data.py --check  exit 1 if data/ differs from what would be written
"""

from __future__ import annotations

import sys
from pathlib import Path

from studygroup.sources.seeds import build_library

ROOT = Path(__file__).resolve().parent.parent
EDITORIAL = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "editorial").glob("*.toml"))


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for editorial in EDITORIAL:
        for relative, text in build_library(ROOT, editorial).items():
            path = ROOT / "data" / relative
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current == text:
                continue
            stale.append(relative)
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    verb = "differ" if check else "written"
    for relative in stale:
        print(f"data/{relative}: {verb}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    from studygroup.errors import StudygroupError

    try:
        sys.exit(main(sys.argv[1:]))
    except StudygroupError as error:  # a mistake in the seeds or the editorial files
        print(f"rebuild_data: {error}", file=sys.stderr)
        sys.exit(1)
