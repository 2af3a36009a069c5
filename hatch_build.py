"""Build hook: the wheel carries each embedded TOML file also as JSON.

data/ in the repository is TOML, the library's one format, reviewed as diffs. At run
time the built-in library is read on every command, and Python's TOML parser is the
largest cost of `studygroup outline` after the interpreter itself (benchmarks/); the
JSON parser is written in C. So the wheel gets book.json beside book.toml, made here
from the TOML, and the library reads the JSON when it is there. Nothing derived is
kept in git, and a test checks that the two agree in the installed package.
"""

from __future__ import annotations

import json
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class EmbeddedJsonHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        data = Path(self.root) / "data"
        out = Path(tempfile.mkdtemp(prefix="studygroup-json-"))
        for source in sorted(data.rglob("*.toml")):
            relative = source.relative_to(data).with_suffix(".json")
            target = out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            # No default=: a TOML date would fail the build rather than become a string.
            parsed = tomllib.loads(source.read_text(encoding="utf-8"))
            target.write_text(json.dumps(parsed, ensure_ascii=False), encoding="utf-8")
            build_data["force_include"][str(target)] = f"studygroup/data/{relative.as_posix()}"
