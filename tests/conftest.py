"""Shared helpers: run the real entry point in process and capture what it prints."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from studygroup.cli import main

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


@pytest.fixture(autouse=True)
def _stable_terminal(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Output as a pipe sees it: 80 columns, no colour, whatever the host sets; and a
    default user library that is empty and private to the test, never the tester's own."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "STUDYGROUP_LIBRARY", "CLICOLOR_FORCE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    def invoke(*args: str) -> Result:
        code = main(list(args))
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return invoke
