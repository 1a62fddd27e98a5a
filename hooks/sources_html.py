"""How a citation looks: 来源：<publisher>, which opens the quote that backs the claim.

Each citation link of a rendered page becomes a button and a popover (the HTML `popover`
attribute, which opens on tap or Enter without any script) holding the English quote, the
publisher, the page title linked to the source and the day it was checked. The end of the page gets
the same as numbered notes for print, where a popover cannot open. Every value from the register is
set as text or as an attribute through lxml's element builder, which escapes it: a register entry is never
markup. Pure: no MkDocs import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from lxml.html import HtmlElement
from lxml.html.builder import E

import sources

THIRD_PARTY = "第三方资料，请以官网为准"


@dataclass
class Notes:
    """The sources cited on one page, numbered in the order they first appear."""

    numbers: dict[str, int] = field(default_factory=dict)
    cited: list[tuple[sources.Source, sources.Quote]] = field(default_factory=list)

    def number(self, source: sources.Source, quote: sources.Quote) -> int:
        key = f"{source.id}#{quote.id}"
        if key not in self.numbers:
            self.numbers[key] = len(self.numbers) + 1
            self.cited.append((source, quote))
        return self.numbers[key]


def citation(source: sources.Source, quote: sources.Quote, number: int, occurrence: int) -> HtmlElement:
    """<span class="gs-cite"><button popovertarget>来源：FCC<sup>1</sup></button><span popover>…</span></span>"""
    card_id = f"gs-cite-{occurrence}"
    button = E.button({"type": "button", "class": "gs-cite__button", "popovertarget": card_id,
                       "popovertargetaction": "show", "data-source": source.id},
                      f"{sources.CITE_LABEL}：{source.publisher}", E.sup({"class": "gs-cite__number"}, f"[{number}]"))
    card = E.span({"id": card_id, "class": "gs-cite__card", "popover": "auto", "role": "note",
                   "aria-label": f"{sources.CITE_LABEL}：{source.publisher}", "data-search-exclude": ""},
                  _quote(quote), _about(source))
    return E.span({"class": "gs-cite"}, button, card)


def notes(cited: Notes) -> HtmlElement:
    """The numbered list of what the page cites, shown only in print (guide.css has no say in it)."""
    items = [E.li({"id": f"gs-note-{cited.numbers[f'{source.id}#{quote.id}']}"},
                  _quote(quote), " — ", _about(source, with_url=True))
             for source, quote in cited.cited]
    return E.div({"class": "gs-cite-notes", "data-search-exclude": ""},
                 E.p({"class": "gs-cite-notes__title"}, sources.CITE_LABEL), E.ol(*items))


def register_list(register: sources.Register) -> HtmlElement:
    """The page 来源 (/sources/): every registered source with all its quotes, for readers without
    script and for reviewers. Left out of the search index, like the quotes on the pages."""
    sections = []
    for source in register.sources:
        checked = source.checked.isoformat()
        sections.append(E.section(
            {"class": "gs-source", "id": source.id},
            E.h2(f"{source.publisher}：", E.span({"lang": "en"}, source.title)),
            E.p({"class": "gs-source__about"},
                E.a({"href": href(source.url), "lang": "en"}, source.url),
                f" · {'官方资料' if source.official else THIRD_PARTY} · 核对于 ",
                E.time({"datetime": checked}, checked)),
            E.ul(*(E.li({"id": f"{source.id}--{quote.id}"}, _quote(quote)) for quote in source.quotes))))
    return E.div({"class": "gs-sources", "data-search-exclude": ""}, *sections)


def href(url: str) -> str:
    """A register URL as a link target: anything a URL should not hold as such (quotes, '<', ')',
    spaces) percent-encoded, so that the link goes where its text says and nothing else."""
    return quote(url, safe="/:?#[]@!$&*+,;=%~")


def _quote(quote: sources.Quote) -> HtmlElement:
    return E.q({"class": "gs-cite__quote", "lang": "en"}, quote.text)


def _about(source: sources.Source, with_url: bool = False) -> HtmlElement:
    """Publisher：<a>Title</a>（URL）· 核对于 <time>date</time>, and the third-party notice."""
    checked = source.checked.isoformat()
    parts: list[object] = [f"{source.publisher}：",
                           E.a({"href": href(source.url), "class": "gs-cite__link", "lang": "en"}, source.title)]
    if with_url:
        parts.append(E.span({"class": "gs-cite__url"}, f"（{source.url}）"))
    parts += [" · 核对于 ", E.time({"datetime": checked}, checked)]
    if not source.official:
        parts.append(f" · {THIRD_PARTY}")
    return E.span({"class": "gs-cite__about"}, *parts)
