"""What every model of the library shares: strictness, and how a field is named in errors."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

# Text that must say something: an empty title or paragraph is always a mistake.
# Space at either end is layout, not content, and is trimmed.
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
# A part's key: `6`, `intro`, `preface-2`, `1.3` (chapter 3 of part 1).
PartKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$", max_length=60)]

Loc = tuple[str | int, ...]


def dotted(loc: Loc) -> str:
    """('points', 3, 'text') → 'points[3].text', as the errors name a field."""
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")


class Model(BaseModel):
    # Schemas are built when a model is first validated, not when this module is
    # imported: `outline` never validates a session and should not pay for it.
    # Strict: a value of the wrong type (section = "2") is an error, never converted.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True, strict=True)


def raise_first(problems: list[tuple[Loc, str]]) -> None:
    if problems:
        loc, message = problems[0]
        raise ValueError(f"{dotted(loc)}: {message}")
