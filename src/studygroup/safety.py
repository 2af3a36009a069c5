"""What may reach an output from data: the one sanitiser and the one URL policy.

Every string that comes from a file (a title, a quotation, a file name, a key) passes
`without_controls` before it reaches a terminal or stderr, and every address that
becomes a link passes `web_address`. Renderers and the CLI call these two and
nothing else, so a new output cannot forget a case the others handle.
"""

from __future__ import annotations

import unicodedata


def without_controls(text: str) -> str:
    """`text` with control characters (escape sequences, NUL, bidi overrides) removed.

    Line feeds and tabs are kept; everything else in Unicode's Cc and Cf
    categories could move the cursor, recolour a terminal or reorder a line, so it
    never reaches an output. Zero-width joiners and non-joiners stay: scripts need them.
    """
    return "".join(
        ch
        for ch in text
        if ch in "\n\t" or ch in "\u200c\u200d" or unicodedata.category(ch) not in ("Cc", "Cf")
    )


# The only addresses any output makes into links: never javascript:, data: or file:.
WEB_SCHEMES = ("http://", "https://", "mailto:")


def web_address(url: str | None) -> str | None:
    """`url` if it is a web or mail address, else None."""
    return url if url and url.startswith(WEB_SCHEMES) else None
