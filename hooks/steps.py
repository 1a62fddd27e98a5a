"""Render the steps of a versioned page numbered, marked up for ticking and for the checklists.

A step is an H3 with an explicit id under a step section (design §3); `contract.py` has read them
already, so this finds the heading Markdown rendered for each one, by its id in the parsed HTML
(whatever other attributes it carries), and decorates it. A step the contract read that has no
such heading fails the build: the numbering would skip it and its checklist link would be dead.
"""

from __future__ import annotations

from bs4 import BeautifulSoup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page as MkDocsPage

import cards


def on_page_content(html: str, page: MkDocsPage, config: MkDocsConfig, **_: object) -> str:
    try:
        known = cards.guide_from(config.extra).pages.get(page.file.src_uri)
        return number_steps(html, known) if known and known.steps else html
    except cards.SourceError as error:
        raise PluginError(str(error)) from None


def number_steps(html: str, page: cards.Page) -> str:
    """Number each step heading 1…n across the page and tag it with its page and step id; a
    line for a note follows each."""
    soup = BeautifulSoup(html, "html.parser")
    for number, step in enumerate(page.steps, start=1):
        heading = soup.find("h3", id=step.id)
        if heading is None:
            raise cards.SourceError(page.path, f"step '{step.title}' {{#{step.id}}} did not become a "
                                    f"heading with id '{step.id}'; write it as a plain "
                                    f"'### {step.title} {{#{step.id}}}' line outside any HTML block",
                                    step.line)
        heading["class"] = [*heading.get("class", []), "gs-step"]
        heading["data-key"] = f"{page.key}/{step.id}"
        heading.insert(0, " ")
        heading.insert(0, marker(soup, number))
        heading.insert_after(note_line(soup, heading["data-key"]))
    return str(soup)


def note_line(soup: BeautifulSoup, key: str) -> object:
    """The line for a date or confirmation number, as on the checklists: a line to write on in
    print, a field kept with the tick on screen (guide.js), its room there from the start."""
    line = soup.new_tag("p", attrs={"class": "gs-write gs-write--step", "data-key": key,
                                    "data-search-exclude": ""})
    line.string = cards.NOTE_LABEL
    return line


def marker(soup: BeautifulSoup, number: int) -> object:
    """第 n 步： for screen readers, the bare number for the eye."""
    span = soup.new_tag("span", attrs={"class": "gs-step__number"})
    before, after = soup.new_tag("span", attrs={"class": "gs-sr"}), soup.new_tag("span", attrs={"class": "gs-sr"})
    before.string, after.string = "第 ", " 步："
    span.extend([before, str(number), after])
    return span
