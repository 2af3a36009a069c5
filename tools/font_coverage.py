"""Write which characters the PDF handout can print: src/studygroup/templates/pdf-coverage.txt.

The PDF is set by Typst with its own fonts only (Libertinus Serif, New Computer Modern,
DejaVu Sans Mono, built into the `typst` package, so a PDF looks the same on every
machine). A character none of them has prints as an empty box; the handout command
warns about such characters, and this file is how it knows them.

The fonts live inside typst's compiled library. This script finds them there (each is
an OpenType file: a table directory with `cmap` and `head`), reads each one's character
map with fontTools, and writes their union as ranges of code points. Run it after
upgrading typst:

    pip install fonttools && python tools/font_coverage.py
"""

from __future__ import annotations

import io
import struct
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src/studygroup/templates/pdf-coverage.txt"
SIGNATURES = (b"OTTO", b"\x00\x01\x00\x00", b"true")


def fonts_in(blob: bytes) -> list[tuple[str, set[int]]]:
    from fontTools.ttLib import TTFont

    found: dict[str, set[int]] = {}
    for signature in SIGNATURES:
        start = 0
        while (at := blob.find(signature, start)) >= 0:
            start = at + 1
            count = struct.unpack(">H", blob[at + 4 : at + 6])[0]
            if not 5 <= count <= 40:
                continue
            entries = [blob[at + 12 + 16 * k : at + 28 + 16 * k] for k in range(count)]
            tags = [entry[:4] for entry in entries]
            if b"cmap" not in tags or b"head" not in tags or not all(t.isascii() for t in tags):
                continue
            end = max(sum(struct.unpack(">II", entry[8:16])) for entry in entries)
            try:
                font = TTFont(io.BytesIO(blob[at : at + end]))
                name = f"{font['name'].getDebugName(1)} {font['name'].getDebugName(2)}"
                found.setdefault(name, set()).update(font.getBestCmap())
            except Exception:  # not a font after all: a chance match of the bytes
                continue
    return sorted(found.items())


def ranges(points: set[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for point in sorted(points):
        if out and point == out[-1][1] + 1:
            out[-1] = (out[-1][0], point)
        else:
            out.append((point, point))
    return out


def main() -> int:
    import typst

    library = next(Path(typst.__file__).parent.glob("_typst*"))
    fonts = fonts_in(library.read_bytes())
    if not fonts:
        print("no fonts found in", library, file=sys.stderr)
        return 1
    covered: set[int] = set()
    for name, points in fonts:
        print(f"{name}: {len(points)} characters")
        covered |= points
    lines = [
        "# Characters the PDF handout's fonts can print, as ranges of code points (hex).",
        f"# Written by tools/font_coverage.py from typst {typst.__version__}'s fonts:",
        "# " + ", ".join(sorted({name.rsplit(" ", 1)[0] for name, _ in fonts})),
    ]
    lines += [f"{a:04X}-{b:04X}" if a != b else f"{a:04X}" for a, b in ranges(covered)]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(covered)} characters)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
