"""Bytes of a web page → text, the way a browser decides its encoding.

The archive's pages declare ISO-8859-1, UTF-8 or windows-1251, in an HTTP header or
a `<meta>` tag, and some declare nothing. The order follows the HTML standard: a
byte-order mark, then the transport's charset, then a `<meta>` in the page's head,
then UTF-8 if the bytes are valid UTF-8, and windows-1252 otherwise. As browsers do,
the label ISO-8859-1 (and US-ASCII) is read as windows-1252, whose curly quotes and
dashes (bytes 0x91–0x97) are what such pages really hold.

One label is distrusted: a Cyrillic encoding declared on a page whose Cyrillic letters
all stand inside Latin words or alone ("sйances", "а la"). Those are the accented
letters of a Latin-1 page mislabelled windows-1251 (the archive has such pages), and
the page is read as windows-1252 instead.
"""

from __future__ import annotations

import codecs
import re

# A <meta charset=…> or <meta http-equiv content="…; charset=…"> in the page's head.
# Only the bytes before </head> (or the first 64 KB) are looked at, as bytes: this
# runs before the page can be parsed at all.
_META = re.compile(rb"<meta[^>]{0,512}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.I)
_HEAD_END = re.compile(rb"</head\s*>|<body[\s>]", re.I)

# The HTML standard's replacements for labels that name a narrower encoding.
_WHATWG = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1252": "cp1252",
    "x-cp1251": "cp1251",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    "gb2312": "gbk",
    "x-sjis": "shift_jis",
}


def _codec(label: str | None) -> str | None:
    """The Python codec for an encoding label, or None if it names none."""
    if not label:
        return None
    name = _WHATWG.get(label.strip().lower(), label.strip().lower())
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _windows_bytes(error: UnicodeError) -> tuple[str, int]:
    """The five bytes windows-1252 leaves undefined become the C1 controls they are in
    ISO-8859-1, as browsers decode them: never an error, never lost silently."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bad.decode("latin-1"), error.end


codecs.register_error("studygroup-latin1", _windows_bytes)


def declared_encoding(data: bytes) -> str | None:
    """The encoding a page's own <meta> declares, as a codec name."""
    end = _HEAD_END.search(data, 0, 65536)
    head = data[: end.start() if end else 65536]
    match = _META.search(head)
    return _codec(match[1].decode("ascii")) if match else None


def decode_html(data: bytes, transport_charset: str | None = None) -> str:
    """Decode a page's bytes to text; never raises."""
    boms = ((codecs.BOM_UTF8, "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
    for bom, name in boms:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, "replace")
    encoding = _codec(transport_charset) or declared_encoding(data)
    if encoding in (None, "cp1252", "cp1251", "cp1250", "iso8859-15"):
        # A single-byte label on bytes that are valid UTF-8 with letters beyond ASCII
        # is a mislabelled UTF-8 page (servers add ISO-8859-1 by default): real
        # ISO-8859-1 text almost never forms valid multi-byte UTF-8 sequences.
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            encoding = encoding or "cp1252"
        else:
            if encoding is None or not text.isascii():
                return text
    if encoding in _CYRILLIC:
        text = data.decode(encoding, "replace")
        if not _mislabelled_latin(text):
            return text
        encoding = "cp1252"
    handler = "studygroup-latin1" if encoding == "cp1252" else "replace"
    return data.decode(encoding or "cp1252", handler)


_CYRILLIC = frozenset({"cp1251", "koi8-r", "koi8-u", "iso8859-5", "cp866", "mac-cyrillic"})
_WORD = re.compile(r"[^\W\d_]+")


def _mislabelled_latin(text: str) -> bool:
    """Cyrillic letters, but never a word of two or more of them on their own: the
    text is Latin, its accented letters read through the wrong code page."""
    cyrillic_words = 0
    for word in _WORD.findall(text):
        letters = sum(1 for char in word if "\u0400" <= char <= "\u04ff")
        if not letters:
            continue
        if letters == len(word) and letters > 1:
            return False
        cyrillic_words += 1
    return cyrillic_words > 0
