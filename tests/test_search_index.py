"""The search index gives what a plain scan of the files gives, and a cache that is
missing, stale, corrupt or shared by two runs at once costs time, never a result."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studygroup.library import cache, search_index
from studygroup.library.store import Library
from studygroup.views.search import ALL_KINDS, Hit, hits, scan

WORDS = [
    "labour", "labourers", "belabour", "Thérémin", "theremin", "workers’", "workers'",
    "state", "“average”", "\"average\"", "five-year", "plan", "Privilege", "privileged",
    "Лев", "Троцкий", "naïve", "the", "of", "and", "caste", "—", "rouble", "ruble",
]  # fmt: skip
texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)


def session(book: str, part: str, draw_texts: list[str]) -> str:
    quotations = [{"paragraphs": draw_texts[:2] or ["x"]}]
    points = [{"text": text} for text in draw_texts[2:5]]
    questions = [{"text": text} for text in draw_texts[5:7]]
    glossary = [
        {"term": f"T{n}", "kind": "term", "definition": t} for n, t in enumerate(draw_texts[7:9])
    ]
    data = {"book": book, "part": part, "quotations": quotations, "points": points}
    data |= {"questions": questions, "glossary": glossary}
    return tomli_w.dumps(data)


def book(slug: str) -> str:
    parts = [
        {"key": str(n), "kind": "chapter", "number": n, "title": f"Chapter {n}"} for n in (1, 2)
    ]
    return tomli_w.dumps({"slug": slug, "title": slug.title(), "author": "A", "parts": parts})


def library_from(root: Path, sessions: list[list[str]]) -> Library:
    for index, found in enumerate(sessions):
        slug = f"book-{index // 2}"
        folder = root / slug
        (folder / "sessions").mkdir(parents=True, exist_ok=True)
        (folder / "book.toml").write_text(book(slug), encoding="utf-8")
        part = str(index % 2 + 1)
        (folder / "sessions" / f"{part}.toml").write_text(
            session(slug, part, found), encoding="utf-8"
        )
    return Library.open(root)


def keyed(found: list[Hit]) -> list[tuple[object, ...]]:
    return [
        (h.book, h.part, h.kind, h.number, h.paragraph, h.text, tuple(h.matches)) for h in found
    ]


def ours(found: object) -> list[Hit]:
    """The hits in the books made here, not the built-in one."""
    return [hit for hit in found if hit.book.startswith("book-")]  # type: ignore[attr-defined]


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("STUDYGROUP_CACHE", str(folder))
    cache.forget()
    yield folder
    cache.forget()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    sessions=st.lists(st.lists(texts, min_size=1, max_size=9), min_size=1, max_size=4),
    query=st.one_of(st.sampled_from(WORDS), texts, st.text(min_size=1, max_size=6)),
)
def test_the_index_finds_what_a_scan_finds(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    sessions: list[list[str]],
    query: str,
) -> None:
    root = tmp_path_factory.mktemp("library")
    monkeypatch.setenv("STUDYGROUP_CACHE", str(tmp_path_factory.mktemp("cache")))
    cache.forget()
    try:
        shelf = library_from(root, sessions)
        for kinds in (ALL_KINDS, ("quotation",)):
            scanned = keyed(list(scan(shelf, None, query, kinds, [])))
            indexed = keyed(list(hits(shelf, None, query, kinds, [])))
            assert indexed == scanned
            assert cache.connection() is not None  # the index was really used
    finally:
        cache.forget()


def test_the_index_follows_the_files(tmp_path: Path, fresh_cache: Path) -> None:
    shelf = library_from(tmp_path / "lib", [["the labour of the state"], ["a plan"]])
    assert len(ours(hits(shelf, None, "labour", ALL_KINDS, []))) == 1
    # A session changed (even within the same second: the racy rule) is read again.
    target = tmp_path / "lib" / "book-0" / "sessions" / "2.toml"
    target.write_text(session("book-0", "2", ["labour again", "more labour"]), encoding="utf-8")
    assert len(ours(hits(shelf, None, "labour", ALL_KINDS, []))) == 3
    target.unlink()
    assert len(ours(hits(shelf, None, "labour", ALL_KINDS, []))) == 1
    # The cache folder deleted under a running process: still right, and made again.
    import shutil

    shutil.rmtree(fresh_cache)
    cache.forget()
    assert len(ours(hits(shelf, None, "labour", ALL_KINDS, []))) == 1
    assert (fresh_cache / cache.FILE_NAME).is_file()


def test_a_file_replaced_with_the_same_size_and_time_is_read_again(
    tmp_path: Path, fresh_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What `cp -p`, `rsync -t` or `tar x` can do. (No racy window: the entry is
    # trusted at once, as it would be two seconds later.)
    monkeypatch.setattr(cache, "RACY_NS", 0)
    shelf = library_from(tmp_path / "lib", [["AAAA words"]])
    target = tmp_path / "lib" / "book-0" / "sessions" / "1.toml"
    before = target.stat()
    assert len(ours(hits(shelf, None, "AAAA", ALL_KINDS, []))) == 1
    target.write_text(session("book-0", "1", ["BBBB words"]), encoding="utf-8")
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert target.stat().st_size == before.st_size
    assert len(ours(hits(shelf, None, "BBBB", ALL_KINDS, []))) == 1
    assert ours(hits(shelf, None, "AAAA", ALL_KINDS, [])) == []


def test_a_large_library_indexed_and_checked_at_once(tmp_path: Path, fresh_cache: Path) -> None:
    # Enough files for the bulk paths: TOML parsed in other processes a chunk at a
    # time, the full-text index made in one pass, validate's verdicts kept in one write.
    from studygroup.library import codec
    from studygroup.library.validate import check_path

    count = max(codec.AHEAD_FROM, search_index.BULK_FILES) + 30
    words = [[f"labour {n}", f"point {n}"] for n in range(count)]
    words[7] = ["zyxwort once"]
    shelf = library_from(tmp_path / "lib", words)
    broken = tmp_path / "lib" / "book-9" / "sessions" / "2.toml"
    broken.write_text("colour = 1\n" + broken.read_text(encoding="utf-8"), encoding="utf-8")
    for query in ("labour", "zyxwort", "point 1"):
        assert keyed(ours(hits(shelf, None, query, ALL_KINDS, []))) == keyed(
            ours(scan(shelf, None, query, ALL_KINDS, []))
        )
    assert len(ours(hits(shelf, None, "zyxwort", ALL_KINDS, []))) == 1
    files, problems = check_path(tmp_path / "lib", shelf)
    assert files == count + (count + 1) // 2  # every session and book file
    assert [(p.file, p.field) for p in problems] == [(str(broken), "colour")]
    # Kept: the same verdict from the cache, and after the file is mended, none.
    assert check_path(tmp_path / "lib", shelf)[1] == problems
    broken.write_text(session("book-9", "2", ["mended"]), encoding="utf-8")
    assert check_path(tmp_path / "lib", shelf)[1] == []
    # One file changed after the bulk index: found through the index kept up to date.
    assert len(ours(hits(shelf, None, "mended", ALL_KINDS, []))) == 1
    assert len(ours(hits(shelf, None, "labour", ALL_KINDS, []))) == count - 2


def test_a_corrupt_cache_is_made_again(tmp_path: Path, fresh_cache: Path) -> None:
    shelf = library_from(tmp_path / "lib", [["the labour of the state"]])
    fresh_cache.mkdir(parents=True, exist_ok=True)
    (fresh_cache / cache.FILE_NAME).write_bytes(b"this is not a database" * 100)
    assert len(ours(hits(shelf, None, "labour", ALL_KINDS, []))) == 1
    assert cache.connection() is not None


def test_without_a_cache_the_scan_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x", encoding="utf-8")
    monkeypatch.setenv("STUDYGROUP_CACHE", str(blocked / "cache"))
    cache.forget()
    try:
        shelf = library_from(tmp_path / "lib", [["the labour of the state"]])
        assert len(ours(hits(shelf, None, "labour", ALL_KINDS, []))) == 1
        assert cache.connection() is None
    finally:
        cache.forget()


def test_two_runs_at_once_agree_and_leave_a_usable_cache(tmp_path: Path, fresh_cache: Path) -> None:
    library_from(tmp_path / "lib", [[f"labour {n}", "plan"] for n in range(8)])
    env = {
        **os.environ,
        "STUDYGROUP_LIBRARY": str(tmp_path / "lib"),
        "STUDYGROUP_CACHE": str(fresh_cache),
    }
    command = [sys.executable, "-m", "studygroup", "search", "labour", "-f", "json", "-b", "book-0"]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert all(run.returncode == 0 for run in runs)
    assert len(set(outputs)) == 1 and '"count": 2' in outputs[0]
    again = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert again.stdout == outputs[0]


def test_search_streams_json(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = run("search", "bureaucracy", "-f", "json").json()
    assert data["query"] == "bureaucracy" and data["count"] == len(data["hits"]) > 5
    assert all(hit["matches"] for hit in data["hits"])
