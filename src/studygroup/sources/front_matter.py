"""YAML front matter at the top of notes (Jekyll, Hugo, WordPress exports), and
Hugo's TOML front matter between `+++` lines.

The file starts with a line `---` and the next line is a YAML key (`title: …`);
the front matter runs to the next line that is `---` (or `...`), and is read by a
YAML parser, so an unquoted title with quotes in it, a blank line inside, or a list
of authors come out as YAML says; numbers and yes/no stay the text they are
written as (`title: 1984`, `event: 10:30`). A first line `---` that is not followed
by a key is a rule, not front matter. Front matter that never closes cannot be read
safely and is an error, with its first line; so is front matter nested too deeply.

From it come the notes' title, author (`author`, `authors`, `creator`: a name or a
list), date (a YAML date or a string), address (`url`, `link`, `source`) and event.
Tags and categories never name authors. The other keys are reported, not used.
"""

from __future__ import annotations

import datetime as dt
import functools
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
# Far more than any title or list of authors: where the walk over a value stops.
_TEXT_BUDGET = 10_000
# YAML's types that are read as the text they are (see `_loader`).
_AS_WRITTEN = frozenset(
    {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool"}
)
_NESTED = "{origin}:2: the front matter is nested too deeply (lists or tables inside one another)"
_UNREADABLE = "{origin}:2: the front matter holds a value that cannot be read: {error}"


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
    """A value as one line of text: a list gives its items, a mapping its `name`, all
    joined with commas, as authors are listed.

    YAML's aliases make a value a graph, not a tree: `&a [*a]` holds itself, and nine
    levels of nine aliases stand for 9^9 leaves in a few lines. So the walk goes by a
    stack, not by recursion; it enters each list or mapping once, however many aliases
    name it; and it stops once it holds more text than any title or list of authors."""
    names: list[str] = []
    size = 0
    entered: set[int] = set()
    stack = [value]
    while stack and size < _TEXT_BUDGET:
        item = stack.pop()
        if isinstance(item, (list, tuple, dict)):
            if id(item) in entered:
                continue
            entered.add(id(item))
            if isinstance(item, dict):
                stack.append(item.get("name"))
            else:
                stack.extend(reversed(item))
            continue
        text = _scalar(item)
        if text:
            names.append(text)
            size += len(text) + 2  # with the ", " that joins it
    return ", ".join(names) or None


def _scalar(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = " ".join(str(value).split())
    return text or None


@functools.cache
def _loader() -> Any:
    """YAML's safe loader, with numbers and yes/no read as the text they are.

    Every value used here is text: `title: 1984`, `event: 10:30` (which YAML 1.1 makes
    the number 630), `title: yes`. As text they stay as written, and a number of
    thousands of digits is never handed to `int`, which refuses more than 4,300."""
    import yaml  # type: ignore[import-untyped]

    loader: Any = type("FrontMatterLoader", (yaml.SafeLoader,), {})
    loader.yaml_implicit_resolvers = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag not in _AS_WRITTEN]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return loader


def _yaml(lines: list[str], origin: str) -> Any:
    import yaml

    try:
        return yaml.load("\n".join(lines), Loader=_loader())  # a SafeLoader: no Python objects
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = 2 + (mark.line if mark is not None else 0)
        problem = getattr(error, "problem", None) or "not YAML"
        raise StudygroupError(f"{origin}:{line}: the front matter is not YAML: {problem}") from None
    except RecursionError:
        raise StudygroupError(_NESTED.format(origin=origin)) from None
    except (ValueError, OverflowError) as error:
        # What YAML's own types refuse: a date that is none ('2024-13-45'), a number
        # of thousands of digits tagged `!!int`.
        raise StudygroupError(_UNREADABLE.format(origin=origin, error=_reason(error))) from None


def _toml(lines: list[str], origin: str) -> Any:
    import tomllib

    from studygroup.library.codec import syntax_problem

    text = "\n".join(lines)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, message = syntax_problem(text, str(error))
        # The line in the file: the front matter starts after its `+++`.
        raise StudygroupError(f"{origin}:{line + 1}: the front matter is {message}") from None
    except RecursionError:  # tomllib reads arrays and inline tables by recursion
        raise StudygroupError(_NESTED.format(origin=origin)) from None
    except ValueError as error:  # an integer of more than 4,300 digits
        raise StudygroupError(_UNREADABLE.format(origin=origin, error=_reason(error))) from None


def _reason(error: Exception) -> str:
    # Python's advice after the semicolon (sys.set_int_max_str_digits) is not the user's.
    return str(error).split(";")[0].strip()


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
