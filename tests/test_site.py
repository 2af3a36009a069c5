"""`studygroup site`: the group's website, as files and in a real browser.

One season is planned and its site built once for the module (with the build date
fixed by SOURCE_DATE_EPOCH); the browser tests open it in Debian's Chromium from a
plain static server, at phone and desktop widths, follow every link and search it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from browser import CHROMIUM, Browser, Load, StaticServer, Tab, read_png
from conftest import REPO
from readers import read_html, read_pdf, squash
from studygroup.cli import main
from studygroup.errors import EXIT_ERROR, EXIT_USAGE

PLAN = [
    "plan",
    "--name",
    "Tuesday group",
    "--place",
    "Marx Memorial Library",
    "--tz",
    "Europe/London",
    "--start",
    "2026-10-13",
    "--every",
    "1w",
    "--time",
    "19:00",
    "--join",
    "intro+I",
    "--skip",
    "2026-12-22",
    "--facilitator",
    "6=Ana",
]
# Built on Wednesday 11 November 2026: meeting 6 (Tuesday 17 November) is next.
BUILT = dt.datetime(2026, 11, 11, 12, 0, tzinfo=dt.UTC)
BASE_URL = "https://example.org/tuesday-group/"
SCREENSHOTS = os.environ.get("STUDYGROUP_SCREENSHOTS")  # a folder to keep them in


@dataclass
class Built:
    home: Path  # the group's folder: studygroup.toml, and the site in it
    site: Path


def _group_env(monkeypatch: pytest.MonkeyPatch, home: Path, data: Path) -> None:
    monkeypatch.chdir(home)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(BUILT.timestamp())))
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "STUDYGROUP_LIBRARY", "CLICOLOR_FORCE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    home = tmp_path_factory.mktemp("group")
    data = tmp_path_factory.mktemp("xdg")
    with pytest.MonkeyPatch.context() as patch:
        _group_env(patch, home, data)
        assert main(PLAN) == 0
        assert main(["site", "-o", "site", "--base-url", BASE_URL]) == 0
    yield Built(home, home / "site")


@pytest.fixture
def group(built: Built, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Built:
    """The module's group folder as the current folder, for a test that runs commands."""
    _group_env(monkeypatch, built.home, tmp_path / "xdg")
    return built


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


class _Links(HTMLParser):
    """Every address a page names, by tag and attribute, and every id it has."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "action", "data-bundle") and value is not None:
                self.links.append((tag, name, value))
            if name == "id" and value:
                self.ids.add(value)


def links_of(text: str) -> _Links:
    parser = _Links()
    parser.feed(text)
    parser.close()
    return parser


def html_pages(site: Path) -> list[str]:
    return sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if path.relative_to(site).parts[0] != "pagefind"
    )


# --- The files --------------------------------------------------------------------


def test_the_site_has_every_page_and_file(built: Built) -> None:
    site = built.site
    meetings = [f"meetings/{n}.html" for n in range(1, 14)]
    catch_ups = [f"meetings/{n}-catch-up.html" for n in range(2, 14)]
    expected = [
        "glossary.html",
        "index.html",
        "outline.html",
        "search.html",
        *catch_ups,
        *meetings,
    ]
    assert html_pages(site) == sorted(expected)
    parts = ["intro", *map(str, range(1, 12)), "appendix", "postscript"]
    for key in parts:
        data = (site / "handouts" / f"revolution-betrayed-{key}.pdf").read_bytes()
        assert data.startswith(b"%PDF-"), key
    assert (site / "tuesday-group.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    for asset in ("handout.css", "site.css", "site.js", "icon.svg"):
        assert (site / "assets" / asset).is_file()
    assert (site / "pagefind" / "pagefind-ui.js").is_file()
    assert "studygroup site" in (site / ".studygroup-site").read_text(encoding="utf-8")
    # Nothing is left beside the site from building it.
    assert sorted(p.name for p in built.home.iterdir()) == ["site", "studygroup.toml"]


def test_home_page_shows_the_book_the_group_and_the_season(built: Built) -> None:
    home = page(built.site, "index.html")
    text, _, hrefs = read_html(home)
    assert "Tuesday group" in text and "Marx Memorial Library" in text
    assert "Europe/London" in text and "every week, 90 minutes" in text
    assert "The Revolution Betrayed" in text and "translated by Max Eastman" in text
    # The next meeting, picked by the date of the build (SOURCE_DATE_EPOCH).
    assert "Built on Wed 11 Nov 2026" in text
    next_box = home.split('class="next-meeting"')[1].split("</section>")[0]
    assert "Meeting 6: Tue 17 Nov 2026, 19:00–20:30 GMT" in next_box
    assert "Chapter VI: THE GROWTH OF INEQUALITY AND SOCIAL ANTAGONISMS" in next_box
    assert "Facilitator: Ana" in next_box
    assert 'href="meetings/6.html"' in next_box and 'href="meetings/6-catch-up.html"' in next_box
    rows = re.findall(r'<tr class="(past|next|later)">(.*?)</tr>', home, flags=re.S)
    assert [status for status, _ in rows] == ["past"] * 5 + ["next"] + ["later"] * 7
    first = read_html(rows[0][1])[0]
    assert "Tue 13 Oct 2026, 19:00–20:30 BST" in first
    assert "INTRODUCTION: The Purpose of the Present Work" in first
    assert "Chapter I: WHAT HAS BEEN ACHIEVED" in first
    sixth = read_html(rows[5][1])[0]
    assert "Ana" in sixth and "✎ ready" in sixth
    assert "https://www.marxists.org/archive/trotsky/1936/revbet/ch06.htm" in hrefs
    # The calendar, beside the page, and its address for subscribing.
    assert 'href="tuesday-group.ics"' in home
    assert f'href="{BASE_URL}tuesday-group.ics"' in home
    assert f'<link rel="canonical" href="{BASE_URL}">' in home


def test_a_meeting_page_is_the_handout_as_printed(group: Built, run) -> None:  # type: ignore[no-untyped-def]
    from studygroup.render.site import handout_parts

    printed = run("handout", "6", "--format", "html").stdout
    header, body = handout_parts(printed)
    meeting = page(group.site, "meetings/6.html")
    assert header in meeting and body in meeting
    assert "Meeting 6 of Tuesday group: Tue 17 Nov 2026" in meeting
    assert 'href="../handouts/revolution-betrayed-6.pdf"' in meeting
    assert 'href="6-catch-up.html"' not in meeting  # links go from the root
    assert 'href="../meetings/6-catch-up.html"' in meeting
    assert 'rel="prev"' in meeting and 'rel="next"' in meeting
    assert f'<link rel="canonical" href="{BASE_URL}meetings/6.html">' in meeting
    # The participant's copy: no lead-ins, agenda or private notes.
    assert "Facilitator’s notes" not in meeting and "lead-in" not in meeting
    # The PDF beside it is the same handout.
    pdf = (group.site / "handouts" / "revolution-betrayed-6.pdf").read_bytes()
    assert "Meeting 6 of Tuesday group" in squash(read_pdf(pdf))


def test_a_joined_meeting_carries_both_handouts_with_their_own_anchors(built: Built) -> None:
    first = page(built.site, "meetings/1.html")
    assert first.count('<article class="handout">') == 2
    assert 'href="../handouts/revolution-betrayed-intro.pdf"' in first
    assert 'href="../handouts/revolution-betrayed-1.pdf"' in first
    ids = re.findall(r' id="([^"]+)"', first)
    assert len(ids) == len(set(ids))
    assert "Catch-up" not in first  # nothing to catch up on before the first meeting


def test_catch_up_pages_are_the_catch_up_sheets(group: Built, run) -> None:  # type: ignore[no-untyped-def]
    from studygroup.render.site import handout_parts

    printed = run("handout", "7", "--catch-up", "--format", "html").stdout
    header, body = handout_parts(printed)
    sheet = page(group.site, "meetings/7-catch-up.html")
    assert header in sheet and body in sheet
    assert 'href="../meetings/7.html"' in sheet
    # Not in the search index: the meeting pages carry the same passages.
    assert "data-pagefind-body" not in sheet


def test_glossary_gathers_every_session_and_links_the_meeting(built: Built) -> None:
    glossary = page(built.site, "glossary.html")
    text, _, _ = read_html(glossary)
    assert "Labour aristocracy" in text and "Collective farm (kolkhoz)" in text
    assert 'href="meetings/6.html">Chapter VI (Meeting 6)</a>' in glossary
    letters = re.findall(r'<h2 id="letter-\d+">(.)</h2>', glossary)
    assert letters == sorted(letters) and len(letters) >= 5


def test_outline_links_the_archive_and_the_meetings(built: Built) -> None:
    outline = page(built.site, "outline.html")
    _, _, hrefs = read_html(outline)
    assert "https://www.marxists.org/archive/trotsky/1936/revbet/ch06.htm#ch06-1" in hrefs or any(
        href.startswith("https://www.marxists.org/archive/trotsky/1936/revbet/ch06.htm#")
        for href in hrefs
    )
    assert 'href="meetings/6.html">Meeting 6: the handout</a>' in outline
    assert "SOCIAL RELATIONS IN THE SOCIAL UNION" in outline  # the correction, said


def test_every_link_in_the_folder_resolves_as_files(built: Built) -> None:
    """What file:// needs: every link inside the site names a file that is there (never
    a folder), and every #anchor an id on that page; nothing is loaded from elsewhere."""
    site = built.site
    for path in html_pages(site):
        found = links_of(page(site, path))
        for tag, attribute, value in found.links:
            where = f"{path}: <{tag} {attribute}={value!r}>"
            parsed = urllib.parse.urlsplit(value)
            if parsed.scheme or value.startswith("//"):
                # Only links may lead elsewhere (and the canonical address), never
                # anything a page loads.
                canonical = tag == "link" and value.startswith(BASE_URL)
                assert tag == "a" or canonical, where
                assert parsed.scheme in ("http", "https"), where
                assert value.startswith(BASE_URL) or parsed.netloc == "www.marxists.org", where
                continue
            if not parsed.path:  # an anchor on the page itself
                assert parsed.fragment in found.ids, where
                continue
            target = (site / path).parent / urllib.parse.unquote(parsed.path)
            target = target.resolve()
            assert target.is_relative_to(site.resolve()), where
            if attribute == "data-bundle":
                assert (target / "pagefind-ui.js").is_file(), where
                continue
            assert target.is_file(), where
            if parsed.fragment:
                assert parsed.fragment in links_of(target.read_text(encoding="utf-8")).ids, where


def test_every_string_from_data_is_escaped(run, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    library = tmp_path / "library" / "revolution-betrayed" / "sessions"
    library.mkdir(parents=True)
    (library / "7.toml").write_text(
        'book = "revolution-betrayed"\npart = "7"\n\n'
        "[[glossary]]\n"
        'term = "<script>alert(1)</script>"\nkind = "term"\n'
        'definition = "A & B <img src=x onerror=alert(2)> \\"quoted\\""\n\n'
        "[[further_reading]]\n"
        'title = "Bad link"\nurl = "javascript:alert(3)"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STUDYGROUP_LIBRARY", str(tmp_path / "library"))
    planned = run(
        "plan",
        "--name",
        "<b>Group</b> & co",
        "--place",
        '"><script>alert(4)</script>',
        "--tz",
        "UTC",
        "--start",
        "2026-10-13",
        "--facilitator",
        "7=<i>Eve</i>",
    )
    assert planned.exit_code == 0, planned.stderr
    result = run("site", "-o", "site")
    assert result.exit_code == 0, result.stderr
    for path in html_pages(tmp_path / "site"):
        text = page(tmp_path / "site", path)
        assert "<script>alert" not in text and "<img src=x" not in text, path
        assert "<b>Group" not in text and "<i>Eve" not in text, path
        assert "javascript:" not in text, path
    home = page(tmp_path / "site", "index.html")
    assert "&lt;b&gt;Group&lt;/b&gt; &amp; co" in home and "&lt;i&gt;Eve&lt;/i&gt;" in home
    glossary = page(tmp_path / "site", "glossary.html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in glossary
    assert "A &amp; B &lt;img src=x onerror=alert(2)&gt;" in glossary


def test_a_rebuild_replaces_the_site_whole(run, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    assert run(*PLAN).exit_code == 0
    assert run("site", "-o", "public").exit_code == 0
    (tmp_path / "public" / "stale.html").write_text("old", encoding="utf-8")
    result = run("site", "-o", "public")  # ours (the marker says so): no --force needed
    assert result.exit_code == 0, result.stderr
    assert not (tmp_path / "public" / "stale.html").exists()
    assert (tmp_path / "public" / "index.html").is_file()
    assert result.stderr.startswith("studygroup: wrote public: 13 meetings, 29 pages,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public", "studygroup.toml"]
    # A folder named in another encoding than UTF-8: Pagefind indexes it all the same.
    other = os.fsdecode(b"s\xe9ance")
    again = run("site", "-o", other)
    assert again.exit_code == 0, again.stderr
    assert (tmp_path / other / "pagefind" / "pagefind-ui.js").is_file()


def test_a_failed_build_leaves_the_old_site(run, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from studygroup.commands import publishing

    monkeypatch.chdir(tmp_path)
    assert run(*PLAN).exit_code == 0
    assert run("site", "-o", "public").exit_code == 0
    before = sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "public").rglob("*"))

    def broken(folder: Path) -> None:
        raise publishing.StudygroupError("the search index could not be made: disk on fire")

    monkeypatch.setattr(publishing, "_index", broken)
    result = run("site", "-o", "public")
    assert result.exit_code == EXIT_ERROR
    assert result.stderr == "studygroup: error: the search index could not be made: disk on fire\n"
    after = sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "public").rglob("*"))
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public", "studygroup.toml"]


def test_a_folder_it_did_not_write_is_refused_without_force(
    run, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    assert run(*PLAN).exit_code == 0
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.txt").write_text("mine", encoding="utf-8")
    refused = run("site", "-o", "docs")
    assert refused.exit_code == EXIT_ERROR
    assert refused.stderr == (
        "studygroup: error: docs: is not empty and holds no site written by studygroup; "
        "use --force to replace what is in it\n"
    )
    assert (tmp_path / "docs" / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert run("site", "-o", "docs", "--force").exit_code == 0
    assert not (tmp_path / "docs" / "notes.txt").exists()
    # An empty folder needs no --force.
    (tmp_path / "empty").mkdir()
    assert run("site", "-o", "empty").exit_code == 0


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["-o", "."], EXIT_ERROR, ".: is the folder this command runs in (or holds it)"),
        (["-o", "studygroup.toml"], EXIT_ERROR, "studygroup.toml: is not a folder"),
        (["-o", "no/such/site"], EXIT_ERROR, "the folder"),
        (["-o", "s", "--base-url", "ftp://x.org/"], EXIT_USAGE, "--base-url: 'ftp://x.org/'"),
        (["-o", "s", "--base-url", "javascript:alert(1)"], EXIT_USAGE, "is not a web address"),
        (["-o", "s", "--programme", "nowhere.toml"], EXIT_ERROR, "nowhere.toml: no programme"),
        ([], EXIT_USAGE, "Missing option '--output'"),
    ],
)
def test_mistakes_get_one_line(
    run, tmp_path: Path, monkeypatch, args: list[str], code: int, message: str
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    assert run(*PLAN).exit_code == 0
    result = run("site", *args)
    assert result.exit_code == code
    assert result.stderr.startswith("studygroup: error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["studygroup.toml"]


def test_without_a_programme_it_says_how_to_make_one(run, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    result = run("site", "-o", "site")
    assert result.exit_code == EXIT_ERROR
    assert "no programme here" in result.stderr and "studygroup plan" in result.stderr
    assert not (tmp_path / "site").exists()


def test_help_has_an_example(run) -> None:  # type: ignore[no-untyped-def]
    result = run("site", "--help")
    assert result.exit_code == 0
    assert "Example: studygroup site -o site" in result.stdout


# --- In a real browser ---------------------------------------------------------------

PHONE = (390, 844)
DESKTOP = (1280, 900)


@pytest.fixture(scope="module")
def served(built: Built) -> Iterator[StaticServer]:
    with StaticServer(built.site) as server:
        yield server


@pytest.fixture(scope="module")
def tab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tab]:
    assert CHROMIUM, (
        "Chromium is needed for the browser tests: the README's test command installs it"
    )
    with Browser(tmp_path_factory.mktemp("chromium") / "profile") as browser:
        browser.tab.viewport(*DESKTOP, mobile=False)
        yield browser.tab


def clean(load: Load, origin: str) -> None:
    assert not load.problems(), (load.url, load.problems())
    elsewhere = [
        url for url in load.requested if not url.startswith((origin, "data:", "file:", "blob:"))
    ]
    assert not elsewhere, (load.url, elsewhere)


# Checks a reader with a screen reader or poor sight relies on, run in the page:
# landmarks, a title, headings in order, link text that says where it goes, labelled
# fields, and text colours against their background (WCAG AA: 4.5:1, 3:1 when large).
ACCESSIBILITY = r"""
(() => {
  const problems = [];
  const lang = document.documentElement.lang;
  if (!lang) problems.push("no lang");
  if (!document.title.trim()) problems.push("no title");
  if (document.querySelectorAll("main").length !== 1) problems.push("not one main");
  if (document.querySelectorAll("body > header, body > footer").length !== 2) problems.push("banner/contentinfo");
  if (!document.querySelector("nav[aria-label]")) problems.push("no labelled nav");
  const headings = [...document.querySelectorAll("h1,h2,h3,h4,h5,h6")].map(h => +h.tagName[1]);
  if (headings[0] !== 1) problems.push("first heading is h" + headings[0]);
  headings.forEach((level, i) => { if (i && level > headings[i - 1] + 1) problems.push(`h${headings[i-1]} then h${level}`); });
  const vague = /^(click here|here|more|read more|link|this)$/i;
  for (const a of document.querySelectorAll("a[href]")) {
    const text = (a.innerText || a.textContent || a.getAttribute("aria-label") || "").trim();
    if (!text) problems.push("empty link " + a.getAttribute("href"));
    else if (vague.test(text)) problems.push("vague link " + text);
  }
  for (const img of document.querySelectorAll("img:not([alt])")) problems.push("img without alt");
  for (const input of document.querySelectorAll("input:not([type=hidden])")) {
    // A title is an accessible name too (Pagefind's box has one).
    const labelled = input.labels && input.labels.length || input.getAttribute("aria-label") || input.title;
    if (!labelled) problems.push("unlabelled input " + (input.id || input.name));
  }
  const rgb = c => (c.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = el => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || seen.has(el)) continue;
    seen.add(el);
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (style.visibility === "hidden" || box.width < 2 || box.height < 2) continue;
    const fg = rgb(style.color), bg = background(el);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize), bold = +style.fontWeight >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    if (ratio < (large ? 3 : 4.5)) problems.push(`contrast ${ratio.toFixed(2)} "${el.textContent.trim().slice(0, 30)}"`);
  }
  return problems;
})()
"""


def internal(url: str, origin: str) -> bool:
    return url.startswith(origin + "/")


def test_every_page_loads_cleanly_and_every_link_resolves(
    tab: Tab, served: StaticServer, built: Built
) -> None:
    """From the home page, every page the site links to is opened: no console error, no
    failed request, nothing from another host, the accessibility checks pass; every
    other file it links to is served, and every #anchor is on its page."""
    origin = served.origin
    queue = [served.url("index.html")]
    opened: set[str] = set()
    files: set[str] = set()
    ids: dict[str, set[str]] = {}
    anchors: list[tuple[str, str, str]] = []
    while queue:
        url = queue.pop(0)
        if url in opened:
            continue
        opened.add(url)
        load = tab.open(url)
        clean(load, origin)
        problems = tab.evaluate(ACCESSIBILITY)
        assert not problems, (url, problems)
        ids[url] = set(tab.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)"))
        addresses = tab.evaluate(
            "[...document.querySelectorAll('a[href], link[href], script[src]')]"
            ".map(e => e.href || e.src)"
        )
        for address in addresses:
            if not internal(address, origin):
                assert address.startswith(("https://www.marxists.org/", BASE_URL)), (url, address)
                continue
            where, _, fragment = address.partition("#")
            if fragment:
                anchors.append((url, where, fragment))
            if where.endswith(".html"):
                queue.append(where)
            else:
                files.add(where)
    for address in sorted(files):
        with urllib.request.urlopen(address, timeout=10) as reply:
            assert reply.status == 200 and reply.read(), address
    for source, where, fragment in anchors:
        assert fragment in ids[where], (source, where, fragment)
    reached = {url.removeprefix(origin + "/") for url in opened}
    assert reached == set(html_pages(built.site))
    assert {f.removeprefix(origin + "/") for f in files} >= {
        "tuesday-group.ics",
        "handouts/revolution-betrayed-6.pdf",
        "assets/site.css",
        "assets/handout.css",
    }


def quotation_word(site: Path, run) -> str:  # type: ignore[no-untyped-def]
    """A word of chapter VI's quotations that no other page of the search index holds."""
    quotations = run("session", "6", "--format", "json").json()["quotations"]
    words = {
        word.lower()
        for quotation in quotations
        for paragraph in quotation["paragraphs"]
        for word in re.findall(r"[A-Za-z]{9,}", paragraph)
    }
    for path in html_pages(site):
        text = page(site, path)
        if path != "meetings/6.html" and "data-pagefind-body" in text:
            words -= {word.lower() for word in re.findall(r"[A-Za-z]{9,}", read_html(text)[0])}
    assert words
    return sorted(words)[0]


def test_search_finds_a_word_of_a_quotation_and_opens_its_meeting(  # type: ignore[no-untyped-def]
    tab: Tab, served: StaticServer, built: Built, group: Built, run
) -> None:
    word = quotation_word(built.site, run)
    clean(tab.open(served.url("index.html")), served.origin)
    typed = (
        f"(() => {{ const box = document.getElementById('site-search'); box.value = {json.dumps(word)};"
        " box.form.requestSubmit(); })()"
    )
    load = tab.follow(typed)
    assert load.url == served.url(f"search.html?q={word}")
    first = tab.poll(
        "(() => { const a = document.querySelector('.pagefind-ui__result-link');"
        " return a && a.getAttribute('href'); })()"
    )
    assert first.endswith("/meetings/6.html"), first
    results = tab.evaluate("document.querySelector('.pagefind-ui__results').innerText")
    assert word in results.lower()
    clean(tab.load, served.origin)
    opened = tab.follow("document.querySelector('.pagefind-ui__result-link').click()")
    assert opened.url.split("?")[0].split("#")[0] == served.url("meetings/6.html")
    clean(opened, served.origin)
    assert word in tab.evaluate("document.body.innerText").lower()


def _shots(tab: Tab, name: str, width: int, height: int, *, mobile: bool, folder: Path) -> bytes:
    tab.viewport(width, height, mobile=mobile)
    tab.evaluate("window.scrollTo(0, 0)")
    data = tab.screenshot()
    (folder / f"{name}-{width}.png").write_bytes(data)
    return data


@pytest.mark.parametrize(("width", "height", "mobile"), [(*PHONE, True), (*DESKTOP, False)])
@pytest.mark.parametrize("path", ["index.html", "meetings/6.html"])
def test_screenshots_have_content_where_it_should_be(
    tab: Tab, served: StaticServer, tmp_path: Path, path: str, width: int, height: int, mobile: bool
) -> None:
    folder = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    tab.viewport(width, height, mobile=mobile)
    clean(tab.open(served.url(path)), served.origin)
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    boxes = tab.evaluate(
        "(() => { const r = e => { const b = e.getBoundingClientRect();"
        " return [Math.round(b.left), Math.round(b.top), Math.round(b.right), Math.round(b.bottom)]; };"
        " return { h1: r(document.querySelector('h1')), main: r(document.querySelector('main')),"
        " name: r(document.querySelector('.site-name')) }; })()"
    )
    name = path.replace("/", "-").removesuffix(".html")
    image = read_png(_shots(tab, name, width, height, mobile=mobile, folder=folder))
    assert (image.width, image.height) == (width, height)
    paper = image.pixel(1, height - 2)
    assert paper == (0xFF, 0xFD, 0xF9)  # the handout's paper colour
    for box in ("name", "h1"):
        left, top, right, bottom = boxes[box]
        assert 0 <= left < right <= width and bottom > top, (box, boxes[box])
        if bottom <= height:
            assert image.inked(left, top, right, bottom, paper) > 0.02, (box, boxes[box])
    main_left, _, main_right, _ = boxes["main"]
    assert main_right - main_left >= min(width - 40, 600)
    if not mobile:
        # The text stands in a centred column: both margins are empty paper.
        assert image.inked(0, 0, main_left - 4, height, paper) == 0
        assert image.inked(main_right + 4, 0, width, height, paper) == 0
        assert abs(main_left - (width - main_right)) <= 2
    else:
        assert main_left <= 24 and width - main_right <= 24


def test_the_home_page_on_a_phone_shows_each_meeting_as_a_card(
    tab: Tab, served: StaticServer
) -> None:
    tab.viewport(*PHONE, mobile=True)
    clean(tab.open(served.url("index.html")), served.origin)
    widths = tab.evaluate(
        "[...document.querySelectorAll('.season-table tbody tr')].map(r => r.getBoundingClientRect().width)"
    )
    assert len(widths) == 13 and all(w <= PHONE[0] for w in widths)
    assert (
        tab.evaluate("getComputedStyle(document.querySelector('.season-table thead')).position")
        == "absolute"
    )
    tab.viewport(*DESKTOP, mobile=False)


def test_a_meeting_page_prints_as_the_handout(tab: Tab, served: StaticServer, run) -> None:  # type: ignore[no-untyped-def]
    tab.viewport(*DESKTOP, mobile=False)
    clean(tab.open(served.url("meetings/6.html")), served.origin)
    from readers import pdf_pages

    data = tab.pdf()
    assert 4 <= pdf_pages(data) <= 16
    text = squash(read_pdf(data))
    assert "Chapter VI: THE GROWTH OF INEQUALITY" in text
    assert "Outline of the book" not in text and "Search the site" not in text  # no site chrome
    first = run("session", "6", "--format", "json").json()["quotations"][0]["paragraphs"][0]
    assert squash(first)[:80] in text


def test_from_a_file_everything_but_search_works(tab: Tab, built: Built) -> None:
    for path in ("index.html", "meetings/6.html", "glossary.html", "outline.html", "search.html"):
        load = tab.open((built.site / path).as_uri())
        assert not load.problems(), (path, load.problems())
        assert all(url.startswith(("file:", "data:")) for url in load.requested), load.requested
    assert tab.evaluate("document.getElementById('search-offline').hidden") is False
    # A link between pages names a file, so it opens from the disk too.
    moved = tab.follow("document.querySelector('a[href=\"glossary.html\"]').click()")
    assert moved.url == (built.site / "glossary.html").as_uri()


def test_readme_documents_the_site(run) -> None:  # type: ignore[no-untyped-def]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The group's website", 1)[1].split("\n## ", 1)[0]
    assert "$ studygroup site -o docs --base-url https://" in section
    assert "GitHub Pages" in section


@pytest.mark.parametrize(
    ("today", "statuses", "next_number"),
    [
        (dt.date(2026, 10, 1), ["next"] + ["later"] * 12, 1),  # before the season: the first
        (dt.date(2026, 10, 13), ["next"] + ["later"] * 12, 1),  # on the day, still next
        (dt.date(2026, 10, 14), ["past"] + ["next"] + ["later"] * 11, 2),
        (dt.date(2027, 2, 1), ["past"] * 13, None),  # the season is over
    ],
)
def test_the_next_meeting_is_picked_by_the_day_of_the_build(
    group: Built, today: dt.date, statuses: list[str], next_number: int | None
) -> None:
    from studygroup.commands.season import load
    from studygroup.library.store import Library
    from studygroup.views.site import site

    shelf = Library.open()
    plan, book = load(group.home / "studygroup.toml", shelf)
    view = site(shelf, plan, book, today=today, base_url=None, calendar="season.ics")
    assert [row.status for row in view.home.rows] == statuses
    assert (view.home.next.number if view.home.next else None) == next_number
    assert view.home.calendar_url is None


@pytest.mark.parametrize(
    ("every", "minutes", "said"),
    [
        ("1w", 90, "every week, 90 minutes"),
        ("2w", 120, "every 2 weeks, 2 hours"),
        ("10d", 60, "every 10 days, 1 hour"),
    ],
)
def test_cadence_in_words(every: str, minutes: int, said: str) -> None:
    from studygroup.views.site import cadence

    assert cadence(every, minutes) == said


def test_the_season_over_is_said_on_the_home_page(run, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    assert run(*PLAN).exit_code == 0
    monkeypatch.setenv(
        "SOURCE_DATE_EPOCH", str(int(dt.datetime(2027, 6, 1, tzinfo=dt.UTC).timestamp()))
    )
    programme = tmp_path / "group.toml"
    (tmp_path / "studygroup.toml").rename(programme)
    result = run("site", "-o", "site", "--programme", str(programme))
    assert result.exit_code == 0, result.stderr
    home = page(tmp_path / "site", "index.html")
    assert "The season is over" in home and 'class="next-meeting"' not in home
    assert "Built on Tue 1 Jun 2027" in home
