"""What may reach an output from data: the one sanitiser and the one URL policy.

Every string that comes from a file (a title, a quotation, a file name, a key) passes
`without_controls` before it reaches a terminal or stderr, and every address that
becomes a link passes `web_address`. Renderers and the CLI call these two and
nothing else, so a new output cannot forget a case the others handle.
"""

from __future__ import annotations

import re
import unicodedata

# Everything outside printable ASCII is looked at one by one; the rest is passed over
# by the regular expression engine, so long texts cost little.
_SUSPECT = re.compile(r"[^\x20-\x7e\n\t]")
_JOINERS = frozenset("\u200c\u200d")


def _inert(match: re.Match[str]) -> str:
    ch = match[0]
    kind = unicodedata.category(ch)
    if kind == "Cs":
        return "\ufffd"
    if kind in ("Cc", "Cf") and ch not in _JOINERS:
        return ""
    return ch


_SURROGATE = re.compile("[\ud800-\udfff]")


def real_text(text: str) -> str:
    """`text` with each lone surrogate made U+FFFD: an argument or a file name that was
    not UTF-8, as Python reads it, cannot be written to a file or a database."""
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)


def without_controls(text: str) -> str:
    """`text` with control characters (escape sequences, NUL, bidi overrides) removed.

    Line feeds and tabs are kept; everything else in Unicode's Cc and Cf categories
    could move the cursor, recolour a terminal, write to the clipboard or reorder a
    line, so it never reaches an output. Zero-width joiners and non-joiners stay:
    scripts need them. A lone surrogate (a file name that is not UTF-8, as Python
    reads it) cannot be printed at all and becomes U+FFFD.
    """
    if text.isprintable() or "".join(text.split("\n")).replace("\t", " ").isprintable():
        return text  # the common case, at C speed: nothing to look at one by one
    return _SUSPECT.sub(_inert, text)


def _escaped(match: re.Match[str]) -> str:
    ch = match[0]
    if ch == "\t" or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
        return f"\\u{ord(ch):04x}"
    return ch


def inert_json(text: str) -> str:
    """JSON text with every control and format character written as a \\u escape:
    the same data for a program, nothing a terminal would act on."""
    return _SUSPECT.sub(_escaped, text)


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
