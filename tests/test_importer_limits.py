"""The importers on input built to break them: nesting deeper than any parser can
follow, YAML that expands without end or holds itself, numbers Python refuses to
read, file names that are not UTF-8 and addresses no parser can split. Each gives
one line on stderr and writes nothing, or is read as it should be."""

from __future__ import annotations

import os
import time
import tomllib
from pathlib import Path

import pytest

from studygroup.errors import EXIT_ERROR, EXIT_USAGE
from studygroup.sources.html_lines import NestedTooDeeply, check_nesting

PAGE = "https://www.marxists.org/archive/a/x/index.htm"
POINT = "A point about the family and the state.\n"


@pytest.fixture(autouse=True)
def _private_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STUDYGROUP_CACHE", str(tmp_path / "cache"))


def _import_notes(run, tmp_path: Path, name: str, content: str | bytes):  # type: ignore[no-untyped-def]
    notes = tmp_path / name
    data = content.encode() if isinstance(content, str) else content
    notes.write_bytes(data)
    return run("--library", str(tmp_path / "lib"), "import", "notes", str(notes), "--part", "7")


def _session(tmp_path: Path) -> dict[str, object]:
    path = tmp_path / "lib" / "revolution-betrayed" / "sessions" / "7.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _one_error(result, message: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == EXIT_ERROR and result.stdout == ""
    assert result.stderr.startswith("studygroup: error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr
    assert not (tmp_path / "lib").exists()  # nothing written, no folder made


# Front matter ---------------------------------------------------------------------

ALIAS_BOMB = (
    "---\n"
    "a: &a [x,x,x,x,x,x,x,x,x]\n"
    + "".join(
        f"{name}: &{name} [{', '.join([f'*{before}'] * 9)}]\n"
        for before, name in zip("abcdefg", "bcdefgh", strict=True)
    )
    + "title: [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n---\n"
    + POINT
)


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("+++\ntitle = " + "[" * 3000 + "]" * 3000 + "\n+++\n", ":2: the front matter is nested"),
        ("---\ntitle: " + "[" * 600 + "]" * 600 + "\n---\n", ":2: the front matter is nested"),
        ("+++\ntitle = 1" + "0" * 5000 + "\n+++\n", "cannot be read: Exceeds the limit"),
        ("---\ntitle: !!int 1" + "0" * 5000 + "\n---\n", "cannot be read: Exceeds the limit"),
        ("---\ntitle: T\ndate: 2024-13-45\n---\n", "cannot be read: month must be in 1..12"),
        (
            '+++\ntitle = "T"\nauthor = \n+++\n',
            ":3: the front matter is not valid TOML: Invalid value",  # its own line
        ),
    ],
    ids=[
        "toml-deep",
        "yaml-deep",
        "toml-huge-int",
        "yaml-tagged-huge-int",
        "yaml-bad-date",
        "toml-syntax",
    ],
)
def test_front_matter_that_cannot_be_read_is_one_line(
    run, tmp_path: Path, front: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    result = _import_notes(run, tmp_path, "n.md", front + POINT)
    _one_error(result, f"n.md{message}" if message.startswith(":") else message, tmp_path)


def test_yaml_numbers_stay_as_written(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # 5,000 digits: int() refuses more than 4,300. 10:30 is 630 to YAML 1.1.
    digits = "1" + "0" * 5000
    front = f"---\ntitle: {digits}\nevent: 10:30\nauthor: [yes, 007]\n---\n"
    result = _import_notes(run, tmp_path, "n.md", front + POINT)
    assert result.exit_code == 0, result.stderr
    source = _session(tmp_path)["source"]
    assert isinstance(source, dict)
    assert (source["title"], source["event"], source["author"]) == (digits, "10:30", "yes, 007")


def test_a_yaml_value_that_holds_itself_is_read_once(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    front = "---\ntitle: &a [*a]\nauthor: &p {name: *p}\n---\n"
    result = _import_notes(run, tmp_path, "n.md", front + POINT)
    assert result.exit_code == 0, result.stderr
    # Neither gives any text: both are reported as keys not used.
    assert "left out (front matter): keys not used: title, author" in result.stderr
    assert "title" not in _session(tmp_path)["source"]  # type: ignore[operator]


def test_a_yaml_alias_bomb_is_walked_once(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    result = _import_notes(run, tmp_path, "n.md", ALIAS_BOMB)
    assert time.monotonic() - started < 5  # 9^9 leaves if every alias were expanded
    assert result.exit_code == 0, result.stderr
    # Each list once, whatever number of aliases name it: the nine x of `a`.
    assert _session(tmp_path)["source"] == {"file": "n.md", "title": ", ".join(["x"] * 9)}


def test_a_long_yaml_list_stops_at_the_budget(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    names = ", ".join(f"Author Number {n}" for n in range(5000))  # 90,000 characters
    result = _import_notes(run, tmp_path, "n.md", f"---\nauthor: [{names}]\n---\n" + POINT)
    assert result.exit_code == 0, result.stderr
    author = _session(tmp_path)["source"]["author"]  # type: ignore[index]
    assert author.startswith("Author Number 0, Author Number 1, ")
    assert 10_000 <= len(author) < 10_100


# HTML nested too deeply -------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "<div>" * 20_000 + "Point." + "</div>" * 20_000,
        "<p>" + "<b>" * 20_000 + "Point." + "</b>" * 20_000 + "</p>",
        # Under the count before parsing, over what the reading can follow.
        "<blockquote>" * 2_000 + "“Deep.”" + "</blockquote>" * 2_000,
    ],
    ids=["div", "bold", "blockquote"],
)
def test_html_notes_nested_too_deeply(run, tmp_path: Path, body: str) -> None:  # type: ignore[no-untyped-def]
    page = f"<html><body>{body}</body></html>"
    result = _import_notes(run, tmp_path, "n.html", page)
    _one_error(result, "n.html: the page's tags are nested too deeply to read", tmp_path)


def test_a_very_deep_page_is_refused_before_it_is_parsed(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # The HTML parser's time grows with the square of the depth: unchecked, 100,000
    # nested <div>s (600 KB) take it about 15 s, before the reading fails anyway.
    started = time.monotonic()
    page = "<html><body>" + "<div>" * 100_000 + "Point." + "</div>" * 100_000
    result = _import_notes(run, tmp_path, "n.html", page)
    assert time.monotonic() - started < 5
    _one_error(result, "n.html: the page's tags are nested too deeply to read", tmp_path)
    # A hundred levels, deeper than any real page, are read.
    page = "<html><body>" + "<div>" * 100 + "<p>" + POINT + "</p>" + "</div>" * 100
    result = _import_notes(run, tmp_path, "n.html", page + "</body></html>")
    assert result.exit_code == 0, result.stderr
    assert [p["text"] for p in _session(tmp_path)["points"]] == [POINT.strip()]  # type: ignore[attr-defined]


def test_the_nesting_count_leaves_what_closes_by_itself() -> None:
    many = 20_000
    # Paragraphs, items and cells left open, anchors never closed, tags in scripts,
    # comments and SVG's self-closed elements: none of these nest in a browser.
    check_nesting("<html><body>" + "<p>Text <a name=x>anchor" * many + "</body></html>")
    check_nesting("<ul>" + "<li>item" * many + "</ul><table>" + "<tr><td>a<td>b" * many)
    check_nesting("<script>" + "<div>" * many + "</script><!--" + "<div>" * many + "-->")
    check_nesting("<svg>" + '<path d="M0"/>' * many + "</svg>")
    check_nesting("<div>" * 10_000 + "</div>" * 10_000 + "<div>" * 10_000)
    with pytest.raises(NestedTooDeeply):
        check_nesting("<div>" * 10_001)
    with pytest.raises(NestedTooDeeply):  # a closed one is no longer counted; others are
        check_nesting("<span><b>x</b>" * 10_001)


def test_a_contents_page_nested_too_deeply(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for name, body in [
        (
            "lists.html",
            "<ul><li>" * 10_000 + "<a href='ch01.htm'>I. One</a>" + "</li></ul>" * 10_000,
        ),
        ("divs.html", "<div>" * 10_000 + "<a href='ch01.htm'>I. One</a>" + "</div>" * 10_000),
    ]:
        page = tmp_path / name
        page.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
        args = ["--library", str(tmp_path / "lib"), "import", "toc", str(page)]
        result = run(*args, "--url", PAGE, "--author", "A")
        _one_error(result, f"{name}: the page's tags are nested too deeply to read", tmp_path)


# Names and addresses ----------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_kept_with_replacement_marks(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name = os.fsdecode(b"n\xff\xfe.md")  # as Python hands it over: lone surrogates
    result = _import_notes(run, tmp_path, name, POINT)
    assert result.exit_code == 0, result.stderr
    assert _session(tmp_path)["source"] == {"file": "n\ufffd\ufffd.md"}


def test_an_author_argument_that_is_not_utf8(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "contents.md"
    page.write_text("# My Book\n\nI. – [One](ch01.htm)\n\nII. – [Two](ch02.htm)\n", "utf-8")
    author = os.fsdecode(b"Rosa \xff")
    args = ["--library", str(tmp_path / "lib"), "import", "toc", str(page), "--url", PAGE]
    result = run(*args, "--author", author, "--slug", "my-book")
    assert result.exit_code == 0, result.stderr
    book = (tmp_path / "lib" / "my-book" / "book.toml").read_text(encoding="utf-8")
    assert 'author = "Rosa \ufffd"' in book


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("http://[::1", "http://[::1: not a valid web address (Invalid IPv6 URL)"),
        ("http://[x]/index.htm", "http://[x]/index.htm: not a valid web address"),
        ("http://x.org:99999/", "not a valid web address (Port out of range 0-65535)"),
        ("http://x.org:abc/", "http://x.org:abc/: not a valid web address"),
        ("http://a..b/index.htm", "not a valid web address (no valid host name)"),
        ("http://xn--zz/index.htm", "not a valid web address (Invalid A-label)"),
        (os.fsdecode(b"http://x.org/\xff.htm"), "a web address has no spaces or control"),
    ],
    ids=[
        "ipv6-open",
        "ipv6-not-ip",
        "port-range",
        "port-letters",
        "empty-label",
        "a-label",
        "not-utf8",
    ],
)
def test_addresses_no_parser_can_read(run, tmp_path: Path, address: str, message: str) -> None:  # type: ignore[no-untyped-def]
    # None of these is sent: each fails before a connection, so no network is needed.
    result = run("--library", str(tmp_path / "lib"), "import", "toc", address, "--author", "A")
    _one_error(result, message, tmp_path)


def test_a_saved_page_given_an_address_no_parser_can_read(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "t.html"
    page.write_text("<html><body><a href='ch01.htm'>I. One</a></body></html>", "utf-8")
    args = ["--library", str(tmp_path / "lib"), "import", "toc", str(page), "--author", "A"]
    result = run(*args, "--url", "https://[::1/index.htm")
    assert result.exit_code == EXIT_USAGE and result.stderr.count("\n") == 1  # an option's value
    assert "--url: https://[::1/index.htm: not a valid web address (Invalid IPv6 URL)" in (
        result.stderr
    )
    assert not (tmp_path / "lib").exists()


def test_a_link_no_parser_can_read_on_a_contents_page_is_no_link(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "t.html"
    entries = "".join(
        f"<li><a href='{href}'>Chapter {n}. {title}</a></li>"
        for n, href, title in [("I", "ch01.htm", "One"), ("II", "http://[::1", "Two")]
    )
    page.write_text(f"<html><body><h1>My Book</h1><ul>{entries}</ul></body></html>", "utf-8")
    args = ["--library", str(tmp_path / "lib"), "import", "toc", str(page), "--url", PAGE]
    result = run(*args, "--author", "A", "--slug", "my-book")
    assert result.exit_code == 0, result.stderr
    book = tomllib.loads((tmp_path / "lib" / "my-book" / "book.toml").read_text("utf-8"))
    assert [(p["title"], p.get("url")) for p in book["parts"]] == [
        ("One", "https://www.marxists.org/archive/a/x/ch01.htm"),
        ("Two", None),
    ]
