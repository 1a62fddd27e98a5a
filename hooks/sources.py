"""The source register (docs/data/sources.yml): every page the guide cites, and the words on it
that back each claim.

A citation names a source and one of its quotes: `[来源](src:verizon-port-out#pin-in-app)` in a
page, `source: verizon-port-out#pin-in-app` in docs/data/carriers.yml. The build shows the reader
the quote, the publisher and the day it was compared with the page. Pure functions over strings and
dataclasses, no MkDocs event: the hooks, the tests and the source checker read the register here.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import os
import re
from dataclasses import dataclass
from typing import Callable, Iterable

import cards
import datafile
import schema

DATA = "data/sources.yml"
SCHEME = "src"  # a citation is a link src:<source id>#<quote id>
CITE_LABEL = "来源"  # the link text a contributor writes; the build writes 来源：<publisher>
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_QUOTE = 500  # one or two sentences; a longer excerpt hides the words that matter
HOW = f"[{CITE_LABEL}]({SCHEME}:<source id>#<quote id>)"


class Slug(schema.Option[str]):
    """An id: lowercase ASCII words joined by '-'."""

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not ID.fullmatch(value):
            raise schema.ValidationError(f"must be lowercase ASCII words joined by '-' (such as "
                                       f"'verizon-port-out'), got {value!r}")
        return value


class QuoteText(schema.Option[str]):
    """The supporting words, as the page has them: one or two sentences on one line."""

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise schema.ValidationError(f"must be the exact words of the page, got {value!r}")
        text = schema.printable(" ".join(value.split()))
        if len(text) > MAX_QUOTE:
            raise schema.ValidationError(f"is {len(text)} characters long; quote only the one or two "
                                       f"sentences that back the claim (at most {MAX_QUOTE})")
        return text


class YesNo(schema.Option[bool]):
    """true or false, and nothing YAML might read as either."""

    def run_validation(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise schema.ValidationError("must be true (the publisher's own page) or false (a third party), "
                                       f"got '{value}'")
        return value


class QuoteMeta(schema.Config):
    id = Slug()
    text = QuoteText()


class SourceMeta(schema.Config):
    id = Slug()
    url = datafile.HttpsUrl()
    publisher = schema.Text()
    title = schema.Text()
    official = YesNo()
    checked = schema.IsoDate()
    quotes = datafile.Mappings(QuoteMeta)


# --- the data -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    id: str
    text: str
    line: int


@dataclass(frozen=True)
class Source:
    id: str
    url: str
    publisher: str
    title: str
    official: bool
    checked: dt.date
    quotes: tuple[Quote, ...]
    line: int

    def quote(self, quote_id: str) -> Quote | None:
        return next((q for q in self.quotes if q.id == quote_id), None)


@dataclass(frozen=True)
class Register:
    path: str
    sources: tuple[Source, ...]

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def resolve(self, reference: str) -> tuple[Source, Quote]:
        """The source and quote a reference 'source-id#quote-id' names; LookupError says what is wrong."""
        if "://" in reference:
            raise LookupError(self._url_problem(reference))
        source_id, _hash, quote_id = reference.partition("#")
        source = self.source(source_id)
        if source is None:
            close = difflib.get_close_matches(source_id, [s.id for s in self.sources], n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise LookupError(f"names the unknown source '{source_id}': {hint}a source must be registered in "
                              f"{self.path} (id, url, publisher, title, official, checked, quotes)")
        ids = ", ".join(q.id for q in source.quotes)
        if not quote_id:
            raise LookupError(f"names no quote: write '{source_id}#<quote id>', with the id of the words "
                              f"that back this claim ({ids}), or add them to {self.path}")
        quote = source.quote(quote_id)
        if quote is None:
            raise LookupError(f"names the unknown quote '{quote_id}' of source '{source_id}' (its quotes: "
                              f"{ids}); add the words that back this claim to {self.path}")
        return source, quote

    def _url_problem(self, url: str) -> str:
        known = next((s for s in self.sources if _same_page(s.url, url)), None)
        if known:
            return (f"'{url}' is a URL: a reference names a registered source and quote; this page is registered "
                    f"as '{known.id}', write '{known.id}#<quote id>'")
        return (f"'{url}' is a URL: a reference names a registered source and quote; register the page in "
                f"{self.path} and write '<source id>#<quote id>'")


# --- reading ------------------------------------------------------------------------------------


def load(docs_dir: str, docs_label: str = "docs") -> Register:
    """The register of a docs folder; SourceError when it is missing, not UTF-8 or has a mistake."""
    path = f"{docs_label}/{DATA}"
    try:
        text = cards.read_text(os.path.join(docs_dir, DATA), path)
    except FileNotFoundError:
        raise cards.SourceError(path, f"is missing: every {CITE_LABEL} of the guide is resolved against it") from None
    return read_register(path, text)


@functools.lru_cache(maxsize=4)
def read_register(path: str, text: str, on: dt.date | None = None) -> Register:
    """Parse and validate the register; raise SourceError naming the file, line, source and field."""
    root, data = datafile.load(path, text)
    if not isinstance(data, dict) or list(data) != ["sources"] or not isinstance(data["sources"], list) \
            or not data["sources"]:
        raise cards.SourceError(path, "must hold one key, 'sources:', with a list of sources", 1)
    today = on or cards.today()
    sources: list[Source] = []
    first: dict[tuple[str, str], int] = {}
    for index, raw in enumerate(data["sources"]):
        label = f"source '{raw['id']}'" if isinstance(raw, dict) and isinstance(raw.get("id"), str) \
            else f"source {index + 1}"
        try:
            source = _read_source(raw, today, lambda keys: datafile.line(root, ("sources", index, *keys)) or 1)
            for key, value in (("id", source.id), ("url", source.url)):
                if (key, value) in first:
                    raise datafile.Mistake((key,), f"field '{key}' is '{value}', as on line {first[key, value]}; "
                                           "each source is registered once (add its quotes to that entry)")
        except datafile.Mistake as mistake:
            line = datafile.line(root, ("sources", index, *mistake.keys))
            raise cards.SourceError(path, f"{label} {mistake.message}", line) from None
        first.update({("id", source.id): source.line, ("url", source.url): source.line})
        sources.append(source)
    return Register(path, tuple(sources))


def _read_source(raw: object, on: dt.date, line_of: Callable[[datafile.Keys], int]) -> Source:
    if not isinstance(raw, dict):
        raise datafile.Mistake((), "must be a mapping with " + ", ".join(k for k, _o in SourceMeta._schema))
    meta = datafile.check((), SourceMeta, raw)
    if meta["checked"] > on:
        raise datafile.Mistake(("checked",), f"field 'checked' is {meta['checked'].isoformat()}, which lies "
                               f"in the future (today is {on.isoformat()})")
    quotes: list[Quote] = []
    for index, entry in enumerate(meta["quotes"]):
        name = f"quotes[{index + 1}]"
        quote = datafile.check(("quotes", index), QuoteMeta, entry, name)
        seen = next((q for q in quotes if q.id == quote["id"]), None)
        if seen:
            raise datafile.Mistake(("quotes", index, "id"), f"field '{name}.id' is '{quote['id']}', as on line "
                                   f"{seen.line}; each quote of a source needs its own id")
        quotes.append(Quote(quote["id"], quote["text"], line_of(("quotes", index))))
    return Source(meta["id"], meta["url"], meta["publisher"], meta["title"], meta["official"],
                  meta["checked"], tuple(quotes), line_of(()))



# --- citations ----------------------------------------------------------------------------------


def citation_reference(href: str) -> str | None:
    """'verizon-port-out#pin-in-app' for a citation link 'src:verizon-port-out#pin-in-app', else None."""
    scheme, colon, rest = href.partition(":")
    return rest.strip() if colon and scheme.strip().lower() == SCHEME else None


def link_problem(register: Register, href: str, text: str) -> str | None:
    """What is wrong with an ordinary link (not a citation) in a page, or None.

    A 来源 that links a page directly shows the reader no quote, and a registered page linked
    directly bypasses its quote: both must be written as citations."""
    if text.strip().startswith(CITE_LABEL) and href.lower().startswith(("http:", "https:", "//")):
        return (f"the citation '[{text.strip()}]({href})' links the page directly; register the page in "
                f"{register.path} with the words that back the claim, and write {HOW}")
    source = next((s for s in register.sources if _same_page(s.url, href)), None)
    if source:
        return (f"the link '[{text.strip()}]({href})' goes to the registered source '{source.id}'; cite it as "
                f"[{CITE_LABEL}]({SCHEME}:{source.id}#<quote id>) (its quotes: "
                f"{', '.join(q.id for q in source.quotes)}), so that readers see the words")
    return None


def unused(register: Register, used: Iterable[str]) -> cards.SourceError | None:
    """The first registered source or quote that nothing cites, as an error to raise, or None."""
    cited = set(used)
    for source in register.sources:
        quotes = [q for q in source.quotes if f"{source.id}#{q.id}" not in cited]
        if len(quotes) == len(source.quotes):
            return cards.SourceError(register.path, f"source '{source.id}' is cited nowhere: cite it in a page as "
                                     f"[{CITE_LABEL}]({SCHEME}:{source.id}#{source.quotes[0].id}) or in "
                                     f"carriers.yml as 'source: {source.id}#{source.quotes[0].id}', or remove it",
                                     source.line)
        if quotes:
            return cards.SourceError(register.path, f"source '{source.id}' quote '{quotes[0].id}' is cited "
                                     f"nowhere: cite it as [{CITE_LABEL}]({SCHEME}:{source.id}#{quotes[0].id}) "
                                     "where the guide states what it says, or remove the quote", quotes[0].line)
    return None


def line_in(text: str, needle: str) -> int | None:
    """The first line (1-based, outside code fences) of a Markdown text that holds `needle`."""
    return next((number for number, line in cards.prose_lines(text) if needle in line), None)


def _same_page(url: str, href: str) -> bool:
    def key(address: str) -> str:
        return address.split("#", 1)[0].rstrip("/").lower()
    return key(url) == key(href)
