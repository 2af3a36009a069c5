"""The one piece of inline markup the library keeps: `_emphasis_` in titles.

The source's table of contents marks emphasis as Markdown does, with underscores
around whole words (`Production _per Capita_ of the Population`). Titles are stored
that way, to the letter, and each renderer turns the spans into its own emphasis.
An underscore that does not wrap words (`snake_case`, a lone `_`) is plain text.
"""

from __future__ import annotations

import re

# An opening underscore after a non-word character and before a non-space one,
# a closing underscore after a non-space one and before a non-word character.
_EMPHASIS = re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)")


def spans(text: str) -> list[tuple[str, bool]]:
    """`text` cut into (piece, emphasised) runs, in order, with no empty pieces."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for match in _EMPHASIS.finditer(text):
        if match.start() > pos:
            out.append((text[pos : match.start()], False))
        out.append((match.group(1), True))
        pos = match.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def plain(text: str) -> str:
    """`text` without its emphasis marks."""
    return "".join(piece for piece, _ in spans(text))
