"""The facilitator's library: listing, importing notes and contents, templates,
validation, and finding passages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studygroup.domain.folding import find, fold
from studygroup.errors import EXIT_ERROR, EXIT_USAGE
from webserver import Reply, Server

BASE = "https://www.marxists.org/archive/luxemburg/1900/reform-revolution"

CONTENTS = f"""# Reform or Revolution

Written: 1900

First published: 1900

Translated: by Integer

[INTRODUCTION]({BASE}/intro.htm)

I. – [THE OPPORTUNIST METHOD]({BASE}/ch01.htm)

II. – [THE ADAPTATION OF CAPITALISM]({BASE}/ch02.htm)

[Credit and _Cartels_]({BASE}/ch02.htm#s1)

[The Crisis]({BASE}/ch02.htm#s2)

III. – [THE IMPLEMENTATION OF SOCIAL REFORMS]({BASE}/ch03.htm)

[CONCLUSION]({BASE}/conclusion.htm): Opportunism in Theory and Practice

Some words the importer should report and leave out.
"""

NOTES = """Reform or Revolution – chapter 2

(Notes for the Tuesday meeting.)

Luxemburg starts from Bernstein's claim that capitalism adapts,

and that credit and cartels soften its crises.

She quotes him first:

"Credit is the means by which capitalism softens the crises.

The cartels regulate production and so prevent its anarchy."

Her answer, in the section on the crisis:

“Credit, far from being a means of adapting capitalism, is a means of destroying it.

Instead of abolishing the contradictions, it only deepens them.”

“A second, short quotation with “inner” marks.”

Commentary after the quotations: the crisis section is the heart of it.

See you next week.
"""


@pytest.fixture
def shelf(tmp_path: Path, run) -> Path:  # type: ignore[no-untyped-def]
    """A user library with the test book imported and the test notes for its chapter 2."""
    contents = tmp_path / "contents.md"
    contents.write_text(CONTENTS, encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text(NOTES, encoding="utf-8")
    root = tmp_path / "library"
    assert run("--library", str(root), "import", "toc", str(contents)).exit_code == 0
    result = run(
        "--library",
        str(root),
        "import",
        "notes",
        str(notes),
        "--part",
        "II",
        "--book",
        "reform-or-revolution",
    )
    assert result.exit_code == 0, result.stderr
    return root


def test_import_toc_makes_a_book_that_every_command_serves(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    contents = tmp_path / "contents.md"
    contents.write_text(CONTENTS, encoding="utf-8")
    root = tmp_path / "library"
    result = run("--library", str(root), "import", "toc", str(contents))
    assert result.exit_code == 0
    assert result.stdout == (
        "Reform or Revolution, Luxemburg → reform-or-revolution\n"
        "  5 parts (3 chapters), 2 sections\n"
        "  keys: intro, 1–3 (I–III), conclusion\n"
        "  next: studygroup outline --book reform-or-revolution\n"
    )
    assert result.stderr == (
        f"studygroup: {contents}:23: not understood, left out: Some words the importer should report and leave out.\n"
        f"studygroup: wrote {root / 'reform-or-revolution' / 'book.toml'}\n"
    )
    outline = run(
        "--library", str(root), "outline", "--book", "reform-or-revolution", "-f", "json"
    ).json()
    assert [p["key"] for p in outline["parts"]] == ["intro", "1", "2", "3", "conclusion"]
    assert outline["parts"][-1]["subtitle"] == "Opportunism in Theory and Practice"
    assert outline["translator"] == "Integer"
    assert outline["parts"][2]["sections"][0]["title"] == "Credit and _Cartels_"
    session = run("--library", str(root), "session", "ii", "--book", "reform-or-revolution")
    assert session.exit_code == 0 and "Chapter II: THE ADAPTATION OF CAPITALISM" in session.stdout
    # The built-in book is still there beside it.
    assert run("--library", str(root), "session", "6").exit_code == 0


def test_import_toc_refusals(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "library"
    contents = tmp_path / "contents.md"
    contents.write_text(CONTENTS, encoding="utf-8")
    assert run("--library", str(root), "import", "toc", str(contents)).exit_code == 0
    again = run("--library", str(root), "import", "toc", str(contents))
    assert again.exit_code == EXIT_ERROR
    assert "a book 'reform-or-revolution' is already in the library" in again.stderr
    assert run("--library", str(root), "import", "toc", str(contents), "--force").exit_code == 0
    builtin = tmp_path / "rb.md"
    builtin.write_text(
        CONTENTS.replace("# Reform or Revolution", "# The Revolution Betrayed"), encoding="utf-8"
    )
    clash = run("--library", str(root), "import", "toc", str(builtin))
    assert "a book 'the-revolution-betrayed' is already" not in clash.stderr  # slug differs
    nothing = tmp_path / "none.md"
    nothing.write_text("# A Title\n\nWords, and no link to any part.\n", encoding="utf-8")
    failed = run("--library", str(root), "import", "toc", str(nothing))
    assert failed.exit_code == EXIT_ERROR and failed.stderr.count("\n") == 1
    assert not (root / "a-title").exists()
    anonymous = tmp_path / "anon.md"
    anonymous.write_text("# Anonymous\n\nI. – [ONE](https://example.org/1.htm)\n", encoding="utf-8")
    nobody = run("--library", str(root), "import", "toc", str(anonymous))
    assert nobody.exit_code == EXIT_ERROR and "give --author" in nobody.stderr
    named = run(
        "--library",
        str(root),
        "import",
        "toc",
        str(anonymous),
        "--author",
        "Anon",
        "--slug",
        "anon",
    )
    assert named.exit_code == 0 and "Anonymous, Anon → anon" in named.stdout
    bad_slug = run(
        "--library",
        str(root),
        "import",
        "toc",
        str(anonymous),
        "--author",
        "A",
        "--slug",
        "Bad Slug",
    )
    assert bad_slug.exit_code == EXIT_USAGE and "is not a book slug" in bad_slug.stderr


def test_import_notes_reports_what_it_found(run, tmp_path: Path, shelf: Path) -> None:  # type: ignore[no-untyped-def]
    data = run(
        "--library", str(shelf), "session", "2", "--book", "reform-or-revolution", "-f", "json"
    ).json()
    assert data["source"]["title"] == "Reform or Revolution – chapter 2"
    assert data["source"]["event"] == "(Notes for the Tuesday meeting.)"
    assert data["source"]["closing"] == "See you next week."
    assert [p["text"] for p in data["points"]] == [
        "Luxemburg starts from Bernstein's claim that capitalism adapts, and that credit and cartels soften its crises.",
        "Commentary after the quotations: the crisis section is the heart of it.",
    ]
    quotes = data["quotations"]
    assert [q["paragraphs"] for q in quotes] == [
        [
            "Credit is the means by which capitalism softens the crises.",
            "The cartels regulate production and so prevent its anarchy.",
        ],
        [
            "Credit, far from being a means of adapting capitalism, is a means of destroying it.",
            "Instead of abolishing the contradictions, it only deepens them.",
        ],
        ["A second, short quotation with “inner” marks."],
    ]
    assert [q["lead_in"] for q in quotes] == [
        "She quotes him first:",
        "Her answer, in the section on the crisis:",
        "Her answer, in the section on the crisis:",
    ]
    # "the section on the crisis" names section 2, The Crisis.
    assert [q["section_number"] for q in quotes] == [1, 2, 2]
    assert data["points"][1]["section"] == "The Crisis"


def test_import_notes_summary_and_refusal(run, tmp_path: Path, shelf: Path) -> None:  # type: ignore[no-untyped-def]
    notes = tmp_path / "notes.txt"
    again = run(
        "--library",
        str(shelf),
        "import",
        "notes",
        str(notes),
        "--part",
        "2",
        "--book",
        "reform-or-revolution",
    )
    assert again.exit_code == EXIT_ERROR and again.stdout == ""
    assert "Chapter II of reform-or-revolution already has notes" in again.stderr
    forced = run(
        "--library",
        str(shelf),
        "import",
        "notes",
        str(notes),
        "-p",
        "2",
        "-b",
        "reform-or-revolution",
        "--force",
    )
    assert forced.exit_code == 0
    assert forced.stdout.splitlines() == [
        f"{notes} → Chapter II of Reform or Revolution",
        "  title: Reform or Revolution – chapter 2",
        "  event: (Notes for the Tuesday meeting.)",
        "  closing: See you next week.",
        "  2 discussion points (0 on the part as a whole)",
        "  3 quotations:",
        "    [1] §1 “Credit is the means by which capitalism softens…” (2 paragraphs)",
        "    [2] §2 “Credit, far from being a means of adapting…” (2 paragraphs)",
        "    [3] §2 “A second, short quotation with “inner” marks.”",
    ]
    # The built-in chapter 6 counts as existing notes too.
    builtin = run("--library", str(shelf), "import", "notes", str(notes), "--part", "6")
    assert "Chapter VI of revolution-betrayed already has notes (built in)" in builtin.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the notes are empty"),
        (b"Title\n\n\xff\xfe not text\n", ":3: not UTF-8 text"),
        (
            "Title\n\nA point.\n\n“Never closed.\n\nAnd more.\n".encode(),
            ":5: a quotation opens here and never closes",
        ),
    ],
)
def test_import_notes_malformed(run, tmp_path: Path, content: bytes, message: str) -> None:  # type: ignore[no-untyped-def]
    notes = tmp_path / "bad.txt"
    notes.write_bytes(content)
    result = run("--library", str(tmp_path / "lib"), "import", "notes", str(notes), "--part", "7")
    assert result.exit_code == EXIT_ERROR and result.stdout == ""
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "lib").exists()  # nothing written, no folder made


def test_import_notes_missing_file_and_unknown_part(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = run("import", "notes", str(tmp_path / "nope.txt"), "--part", "7")
    assert missing.exit_code == EXIT_ERROR and "nope.txt: no such file" in missing.stderr
    notes = tmp_path / "n.txt"
    notes.write_text(NOTES, encoding="utf-8")
    unknown = run("import", "notes", str(notes), "--part", "XIV")
    assert unknown.exit_code == EXIT_USAGE and "no part 'XIV'" in unknown.stderr


def test_library_lists_books_and_notes(run, shelf: Path) -> None:  # type: ignore[no-untyped-def]
    text = run("--library", str(shelf), "library").stdout
    assert "reform-or-revolution  Reform or Revolution, Luxemburg  · your library" in text
    assert "revolution-betrayed  The Revolution Betrayed, Leon Trotsky  · built in" in text
    assert "  parts: intro, 1–3 (I–III), conclusion\n  notes: Chapter II\n" in text
    assert "  parts: intro, 1–11 (I–XI), appendix, postscript\n  notes: Chapter VI\n" in text
    data = run("--library", str(shelf), "library", "-f", "json").json()
    assert data["user_library"] == str(shelf)
    books = {book["slug"]: book for book in data["books"]}
    assert books["reform-or-revolution"]["notes"] == ["2"]
    assert books["revolution-betrayed"]["notes"] == ["6"]
    assert books["revolution-betrayed"]["origin"] == "built in"


def test_new_writes_a_valid_template(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "lib"
    result = run("--library", str(root), "new", "VIII")
    path = root / "revolution-betrayed" / "sessions" / "8.toml"
    assert result.exit_code == 0 and result.stderr == f"studygroup: wrote {path}\n"
    template = path.read_text(encoding="utf-8")
    assert "#   5. The Soviet Union in a War" in template
    assert 'book = "revolution-betrayed"\npart = "8"\n' in template
    assert run("--library", str(root), "validate").exit_code == 0
    shown = run("--library", str(root), "session", "8")
    assert shown.exit_code == 0 and "Chapter VIII: FOREIGN POLICY AND THE ARMY" in shown.stdout
    # Uncommenting the examples gives a valid session too.
    head, examples = template.split('part = "8"\n')
    uncommented = (
        head + 'part = "8"\n' + "\n".join(line.removeprefix("# ") for line in examples.splitlines())
    )
    path.write_text(uncommented, encoding="utf-8")
    checked = run("--library", str(root), "validate", str(path))
    assert checked.exit_code == 0, checked.stdout
    refused = run("--library", str(root), "new", "8")
    assert refused.exit_code == EXIT_ERROR and "already has notes" in refused.stderr


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_reports_every_problem_with_its_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "lib"
    write(
        root,
        "revolution-betrayed/sessions/7.toml",
        'book = "revolution-betrayed"\npart = "7"\n[[points]]\ntext = "fine"\n',
    )
    write(
        root,
        "revolution-betrayed/sessions/8.toml",
        'book = "revolution-betrayed"\npart = "8"\ncolour = "red"\n\n[[points]]\nsection = 9\ntext = "x"\n\n[[questions]]\nquotations = [4]\ntext = "Why?"\n',
    )
    write(
        root,
        "revolution-betrayed/sessions/9.toml",
        'book = "revolution-betrayed"\npart = "9"\n[[points]]\ntext = 3\n',
    )
    write(
        root,
        "revolution-betrayed/sessions/10.toml",
        'book = "revolution-betrayed"\npart = "10"\npart = "10"\n',
    )
    write(
        root, "revolution-betrayed/sessions/99.toml", 'book = "revolution-betrayed"\npart = "99"\n'
    )
    (root / "revolution-betrayed/sessions/11.toml").write_bytes(b'book = "x"\n# caf\xe9\n')
    write(
        root,
        "other/book.toml",
        'slug = "other"\ntitle = "Other"\nauthor = "A"\n\n[[parts]]\nkey = "1"\nkind = "chapter"\nnumber = 1\ntitle = "One"\n\n[[parts]]\nkey = "1"\nkind = "chapter"\nnumber = 1\ntitle = "Again"\n',
    )
    result = run("--library", str(root), "validate")
    assert result.exit_code == EXIT_ERROR
    s = str(root / "revolution-betrayed" / "sessions")
    assert result.stdout.splitlines() == [
        f"{root}/other/book.toml:12: parts[1].key: '1' is also the key of parts[0]",
        f"{s}/10.toml:3: not valid TOML: a key given twice (Cannot overwrite a value)",
        f"{s}/11.toml:2: not UTF-8 text",
        f"{s}/8.toml:3: colour: unknown key",
        f"{s}/8.toml:6: points[0].section: no section 9 (Chapter VIII has 5 sections)",
        f"{s}/8.toml:10: questions[0].quotations[0]: names quotation 4, but the session has 0",
        f"{s}/9.toml:4: points[0].text: Input should be a valid string",
        f"{s}/99.toml:2: part: no part '99' in 'revolution-betrayed'",
    ]
    assert result.stderr == "studygroup: 8 problems in 6 of 7 files checked\n"
    one = run("--library", str(root), "validate", f"{s}/7.toml")
    assert (one.exit_code, one.stdout, one.stderr) == (
        0,
        "",
        "studygroup: 1 file checked, no problems\n",
    )
    nothing = run("--library", str(root), "validate", str(tmp_path / "nowhere"))
    assert nothing.exit_code == EXIT_ERROR and "no such file or folder" in nothing.stderr


def test_commands_that_meet_a_broken_file_say_so_in_one_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "lib"
    write(
        root,
        "revolution-betrayed/sessions/7.toml",
        'book = "revolution-betrayed"\npart = "7"\n[[points]]\nsection = "one"\ntext = "x"\n',
    )
    problem = "7.toml:4: points[0].section: Input should be a valid integer"
    for args in (("session", "7"), ("handout", "7")):
        result = run("--library", str(root), *args)
        assert result.exit_code == EXIT_ERROR, args
        assert result.stderr.count("\n") == 1 and problem in result.stderr
    # Across the library, the broken file is said and everything else still found.
    for args in (("search", "bureaucracy"), ("quotes",)):
        result = run("--library", str(root), *args)
        assert result.exit_code == 0, args
        assert result.stderr.count("\n") == 1 and "left out:" in result.stderr
        assert problem in result.stderr and "Chapter VI" in result.stdout


def test_one_broken_book_does_not_hide_the_others(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "lib"
    write(root, "broken/book.toml", 'slug = "broken"\ntitle = "B"\n')
    listed = run("--library", str(root), "library")
    assert listed.exit_code == EXIT_ERROR and "revolution-betrayed" in listed.stdout
    assert "left out a book: " in listed.stderr and "broken/book.toml" in listed.stderr
    found = run("--library", str(root), "search", "Stakhanov")
    assert found.exit_code == 0 and "left out book 'broken'" in found.stderr


def test_validate_finds_everything_in_one_run(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "lib"
    s = root / "revolution-betrayed" / "sessions"
    write(
        root,
        "revolution-betrayed/sessions/7.toml",
        # A byte-order mark, a misspelt key, a number written as text, a dotted key on
        # its own line, a bad address, and a reference that does not hold.
        '\ufeffbook = "revolution-betrayed"\npart = "7"\nsource.titel = "Notes"\n\n'
        '[[quotations]]\nsection = "2"\nlead_ni = "On youth:"\nparagraphs = ["A."]\n'
        'url = "javascript:alert(1)"\n\n[[questions]]\nquotations = [3]\ntext = "Why?"\n',
    )
    result = run("--library", str(root), "validate")
    assert result.exit_code == EXIT_ERROR
    assert result.stdout.splitlines() == [
        f"{s}/7.toml:3: source.titel: unknown key (did you mean 'title'?)",
        f"{s}/7.toml:6: quotations[0].section: Input should be a valid integer",
        f"{s}/7.toml:7: quotations[0].lead_ni: unknown key (did you mean 'lead_in'?)",
        f"{s}/7.toml:9: quotations[0].url: not a web address (http, https or mailto, with no spaces)",
        f"{s}/7.toml:12: questions[0].quotations[0]: names quotation 3, but the session has 1",
    ]


def test_a_missing_key_in_an_item_hides_nothing_else(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "lib"
    s = root / "revolution-betrayed" / "sessions"
    write(
        root,
        "revolution-betrayed/sessions/7.toml",
        # A point without its text, a section that does not exist, a glossary term
        # given twice, an entry without a term, and a question naming a quotation the
        # session does not have: every one said, each at its own line.
        'book = "revolution-betrayed"\npart = "7"\n\n[[points]]\nsection = 1\n\n'
        '[[points]]\nsection = 99\ntext = "x"\n\n'
        '[[glossary]]\nterm = "NEP"\nkind = "term"\ndefinition = "d"\n\n'
        '[[glossary]]\nterm = "nep"\nkind = "term"\ndefinition = "d"\n\n'
        '[[glossary]]\nkind = "term"\ndefinition = "d"\n\n'
        '[[quotations]]\nparagraphs = ["A."]\n\n'
        '[[questions]]\ntext = "q"\nquotations = [1, 2]\n',
    )
    result = run("--library", str(root), "validate")
    assert result.exit_code == EXIT_ERROR
    assert result.stdout.splitlines() == [
        f"{s}/7.toml:4: points[0].text: Field required",
        f"{s}/7.toml:8: points[1].section: no section 99 (Chapter VII has 3 sections)",
        f"{s}/7.toml:17: glossary[1].term: 'nep' is already glossary[0]",
        f"{s}/7.toml:21: glossary[2].term: Field required",
        f"{s}/7.toml:30: questions[0].quotations[1]: names quotation 2, but the session has 1",
    ]


@pytest.mark.parametrize(
    ("body", "field", "line"),
    [
        # Inside an inline array of inline tables: the item's own line.
        ('points = [\n  {text = "a"},\n  {text = "b", section = 99},\n]\n', "points[1].section", 5),
        ('points = [{text = "a"}, {text = "b", section = 99}]\n', "points[1].section", 3),
        # A line inside a multi-line string that looks like a key is text.
        ('[[points]]\ntext = """\nsection = 1\n"""\nsection = 77\n', "points[0].section", 7),
        ("[[points]]\ntext = '''\n[[points]]\n'''\nsection = 77\n", "points[0].section", 7),
        # A comment between items, a quoted key, an item of a list of numbers.
        (
            '[[points]]\ntext = "a"\n\n[[points]]\ntext = "b"\n# s\nsection = 42\n',
            "points[1].section",
            9,
        ),
        ('[[points]]\n"text" = "a"\n"section" = 42\n', "points[0].section", 5),
        (
            'quotations = [{paragraphs = ["A."]}]\nquestions = [\n  {text = "q", quotations = [1,\n'
            "    # the second\n    2]},\n]\n",
            "questions[0].quotations[1]",
            7,
        ),
    ],
)
def test_a_problem_is_placed_at_its_own_line(  # type: ignore[no-untyped-def]
    run, tmp_path: Path, body: str, field: str, line: int
) -> None:
    root = tmp_path / "lib"
    write(
        root,
        "revolution-betrayed/sessions/7.toml",
        f'book = "revolution-betrayed"\npart = "7"\n{body}',
    )
    result = run("--library", str(root), "validate")
    assert result.exit_code == EXIT_ERROR
    assert f"7.toml:{line}: {field}:" in result.stdout, result.stdout


def test_a_broken_book_is_reported_once(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "lib"
    write(root, "mine/book.toml", 'slug = "mine"\ntitle = "M"\nauthor = "A"\nparts = 3\n')
    for key in ("1", "2", "3"):
        write(root, f"mine/sessions/{key}.toml", f'book = "mine"\npart = "{key}"\n')
    result = run("--library", str(root), "validate")
    assert result.stdout.count("book.toml") == 1, result.stdout
    assert result.stdout.count("\n") == 1


def test_quotes_and_search(run, shelf: Path) -> None:  # type: ignore[no-untyped-def]
    mine = run(
        "--library", str(shelf), "quotes", "2", "--book", "reform-or-revolution", "-f", "json"
    ).json()
    assert mine["count"] == 5 and mine["query"] is None
    assert {(h["number"], h["paragraph"]) for h in mine["hits"]} == {
        (1, 1),
        (1, 2),
        (2, 1),
        (2, 2),
        (3, 1),
    }
    found = run("--library", str(shelf), "quotes", "--search", "CRÉDIT", "-f", "json").json()
    assert [(h["book"], h["number"], h["paragraph"]) for h in found["hits"]] == [
        ("reform-or-revolution", 1, 1),
        ("reform-or-revolution", 2, 1),
        ("revolution-betrayed", 10, 1),  # “… budget and credit.”
    ]
    for hit in found["hits"]:
        for start, end in hit["matches"]:
            assert hit["text"][start:end].casefold() == "credit"
    everywhere = run("--library", str(shelf), "search", "bureaucracy", "-f", "json").json()
    kinds = {h["kind"] for h in everywhere["hits"]}
    assert kinds == {"quotation", "point", "question", "glossary"}
    assert all(h["book"] == "revolution-betrayed" for h in everywhere["hits"])
    section = next(h for h in everywhere["hits"] if h["kind"] == "quotation")
    assert section["section"] and section["label"] == "Chapter VI"
    crisis = run(
        "--library", str(shelf), "search", "crisis", "--book", "reform-or-revolution"
    ).stdout
    assert (
        "Reform or Revolution · Chapter II" in crisis
        and "discussion point · 2. The Crisis" in crisis
    )
    assert run("--library", str(shelf), "search", "zzzz").stdout == "Nothing found for “zzzz”.\n"
    assert run("--library", str(shelf), "search", "  ").exit_code == EXIT_USAGE


def test_search_highlights_on_a_terminal(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FORCE_COLOR", "1")
    out = run("search", "stakhanov").stdout
    assert "\x1b[1;7mStakhanov\x1b[0m" in out


def test_search_ignores_case_accents_and_quote_styles() -> None:
    assert find("Léon Jouhaux", "leon") == [(0, 4)]
    assert find("the workers’ state", "WORKERS' STATE") == [(4, 18)]
    assert find("ﬁve-year plan", "five") == [(0, 3)]  # the ligature folds to its two letters
    assert find("no match", "") == []


@given(st.text(min_size=1, max_size=40), st.integers(0, 39), st.integers(1, 10))
def test_find_spans_fold_to_the_query(text: str, start: int, length: int) -> None:
    query = text[start : start + length]
    if not " ".join(fold(query)[0].split()):
        return
    for begin, end in find(text, query):
        assert (
            " ".join(fold(text[begin:end])[0].split()).find(" ".join(fold(query)[0].split())) >= 0
        )


# --- import toc from the web, through a server on 127.0.0.1 ----------------------------

CONTENTS_PAGE = (Path(__file__).parent / "fixtures" / "contents" / "index-table.htm").read_bytes()


def _page(**headers: str) -> Reply:
    return Reply(200, CONTENTS_PAGE, {"Content-Type": "text/html; charset=iso-8859-1", **headers})


@pytest.fixture
def web(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A private page cache and a short timeout, so a test of a slow page is quick."""
    monkeypatch.setenv("STUDYGROUP_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("STUDYGROUP_TIMEOUT", "0.5")
    return tmp_path / "library"


def test_import_toc_from_its_address(run, web: Path) -> None:  # type: ignore[no-untyped-def]
    answers = iter([Reply(500, b"busy"), _page(**{"Cache-Control": "max-age=600"})])
    routes = {
        "/archive/ivanova/1917/commune/index.htm": lambda request: next(answers),
        "/old/index.htm": Reply(301, b"", {"Location": "/archive/ivanova/1917/commune/index.htm"}),
    }
    with Server(routes) as server:
        address = server.url("/old/index.htm")
        result = run("--library", str(web), "import", "toc", address)
        assert result.exit_code == 0, result.stderr
        assert result.stdout.startswith(
            "The Commune and the State, Nadia Ivanova → the-commune-and"
        )
        # Links resolve against where the page really is, after the redirect and the retry.
        book = run(
            "--library", str(web), "outline", "--book", "the-commune-and-the-state", "-f", "json"
        )
        assert book.json()["parts"][1]["url"] == server.url(
            "/archive/ivanova/1917/commune/ch01.htm"
        )
        hits = server.hits("/archive/ivanova/1917/commune/index.htm")
        # Again, from the cache: no request at all while the page is fresh.
        again = run("--library", str(web), "import", "toc", address, "--force", "--slug", "again")
        assert again.exit_code == 0, again.stderr
        assert server.hits("/archive/ivanova/1917/commune/index.htm") == hits
    # Offline, the cache alone; a page never fetched is one clear line.
    offline = run("--library", str(web), "import", "toc", address, "--offline", "--slug", "offline")
    assert offline.exit_code == 0, offline.stderr
    never = run("--library", str(web), "import", "toc", address.replace("old", "new"), "--offline")
    assert never.exit_code == EXIT_ERROR and "not in the cache" in never.stderr


@pytest.mark.parametrize(
    ("route", "message"),
    [
        (Reply(404, b"gone"), "not found (HTTP 404)"),
        (Reply(200, b"%PDF-1.4 ...", {"Content-Type": "application/pdf"}), "not a web page"),
        (
            Reply(200, b"<html></html>", {"Content-Type": "text/html"}, delay=1.2),
            "no answer within",
        ),
    ],
)
def test_import_toc_from_an_address_that_cannot_be_had(
    run, web: Path, route: Reply, message: str
) -> None:  # type: ignore[no-untyped-def]
    with Server({"/index.htm": route}) as server:
        result = run("--library", str(web), "import", "toc", server.url("/index.htm"))
    assert result.exit_code == EXIT_ERROR
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert not web.exists() or not any(web.rglob("book.toml"))


def test_a_saved_page_needs_to_say_where_it_came_from(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    saved = tmp_path / "index.htm"
    saved.write_bytes(CONTENTS_PAGE)
    root = tmp_path / "library"
    asked = run("--library", str(root), "import", "toc", str(saved))
    assert asked.exit_code == EXIT_USAGE and "--url" in asked.stderr
    given = run(
        "--library",
        str(root),
        "import",
        "toc",
        str(saved),
        "--url",
        "https://www.marxists.org/archive/ivanova/1917/commune/index.htm",
    )
    assert given.exit_code == 0, given.stderr
    # A browser's own note of where it saved the page from is enough.
    marked = tmp_path / "saved.html"
    marked.write_bytes(
        b"<!-- saved from url=(0062)https://www.marxists.org/archive/ivanova/1917/commune/index.htm -->\n"
        + CONTENTS_PAGE
    )
    noted = run("--library", str(root), "import", "toc", str(marked), "--slug", "noted")
    assert noted.exit_code == 0, noted.stderr
    outline = run("--library", str(root), "outline", "--book", "noted", "-f", "json").json()
    assert (
        outline["parts"][1]["url"]
        == "https://www.marxists.org/archive/ivanova/1917/commune/ch01.htm"
    )


def test_nothing_is_written_or_made_through_a_link_out_of_the_library(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path / "outside"
    outside.mkdir()
    library = tmp_path / "lib"
    library.mkdir()
    (library / "revolution-betrayed").symlink_to(outside)
    result = run("--library", str(library), "new", "7")
    assert result.exit_code == 1 and "a link leads out of the library" in result.stderr
    assert list(outside.iterdir()) == []  # not even the sessions folder


def test_a_library_file_that_is_not_a_regular_file_is_one_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import os

    sessions = tmp_path / "lib" / "revolution-betrayed" / "sessions"
    sessions.mkdir(parents=True)
    os.mkfifo(sessions / "7.toml")  # opening it to read would wait for ever
    checked = run("--library", str(tmp_path / "lib"), "validate")
    assert checked.exit_code == 1
    assert "7.toml:1: not a regular file" in checked.stdout
    (sessions / "7.toml").unlink()
    (sessions / "7.toml").symlink_to("/dev/zero")  # endless: read at most a bound
    checked = run("--library", str(tmp_path / "lib"), "validate")
    assert checked.exit_code == 1 and "7.toml:1: not a regular file" in checked.stdout
    (sessions / "7.toml").unlink()
    (sessions / "7.toml").mkdir()  # a folder with a session's name: `session 7` refuses it
    (tmp_path / "lib" / "mine" / "book.toml").mkdir(parents=True)
    checked = run("--library", str(tmp_path / "lib"), "validate")
    assert checked.exit_code == 1
    assert "7.toml:1: is a folder, not a file" in checked.stdout
    assert "mine/book.toml:1: is a folder, not a file" in checked.stdout


def test_validate_says_which_folder_it_cannot_read(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import errno
    import os

    sessions = tmp_path / "lib" / "revolution-betrayed" / "sessions"
    sessions.mkdir(parents=True)
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        # The folder's permissions taken away (chmod 000 binds every user but root).
        if Path(os.fsdecode(path)) == sessions:  # type: ignore[arg-type]
            raise PermissionError(errno.EACCES, "Permission denied", str(sessions))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    checked = run("--library", str(tmp_path / "lib"), "validate")
    assert checked.exit_code == 1
    assert f"{sessions}:1: cannot read: Permission denied" in checked.stdout


def test_validate_follows_a_linked_folder_once(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shared = tmp_path / "shared" / "revolution-betrayed" / "sessions"
    shared.mkdir(parents=True)
    (shared / "7.toml").write_text('book = "revolution-betrayed"\npart = "7"\ncolour = 1\n')
    library = tmp_path / "lib"
    library.mkdir()
    (library / "revolution-betrayed").symlink_to(shared.parent)
    (shared / "loop").symlink_to(library)  # a cycle: each folder is read once
    checked = run("--library", str(library), "validate")
    assert checked.exit_code == 1 and checked.stdout.count("colour: unknown key") == 1


_TOML_PIECES = [
    'a = "x"\n',
    "b = [1,\n 2]\n",
    'c = {d = "e", f = [1, {g = 2}]}\n',
    "[[points]]\n",
    'text = """\nsection = 1\n"""\n',
    "text = '''\n[t]\n'''\n",
    "# comment = 1\n",
    "section = 3 # note\n",
    "[source]\n",
    '"q.k" = 1\n',
    "[t.u]\n",
    "x = [\n  {y = 1},\n]\n",
    'h = "a\\"b # not a comment"\n',
    "]\n",
    "{\n",
    '"""\n',
]


@given(
    st.lists(st.sampled_from(_TOML_PIECES), max_size=12),
    st.lists(
        st.one_of(
            st.sampled_from(["points", "text", "section", "c", "f", "g", "x", "y"]),
            st.integers(0, 3),
        ),
        max_size=5,
    ),
)
@settings(max_examples=300, deadline=None)
def test_placing_a_problem_never_fails_on_any_text(pieces: list[str], loc: list[object]) -> None:
    from studygroup.library.checks import line_of

    text = "".join(pieces)
    line = line_of(text, tuple(loc))  # type: ignore[arg-type]
    assert 1 <= line <= max(1, text.count("\n") + 1)
