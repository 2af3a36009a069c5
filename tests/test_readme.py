"""The README tells the truth: its examples run, and it documents every command."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import REPO
from studygroup.cli import app

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_session_file_example_loads(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    [example] = re.findall(r"```toml\n(.*?)```", README, flags=re.S)
    folder = tmp_path / "revolution-betrayed" / "sessions"
    folder.mkdir(parents=True)
    (folder / "7.toml").write_text(example, encoding="utf-8")
    data = run("--library", str(tmp_path), "session", "7", "-f", "json").json()
    assert data["points"][0]["section"] == "Thermidor in the Family"
    assert data["quotations"][0]["section"] == "The Struggle against the Youth"
    assert len(data["quotations"][0]["paragraphs"]) == 2


def test_every_command_is_documented() -> None:
    import typer

    names = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    assert {
        "outline",
        "session",
        "handout",
        "library",
        "import",
        "new",
        "validate",
        "quotes",
        "search",
    } <= set(names)
    headings = [line for line in README.splitlines() if line.startswith("### ")]
    for name in names:
        assert any(f"`studygroup {name}" in heading for heading in headings), name


def test_readme_commands_match_ci() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    readme = README.splitlines()
    assert "sh tools/test" in readme
    assert any(line.startswith("sh tools/test") for line in ci)
    assert any(line.endswith("&& studygroup session 6") for line in readme)
