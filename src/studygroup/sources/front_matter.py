"""YAML front matter at the top of notes (Jekyll, Hugo, WordPress exports), and
Hugo's TOML front matter between `+++` lines.

The file starts with a line `---` and the next line is a YAML key (`title: …`);
the front matter runs to the next line that is `---` (or `...`), and is read by a
YAML parser, so an unquoted title with quotes in it, a blank line inside, or a list
of authors come out as YAML says. A first line `---` that is not followed by a key
is a rule, not front matter. Front matter that never closes cannot be read safely
and is an error, with its first line.

From it come the notes' title, author (`author`, `authors`, `creator`: a name or a
list), date (a YAML date or a string), address (`url`, `link`, `source`) and event.
Tags and categories never name authors. The other keys are reported, not used.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from studygroup.errors import StudygroupError

_KEY = re.compile(r"^[A-Za-z_][\w -]*:(?:\s|$)")
_TOML_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*=")
_CLOSE = frozenset({"---", "..."})
TITLE_KEYS = ("title",)
AUTHOR_KEYS = ("author", "authors", "creator", "by")
DATE_KEYS = ("date", "published", "created")
URL_KEYS = ("url", "link", "source", "canonical_url", "permalink")
EVENT_KEYS = ("event", "meeting", "description", "subtitle")


@dataclass
class FrontMatter:
    lines: int = 0  # how many lines of the file it takes, delimiters included
    title: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    event: str | None = None
    unused: list[str] = field(default_factory=list)  # the keys not used, in file order


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        names = [name for name in (_text(item) for item in value) if name]
        return ", ".join(names) or None
    if isinstance(value, dict):
        name = value.get("name")
        return _text(name) if name is not None else None
    text = " ".join(str(value).split())
    return text or None


def _yaml(lines: list[str], origin: str) -> Any:
    import yaml  # type: ignore[import-untyped]

    try:
        return yaml.safe_load("\n".join(lines))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = 2 + (mark.line if mark is not None else 0)
        problem = getattr(error, "problem", None) or "not YAML"
        raise StudygroupError(f"{origin}:{line}: the front matter is not YAML: {problem}") from None


def _toml(lines: list[str], origin: str) -> Any:
    import tomllib

    try:
        return tomllib.loads("\n".join(lines))
    except tomllib.TOMLDecodeError as error:
        line = 1 + getattr(error, "lineno", 1)
        raise StudygroupError(f"{origin}:{line}: the front matter is not TOML: {error}") from None


def split_front_matter(text: str, origin: str) -> tuple[FrontMatter, str]:
    """The front matter of `text`, and the text with its lines blanked (so that line
    numbers stay those of the file)."""
    lines = text.splitlines()
    toml = len(lines) >= 2 and lines[0].strip() == "+++" and _TOML_KEY.match(lines[1])
    if not toml and (len(lines) < 2 or lines[0].strip() != "---" or not _KEY.match(lines[1])):
        return FrontMatter(), text
    closing = {"+++"} if toml else _CLOSE
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in closing), None)
    if end is None:
        delimiter = "+++" if toml else "---"
        raise StudygroupError(
            f"{origin}:1: the front matter opened here never closes "
            f"(a line '{delimiter}' should end it)"
        )
    data = _toml(lines[1:end], origin) if toml else _yaml(lines[1:end], origin)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise StudygroupError(f"{origin}:2: the front matter is not a list of keys and values")
    matter = FrontMatter(lines=end + 1)
    used: set[str] = set()

    def pick(keys: tuple[str, ...]) -> str | None:
        for key in keys:
            for name, value in data.items():
                if str(name).casefold() == key:
                    found = _text(value)
                    if found:
                        used.add(str(name))
                        return found
        return None

    matter.title = pick(TITLE_KEYS)
    matter.author = pick(AUTHOR_KEYS)
    matter.date = pick(DATE_KEYS)
    address = pick(URL_KEYS)
    if address is not None and address.lower().startswith(("http://", "https://")):
        matter.url = address
    else:
        used.discard(next((k for k in data if str(k).casefold() in URL_KEYS), ""))
    matter.event = pick(EVENT_KEYS)
    matter.unused = [str(name) for name in data if str(name) not in used]
    blanked = [""] * (end + 1) + lines[end + 1 :]
    return matter, "\n".join(blanked) + ("\n" if text.endswith("\n") else "")
