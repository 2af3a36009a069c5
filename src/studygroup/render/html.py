"""Views → one self-contained HTML file (`handout --format html`).

Jinja2 with autoescape: every piece of library text is escaped by the template
engine, and only two filters make markup, both from escaped pieces: `em` (the
`_emphasis_` of titles) and the `href` test that lets only web addresses become
links. Control characters are dropped from every value on its way out. The one
value that enters CSS (the running title of printed pages) is escaped for a CSS
string, character by character.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from studygroup.domain.inline import spans
from studygroup.safety import web_address, without_controls
from studygroup.views.meeting import (
    COUNTER_READING,
    WATCH_OUT_KINDS,
    HandoutView,
    agenda_line,
    agenda_total,
    check_line,
    citation,
    clock,
    has_sections,
    meeting_details,
    meeting_line,
    notes_blocks,
    question_refs,
    reading_aloud,
    reading_length,
    reading_line,
    watch_out_lines,
)

if TYPE_CHECKING:
    from jinja2 import BaseLoader, Environment, Template


def template_text(name: str) -> str:
    """A file under the package's templates/ folder."""
    return (files("studygroup") / "templates" / name).read_text(encoding="utf-8")


def css_string(text: str) -> str:
    """`text` as the inside of a double-quoted CSS string: anything but letters,
    digits and spaces as a hexadecimal escape, so nothing can end the string."""
    return "".join(
        ch if ch.isalnum() or ch == " " else f"\\{ord(ch):06x}" for ch in without_controls(text)
    )


def environment(loader: BaseLoader | None = None) -> Environment:
    """The one Jinja2 set-up for every HTML page (handouts and the site): autoescape,
    control characters dropped from every value on its way out, and the only filters
    that make markup (`em`, the `web_address` test) built from escaped pieces."""
    from jinja2 import Environment, StrictUndefined
    from markupsafe import Markup, escape

    def finalize(value: Any) -> Any:
        if isinstance(value, Markup) or not isinstance(value, str):
            return value
        return without_controls(value)

    def em(text: str) -> Markup:
        return Markup("").join(
            Markup("<em>{}</em>").format(piece) if emphasised else escape(piece)
            for piece, emphasised in spans(without_controls(text))
        )

    def is_web_address(url: object) -> bool:
        return isinstance(url, str) and web_address(url) is not None

    env = Environment(
        loader=loader,
        autoescape=True,
        undefined=StrictUndefined,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["em"] = em
    env.filters["css_string"] = css_string
    env.filters["clock"] = clock
    env.tests["web_address"] = is_web_address
    return env


@lru_cache(maxsize=1)
def _template() -> Template:
    """The handout's template, compiled once a process (a site renders dozens)."""
    return environment().from_string(template_text("handout.html.j2"))


def handout(view: HandoutView) -> str:
    from markupsafe import Markup

    template = _template()
    session = view.session
    return template.render(
        h=view,
        s=session,
        css=Markup(template_text("handout.css")),
        headings=view.headings,
        whole_part=view.whole_part,
        counter_reading=COUNTER_READING,
        kicker=view.kicker,
        blocks=notes_blocks(session),
        block_headings=has_sections(session),
        citation=citation,
        question_refs=question_refs,
        meeting_line=meeting_line,
        check_line=check_line,
        reading_length=reading_length,
        meeting_details=meeting_details,
        agenda_total=agenda_total,
        reading_aloud=reading_aloud,
        watch_out_lines=watch_out_lines,
        watch_out_kinds=WATCH_OUT_KINDS,
        agenda_line=agenda_line,
        reading_line=reading_line,
    )
