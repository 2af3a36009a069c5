"""The group's website (`studygroup site`): a SiteView → every file of the site.

Pages are Jinja2 templates (templates/site/) in the handout's own environment
(render.html.environment): autoescape, and the same two ways for data to become
markup, `em` (a title's `_emphasis_`, built from escaped pieces) and the
`web_address` test, the only way an address from a file becomes a link. Links
inside the site are relative (`../glossary.html`), so the site works from any folder
of any static host and from file://.

A meeting's page carries its handouts exactly as `handout --format html` prints them:
the page is rendered by the handout renderer and its header and the inside of its
<main> are set into the site's page. Every tag in that page is the template's own,
since autoescape turns every `<` of the data into `&lt;`, so cutting it at its tags
is exact.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from studygroup.render import html
from studygroup.views.site import GLOSSARY, HOME, OUTLINE, SEARCH, SiteView

if TYPE_CHECKING:
    from jinja2 import Environment
    from markupsafe import Markup

    from studygroup.views.meeting import HandoutView

ASSETS = {
    # name in the site: name under templates/
    "assets/handout.css": "handout.css",
    "assets/site.css": "site/site.css",
    "assets/site.js": "site/site.js",
    "assets/icon.svg": "site/icon.svg",
}


def relative(here: str, target: str) -> str:
    """The link from the page at `here` to `target`, both paths from the site's root."""
    return "../" * here.count("/") + target


def handout_parts(page: str) -> tuple[str, str]:
    """A handout page (render.html.handout) cut into its header and what its <main>
    holds, as they are: the title block and the sheet."""
    body = page.index("<body")
    start = page.index("<header>", body)
    end = page.index("</header>", start) + len("</header>")
    inside = page.index("<main>\n", end) + len("<main>\n")
    close = page.rindex("</main>")
    return page[start:end], page[inside:close]


def _environment() -> Environment:
    from jinja2 import FunctionLoader

    def one_line(text: str) -> str:
        return " ".join(text.split())

    env = html.environment(FunctionLoader(lambda name: html.template_text(f"site/{name}")))
    env.filters["one_line"] = one_line
    return env


def _sheet(view: HandoutView, ids: str) -> tuple[Markup, Markup]:
    """A handout's header and body, as `handout --format html` prints them; `ids`
    prefixes its quotations' anchors where a page holds more than one handout."""
    from markupsafe import Markup

    header, body = handout_parts(html.handout(view))
    if ids:
        # Only the template writes `id="`: in data, `"` is escaped.
        body = body.replace(' id="q', f' id="{ids}q')
    return Markup(header), Markup(body)


def pages(view: SiteView) -> dict[str, str]:
    """Every HTML page of the site, by its path from the site's root."""
    env = _environment()
    out: dict[str, str] = {}

    def page(path: str, template: str, **values: Any) -> None:
        link: Callable[[str], str] = lambda target: relative(path, target)  # noqa: E731
        canonical = None
        if view.base_url:
            canonical = view.base_url + ("" if path == HOME else path)
        out[path] = env.get_template(template).render(
            site=view,
            here=path,
            link=link,
            canonical=canonical,
            home_page=HOME,
            outline_page=OUTLINE,
            glossary_page=GLOSSARY,
            search_page=SEARCH,
            **values,
        )

    page(HOME, "home.html.j2", home=view.home)
    for meeting in view.meetings:
        sheets = [
            _sheet(sheet, f"{sheet.session.key}-" if index else "")
            for index, sheet in enumerate(meeting.handouts)
        ]
        page(meeting.path, "meeting.html.j2", meeting=meeting, sheets=sheets)
    for catch_up in view.catch_ups:
        page(catch_up.path, "catch-up.html.j2", catch_up=catch_up, sheet=_sheet(catch_up.sheet, ""))
    page(GLOSSARY, "glossary.html.j2", glossary=view.glossary)
    book = view.outline.book
    page(
        OUTLINE,
        "outline.html.j2",
        outline=view.outline,
        parts={part.key: part for part in book.parts},
        groups={group.key: group for group in book.groups},
    )
    page(SEARCH, "search.html.j2")
    return out


def assets() -> dict[str, bytes]:
    """The site's stylesheets, script and icon: everything a page loads is in the site."""
    return {
        path: (files("studygroup") / "templates" / name).read_bytes()
        for path, name in ASSETS.items()
    }
