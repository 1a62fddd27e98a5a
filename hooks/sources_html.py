"""How a citation looks: 来源：<publisher>, which opens the quote that backs the claim.

Each citation link of a rendered page becomes a button and a popover (the HTML `popover`
attribute, which opens on tap or Enter without any script) holding the English quote, the
publisher, the page title linked to the source and the day it was checked. The end of the page gets
the same as numbered notes for print, where a popover cannot open. Every value from the register is
set as text or as an attribute through BeautifulSoup, which escapes it: a register entry is never
markup. Pure: no MkDocs import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from bs4 import BeautifulSoup, Tag

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


def citation(soup: BeautifulSoup, source: sources.Source, quote: sources.Quote, number: int,
             occurrence: int) -> Tag:
    """<span class="gs-cite"><button popovertarget>来源：FCC<sup>1</sup></button><span popover>…</span></span>"""
    card_id = f"gs-cite-{occurrence}"
    wrapper = soup.new_tag("span", attrs={"class": "gs-cite"})
    button = soup.new_tag("button", attrs={
        "type": "button", "class": "gs-cite__button", "popovertarget": card_id,
        "popovertargetaction": "show", "data-source": source.id,
    })
    button.append(f"{sources.CITE_LABEL}：{source.publisher}")
    mark = soup.new_tag("sup", attrs={"class": "gs-cite__number"})
    mark.append(f"[{number}]")
    button.append(mark)
    card = soup.new_tag("span", attrs={
        "id": card_id, "class": "gs-cite__card", "popover": "auto", "role": "note",
        "aria-label": f"{sources.CITE_LABEL}：{source.publisher}", "data-search-exclude": "",
    })
    card.append(_quote(soup, quote))
    card.append(_about(soup, source))
    wrapper.append(button)
    wrapper.append(card)
    return wrapper


def notes(soup: BeautifulSoup, cited: Notes) -> Tag:
    """The numbered list of what the page cites, shown only in print (guide.css has no say in it)."""
    section = soup.new_tag("div", attrs={"class": "gs-cite-notes", "data-search-exclude": ""})
    title = soup.new_tag("p", attrs={"class": "gs-cite-notes__title"})
    title.append(sources.CITE_LABEL)
    section.append(title)
    items = soup.new_tag("ol")
    for source, quote in cited.cited:
        item = soup.new_tag("li", attrs={"id": f"gs-note-{cited.numbers[f'{source.id}#{quote.id}']}"})
        item.append(_quote(soup, quote))
        item.append(" — ")
        item.append(_about(soup, source, with_url=True))
        items.append(item)
    section.append(items)
    return section


def register_list(soup: BeautifulSoup, register: sources.Register) -> Tag:
    """The page 来源 (/sources/): every registered source with all its quotes, for readers without
    script and for reviewers. Left out of the search index, like the quotes on the pages."""
    listing = soup.new_tag("div", attrs={"class": "gs-sources", "data-search-exclude": ""})
    for source in register.sources:
        section = soup.new_tag("section", attrs={"class": "gs-source", "id": source.id})
        heading = soup.new_tag("h2")
        heading.append(f"{source.publisher}：")
        title = soup.new_tag("span", attrs={"lang": "en"})
        title.append(source.title)
        heading.append(title)
        section.append(heading)
        about = soup.new_tag("p", attrs={"class": "gs-source__about"})
        link = soup.new_tag("a", attrs={"href": href(source.url), "lang": "en"})
        link.append(source.url)
        about.append(link)
        about.append(f" · {'官方资料' if source.official else THIRD_PARTY} · 核对于 ")
        date = soup.new_tag("time", attrs={"datetime": source.checked.isoformat()})
        date.append(source.checked.isoformat())
        about.append(date)
        section.append(about)
        quotes = soup.new_tag("ul")
        for quote in source.quotes:
            item = soup.new_tag("li", attrs={"id": f"{source.id}--{quote.id}"})
            item.append(_quote(soup, quote))
            quotes.append(item)
        section.append(quotes)
        listing.append(section)
    return listing


def href(url: str) -> str:
    """A register URL as a link target: anything a URL should not hold as such (quotes, '<', ')',
    spaces) percent-encoded, so that the link goes where its text says and nothing else."""
    return quote(url, safe="/:?#[]@!$&*+,;=%~")


def _quote(soup: BeautifulSoup, quote: sources.Quote) -> Tag:
    block = soup.new_tag("q", attrs={"class": "gs-cite__quote", "lang": "en"})
    block.append(quote.text)
    return block


def _about(soup: BeautifulSoup, source: sources.Source, with_url: bool = False) -> Tag:
    """Publisher：<a>Title</a>（URL）· 核对于 <time>date</time>, and the third-party notice."""
    about = soup.new_tag("span", attrs={"class": "gs-cite__about"})
    about.append(f"{source.publisher}：")
    link = soup.new_tag("a", attrs={"href": href(source.url), "class": "gs-cite__link", "lang": "en"})
    link.append(source.title)
    about.append(link)
    if with_url:
        url = soup.new_tag("span", attrs={"class": "gs-cite__url"})
        url.append(f"（{source.url}）")
        about.append(url)
    about.append(" · 核对于 ")
    date = soup.new_tag("time", attrs={"datetime": source.checked.isoformat()})
    date.append(source.checked.isoformat())
    about.append(date)
    if not source.official:
        about.append(f" · {THIRD_PARTY}")
    return about
