"""The book's text through the commands: `text` fetches it, `outline`, `programme` and
the handouts say how long each reading is, `session` and `validate` check the
quotations against it, `search --in-text` finds passages in it, and `plan --minutes`
lays a season out by reading time."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest
import tomli_w

from studygroup.errors import EXIT_ERROR
from studygroup.library import cache
from webserver import Reply, Server

FIXTURES = Path(__file__).parent / "fixtures" / "text"
SLUG = "a-kitchen-chronicle"


def served() -> dict[str, Reply]:
    return {
        f"/kitchen/{name}": Reply(
            200, (FIXTURES / name).read_bytes(), {"Content-Type": "text/html"}
        )
        for name in ("index.htm", "ch01.htm", "ch01b.htm")
    }


@pytest.fixture
def kitchen(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A book imported from its contents page on a local server, and its text fetched."""
    monkeypatch.setenv("STUDYGROUP_LIBRARY", str(tmp_path / "library"))
    monkeypatch.setenv("STUDYGROUP_CACHE", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    cache.forget()
    with Server(served()) as server:
        imported = run("import", "toc", server.url("/kitchen/index.htm"))
        assert imported.exit_code == 0, imported.stderr
        fetched = run("text", "--book", SLUG)
    assert fetched.exit_code == 0, fetched.stderr
    assert "1  Chapter I, The Kitchen: 90 words, 1 min" in fetched.stdout
    yield tmp_path
    cache.forget()


def session_file(root: Path, quotations: list[list[str]]) -> None:
    folder = root / "library" / SLUG / "sessions"
    folder.mkdir(parents=True, exist_ok=True)
    data = {"book": SLUG, "part": "1", "quotations": [{"paragraphs": q} for q in quotations]}
    (folder / "1.toml").write_text(tomli_w.dumps(data), encoding="utf-8")


def test_the_reading_load_is_shown_where_the_reading_is(run, kitchen: Path) -> None:  # type: ignore[no-untyped-def]
    outline = run("outline", "--book", SLUG, "-f", "json").json()
    part = outline["parts"][0]
    # Counted by hand: 8 words before the first section, then 35, 21, 16 and 10.
    assert (part["words"], part["minutes"]) == (90, 1)
    assert [s["words"] for s in part["sections"]] == [35, 21, 16, 10]
    assert "1 min" in run("outline", "--book", SLUG).stdout
    handout = run("handout", "1", "--book", SLUG, "-f", "txt").stdout
    assert "About 90 words: 1 minute of reading." in handout


def test_quotations_are_checked_against_the_text(run, kitchen: Path) -> None:  # type: ignore[no-untyped-def]
    session_file(
        kitchen,
        [
            ["Nobody believed it, not even the miller’s wife."],
            ["Labor and co-operation - the workers' two words [!] - filled 1848-51 with hope."],
            ["A sentence that no page of this book holds anywhere at all."],
        ],
    )
    data = run("session", "1", "--book", SLUG, "-f", "json").json()
    verdicts = [(c["number"], c["status"], c["section_number"]) for c in data["checks"]]
    assert verdicts == [(1, "exact", 1), (2, "differs", 2), (3, "not found", None)]
    kinds = {d["kind"] for d in data["checks"][1]["differences"]}
    assert {"spelling", "marks", "insertion"} <= kinds
    # The section comes from the text, though the session names none.
    assert data["quotations"][1]["section"] == "A Walk to the Mill"
    shown = run("session", "1", "--book", SLUG).stdout
    assert "Check: as in the text" in shown and "Check: not found in the text" in shown
    assert "Check: differs from the text: spelling: “Labor” for “Labour”" in " ".join(shown.split())
    checked = run("validate")
    assert checked.exit_code == 0  # a quotation not found is a warning, not a problem
    assert "quotations[2]: warning: not found in the text" in checked.stdout
    assert "quotations[1]: note: differs from the text" in checked.stdout
    assert "1 quotation not found in the text" in checked.stderr
    facilitator = run("handout", "1", "--book", SLUG, "--facilitator", "-f", "md").stdout
    participant = run("handout", "1", "--book", SLUG, "-f", "md").stdout
    assert "*Check:* as in the text" in facilitator and "Check:" not in participant
    # One the text does not hold is never put in the author's mouth, on any sheet.
    attributions = [q["attribution"] for q in data["quotations"]]
    assert "_A Kitchen Chronicle_, Chapter I" in attributions[0]  # found: the author's
    assert attributions[2] == "from the presenter’s notes (not found in _A Kitchen Chronicle_)"
    assert "not found in *A Kitchen Chronicle*" in " ".join(participant.split())


def test_the_text_is_searched(run, kitchen: Path) -> None:  # type: ignore[no-untyped-def]
    found = run("search", "--in-text", "miller’s wife", "-f", "json").json()
    assert next((h["kind"], h["part"], h["section"]) for h in found["hits"]) == (
        "text",
        "1",
        "The Kettle and the Stove",
    )
    assert run("search", "--in-text", "no such words").exit_code == EXIT_ERROR


def test_offline_with_and_without_a_cache(
    run, kitchen: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # The server is gone: the pages come from the cache.
    again = run("text", "--book", SLUG, "--offline")
    assert again.exit_code == 0 and "90 words" in again.stdout
    monkeypatch.setenv("STUDYGROUP_CACHE", str(tmp_path / "empty"))
    cache.forget()
    cold = run("text", "--book", SLUG, "--offline")
    assert cold.exit_code == EXIT_ERROR and "not in the cache" in cold.stderr


def test_a_season_laid_out_by_reading_time(run, kitchen: Path) -> None:  # type: ignore[no-untyped-def]
    planned = run(
        "plan", "--name", "Kitchen group", "--book", SLUG, "--start", "2026-10-13",
        "--pace", "20", "--minutes", "2",
    )  # fmt: skip
    assert planned.exit_code == 0, planned.stderr
    # 90 words at 20 a minute: 4½ minutes, split at its sections into meetings of about 2.
    assert "Chapter I (4 min) is read over 2 meetings: §1, §2–4" in planned.stderr
    data = tomllib.loads((kitchen / "studygroup.toml").read_text(encoding="utf-8"))
    assert [(m["parts"], m.get("sections")) for m in data["meetings"]] == [
        (["1"], [1]),
        (["1"], [2, 3, 4]),
    ]
    assert data["meetings"][1]["date"] == dt.date(2026, 10, 20)
    season = run("programme", "-f", "json").json()
    assert [m["reading_minutes"] for m in season["meetings"]] == [2, 2]
    assert [[s["number"] for s in m["parts"][0]["sections"]] for m in season["meetings"]] == [
        [1],
        [2, 3, 4],
    ]


def test_planning_by_time_needs_the_text(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STUDYGROUP_CACHE", str(tmp_path / "cache"))
    result = run("plan", "--name", "G", "--start", "2026-10-13", "--minutes", "30")
    assert result.exit_code != 0 and "studygroup text --book revolution-betrayed" in result.stderr
    assert not (tmp_path / "studygroup.toml").exists()
