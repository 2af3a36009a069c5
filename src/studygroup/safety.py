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
    """`url` if it is a web or mail address that can be a link as it is, else None.

    Schemes are compared without regard to case (`HTTPS://` is a web address). An
    address holding a space, a line break or any control or format character is
    refused whole rather than cleaned: cleaning would link somewhere the file did not
    say, and a line break in an address is how Markdown, iCalendar or a terminal link
    would be broken into.
    """
    if not url or len(url) > 4096 or not url.lower().startswith(WEB_SCHEMES):
        return None
    if any(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in url):
        return None
    rest = url.partition(":")[2]
    if rest in ("", "//"):
        return None  # a scheme and nothing it points at
    return url
