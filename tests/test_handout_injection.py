"""No text in a notes file can inject markup into any handout format (property tests)."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from readers import read_html, read_markdown, read_pdf, squash
from studygroup.domain.session import Session
from studygroup.library.store import Library
from studygroup.render import html, markdown, pdf, text
from studygroup.safety import without_controls
from studygroup.views import meeting as views

NASTY = [
    "<script>alert('x')</script>",
    "<b>bold</b>",
    '#import "evil.typ": *',
    "#set page(fill: red)",
    "$x^2$",
    "@label",
    "[bold]rich[/bold]",
    "`code`",
    "```",
    "*star*",
    "**strong**",
    "_under_",
    "| a | b |",
    "12. numbered",
    "1) numbered",
    "- dash",
    "> quote",
    "# hash",
    "&amp; &lt;",
    "\\backslash\\",
    "{{ jinja }}",
    "{% raw %}",
    "</style><script>",
    "\"straight\" and 'single'",
    "~~strike~~",
    "[link](javascript:alert(1))",
    "<https://example.org>",
    "a\x1b[31mred",
    "nul\x00here",
    "bidi\u202eevil",
]
# Letters the PDF's fonts carry (Latin, Greek, Cyrillic), digits and punctuation.
LETTERS = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "S", "Zs"),
    max_codepoint=0x4FF,
) | st.sampled_from("“”‘’–—…«»")
WORDS = st.text(LETTERS, min_size=1, max_size=10)
TEXTS = (
    st.lists(st.sampled_from(NASTY) | WORDS, min_size=1, max_size=4)
    .map(" ".join)
    .filter(lambda t: without_controls(t).strip() != "")
)

BOOK = Library.open().book()
PART = BOOK.part("7")
MARKDOWN_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "ul",
    "ol",
    "li",
    "em",
    "strong",
    "a",
    "blockquote",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
HTML_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "main",
    "section",
    "p",
    "h1",
    "h2",
    "h3",
    "ul",
    "ol",
    "li",
    "em",
    "cite",
    "a",
    "figure",
    "figcaption",
    "blockquote",
    "span",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "th",
    "td",
    "br",
}


def handout_with(value: str) -> views.HandoutView:
    """A facilitator's handout (everything shown) with `value` in every field it can be."""
    session = Session.model_validate(
        {
            "book": BOOK.slug,
            "part": "7",
            "source": {"title": value, "event": value, "closing": value},
            "points": [{"text": value, "section": 1}],
            "quotations": [{"paragraphs": [value, value], "lead_in": value, "attribution": value}],
            "questions": [{"text": value, "quotations": [1]}],
            "glossary": [{"term": value, "kind": "term", "definition": value}],
            "timeline": [{"date": value, "event": value}],
            "further_reading": [{"title": value, "note": value, "url": "javascript:alert(1)"}],
            "agenda": [{"minutes": 5, "title": value, "note": value}],
            "facilitator_notes": [value],
        }
    )
    assert PART is not None
    return views.handout_view(views.session_view(BOOK, PART, session), "facilitator")


def expected(value: str) -> str:
    return squash(without_controls(value))


def check_words(shown: str, value: str) -> None:
    want = expected(value)
    # Every field holding the value shows it: at least the 13 places it was put.
    assert shown.count(want) >= 13, (value, want, shown[:400])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
@example("<script>alert('x')</script> #import \"x\" 12. `y` *z*")
def test_markdown_html_and_text_show_it_literally(value: str) -> None:
    view = handout_with(value)

    md_text, md_tags, md_links = read_markdown(markdown.handout(view))
    check_words(md_text, value)
    assert md_tags <= MARKDOWN_TAGS, md_tags - MARKDOWN_TAGS
    assert all(link.startswith("https://") for link in md_links), md_links

    page = html.handout(view)
    html_text, html_tags, html_links = read_html(page)
    check_words(html_text, value)
    assert html_tags <= HTML_TAGS, html_tags - HTML_TAGS
    assert all(link.startswith("https://") for link in html_links), html_links
    style = page[page.index("<style>") : page.index("</style>")]
    assert "<" not in style.replace("<style>", "")  # nothing closed the style sheet

    plain = text.handout(view)
    check_words(squash(plain), value)
    assert "\x1b" not in plain and "\x00" not in plain and "\u202e" not in plain


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
@example('#import "evil.typ": * $x^2$ @label <b>b</b> 12. list')
def test_pdf_shows_it_literally(value: str) -> None:
    shown = read_pdf(pdf.handout(handout_with(value)))
    # Hyphenation may break words outside quotations: compare without hyphens.
    want = re.sub(r"[-\s]", "", expected(value))
    assert re.sub(r"[-\s]", "", shown).count(want) >= 13, (value, shown[:300])
