"""Whatever text a library holds, every output shows it as the letters it is."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from rich.console import Console

from studygroup.domain.inline import plain, spans
from studygroup.render import markdown
from studygroup.render.terminal import styled
from studygroup.safety import without_controls

MD = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")

# Text as a notes file can hold it: any characters, trimmed (the models trim).
texts = (
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=80
    )
    .map(str.strip)
    .filter(bool)
)

NASTY = [
    "<script>alert(1)</script>",
    '#import "x.typ": *',
    "[bold]x[/bold]",
    "`code` and ``more``",
    "*star* and **strong** and _under_ and __dunder__",
    "| a | b |",
    "12. not a list",
    "1) nor this",
    "- nor this",
    "+ nor this",
    "> nor a quote",
    "=== or a rule",
    "***",
    "[link](http://x) and ![img](x.png) and <http://auto>",
    "&amp; &copy; &#65;",
    "trailing backslash \\",
    "~~strike~~",
    "a\x1b[31mred\x00nul\u202eevil",
    "\t   indented code",
]


def rendered_text(md: str) -> str:
    """What a reader sees: the HTML's text, tags removed, entities decoded."""
    tokens = MD.parseInline(md)[0].children or []
    return "".join(t.content for t in tokens if t.type in ("text", "softbreak"))


@settings(max_examples=400)
@given(texts)
@example(NASTY[0])
def test_markdown_escape_shows_text_literally(text: str) -> None:
    # A run of line breaks is one space: layout inside a paragraph, as escape() treats it.
    expected = re.sub(r"\n+", " ", without_controls(text))
    forbidden = (
        "<em>",
        "<strong>",
        "<code>",
        "<a ",
        "<img",
        "<script",
        "<ol",
        "<table",
        "<s>",
        "<pre>",
        "<hr",
    )
    headings = tuple(f"<h{level}>" for level in range(1, 7))
    for line in (f"- {markdown.escape(text)}", f"> {markdown.escape(text)}", markdown.escape(text)):
        page = MD.render(line)
        assert not any(tag in page for tag in forbidden + headings), (text, line, page)
    inline_text = rendered_text(markdown.escape(text))
    # CommonMark turns NUL into U+FFFD and trims the ends; nothing else changes.
    assert inline_text.strip() == expected.replace("\x00", "\ufffd").strip(), (text, inline_text)


def test_markdown_escape_on_known_markup() -> None:
    for text in NASTY:
        page = MD.render(f"- {markdown.escape(text)}\n")
        assert page.startswith("<ul>\n<li>"), (text, page)
        shown = html.unescape(page.removeprefix("<ul>\n<li>").removesuffix("</li>\n</ul>\n"))
        assert shown == without_controls(text).strip(), (text, page)


def test_markdown_keeps_plain_prose_plain() -> None:
    prose = "Trotsky’s “Soviet Thermidor” – 1936 (first published 1937), 12-15 percent!"
    assert markdown.escape(prose) == prose


def test_emphasis_spans_and_markdown_emphasis() -> None:
    assert spans("Production _per Capita_ of the Population") == [
        ("Production ", False),
        ("per Capita", True),
        (" of the Population", False),
    ]
    assert spans("snake_case_name and _ alone") == [("snake_case_name and _ alone", False)]
    assert (
        plain("From “World Revolution” to _Status Quo_") == "From “World Revolution” to Status Quo"
    )
    assert markdown.inline("to _Status Quo_ [sic]") == "to *Status Quo* \\[sic\\]"


def test_markdown_links_only_for_web_addresses() -> None:
    assert markdown.link("x", "javascript:alert(1)") == "x"
    # An address with a space or a line break in it is no address: plain text.
    assert markdown.link("x", "https://a.b/c d(e)") == "x"
    assert markdown.link("x", "https://a.b/c\n# heading") == "x"
    assert markdown.link("x", "https://a.b/c(e)<f>") == "[x](<https://a.b/c(e)%3Cf%3E>)"


@given(texts)
def test_terminal_text_has_no_escape_sequences_and_no_markup(text: str) -> None:
    console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor", width=80)
    console.print(styled(text))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    # Only rich's own styling may emit escapes; with no style there is none but the reset.
    visible = Console(file=io.StringIO(), width=10_000, color_system=None)
    visible.print(styled(text), soft_wrap=True)
    shown = visible.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b" not in shown
    # Rich expands tabs and wraps nothing here; every other character is shown as it is.
    assert "".join(shown.split()) == "".join(plain(without_controls(text)).split())
    assert "\x1b]" not in out.replace("\x1b]8;", "")  # no OSC sequence but a link's


# --- every command's terminal output, whatever a file holds ---------------------------

HOSTILE = "A\x1b]52;c;SGFja2Vk\x07\x1b[2J\x00\u202eB"
# What may reach a terminal: text, line feeds, and rich's own colour and link codes.
RICH_CODES = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b\x07]*(?:\x1b\\|\x07)")


def _hostile_library(root: Path) -> Path:
    import tomli_w

    book = root / "evil"
    (book / "sessions").mkdir(parents=True)
    parts = [{"key": "1", "kind": "chapter", "number": 1, "numeral": f"I{HOSTILE}", "title": "T"}]
    book_data = {"slug": "evil", "title": f"Evil {HOSTILE}", "author": HOSTILE, "parts": parts}
    (book / "book.toml").write_text(tomli_w.dumps(book_data), encoding="utf-8")
    session = {
        "book": "evil",
        "part": "1",
        "points": [{"text": f"para1 {HOSTILE}"}],
        "quotations": [{"paragraphs": [f"para1 {HOSTILE}"], "attribution": HOSTILE}],
        "questions": [{"text": f"para1 {HOSTILE}"}],
        "glossary": [{"term": HOSTILE, "kind": "term", "definition": HOSTILE}],
        "timeline": [{"date": f"1936{HOSTILE}", "event": HOSTILE}],
    }
    (book / "sessions" / "1.toml").write_text(tomli_w.dumps(session), encoding="utf-8")
    return root


@pytest.mark.parametrize("terminal", [False, True])
@pytest.mark.parametrize(
    "command",
    [
        ["session", "1", "--book", "evil"],
        ["outline", "--book", "evil"],
        ["library"],
        ["quotes", "--book", "evil"],
        ["search", "para1"],
    ],
)
def test_no_control_character_from_a_file_reaches_the_terminal(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], terminal: bool
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("STUDYGROUP_LIBRARY", str(_hostile_library(tmp_path / "lib")))
    monkeypatch.setenv("STUDYGROUP_CACHE", str(tmp_path / "cache"))
    if terminal:
        monkeypatch.setenv("FORCE_COLOR", "1")  # rich writes as to a terminal
    result = run("--no-pager", *command)
    assert result.exit_code == 0, result.stderr
    bare = RICH_CODES.sub("", result.stdout)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", bare), repr(bare)


def test_no_color_drops_links_on_a_terminal(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b]8;" in run("--no-pager", "outline").stdout
    monkeypatch.setenv("NO_COLOR", "1")
    shown = run("--no-pager", "outline").stdout
    assert "\x1b]8;" not in shown  # bold and dim stay: they are not colour


@given(texts)
@settings(max_examples=200)
@example("evil \u202e text \u0085 c1 \u2066isolate\u2069 zw\u200dj\u2028sep")
def test_toml_files_show_no_invisible_characters_and_keep_the_text(text: str) -> None:
    import tomllib

    from studygroup.domain.session import Session
    from studygroup.library.codec import dump_session

    session = Session.model_validate({"book": "b", "part": "1", "points": [{"text": text}]})
    written = dump_session(session, "notes from a file")
    assert not re.search(r"[\x80-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]", written)
    # Line endings are not the text: a Windows CRLF is written as a line feed.
    kept = session.points[0].text.replace("\r\n", "\n")
    assert tomllib.loads(written)["points"][0]["text"] == kept


def test_text_that_was_not_utf8_is_written_and_searched_as_u_fffd(run) -> None:  # type: ignore[no-untyped-def]
    import tomllib

    from studygroup.domain.session import Point, Session
    from studygroup.library.codec import dump_session

    # A file name or argument of bytes that are not UTF-8, as Python reads it, in a
    # session built without validation (as an importer builds one).
    session = Session.model_construct(
        book="b", part="1", points=[Point.model_construct(text="notes from n\udcff\udcfe.md")]
    )
    written = tomllib.loads(dump_session(session))
    assert written["points"][0]["text"] == "notes from n\ufffd\ufffd.md"
    found = run("search", "\udcff\udcfe")
    assert found.exit_code == 1 and found.stderr.count("\n") <= 1
