"""The source register: each mistake in docs/data/sources.yml or in a citation is named precisely."""

from __future__ import annotations

import datetime as dt
import re
from typing import Callable

import pytest

import cards
import sources
from conftest import ROOT, TODAY

DATA = ROOT / "docs" / "data" / "sources.yml"
LABEL = "docs/data/sources.yml"
ON = dt.date.fromisoformat(TODAY)

BASE = """\
sources:
  - id: verizon-port-out
    url: https://www.verizon.com/support/port-out-faqs/
    publisher: Verizon
    title: Port Out FAQs
    official: true
    checked: 2026-11-25
    quotes:
      - id: pin-in-app
        text: "Generate a Number Transfer PIN in My Verizon."
      - id: keep-account-open
        text: "You must keep the Verizon account open until the move is completed."
"""
S = r"docs/data/sources\.yml:(\d+): source 'verizon-port-out' "


def replace(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, f"the test's edit did not apply: {old!r}"
        return text.replace(old, new, 1)
    return change


SECOND = BASE.removeprefix("sources:\n")
BAD = {
    "not valid YAML": (replace("official: true", "official: [true"), r"docs/data/sources\.yml:(\d+): is not valid YAML", None),
    "no sources key": (lambda text: text.replace("sources:", "source:", 1),
                       r"docs/data/sources\.yml:(1): must hold one key, 'sources:', with a list of sources$", 1),
    "unknown field": (replace("    official: true", "    official: true\n    phone: 1-800-000-0000"),
                      S + r"has unknown field 'phone'; expected only id, url, publisher, title, official, checked, "
                          r"quotes$", 7),
    "missing field": (replace("    title: Port Out FAQs\n", ""), S + r"is missing required field 'title'$", 2),
    "id that is no id": (replace("id: verizon-port-out", "id: Verizon Port Out"),
                         r"docs/data/sources\.yml:(\d+): source 'Verizon Port Out' field 'id' must be lowercase ASCII "
                         r"words joined by '-'", 2),
    "URL not over https": (replace("url: https://", "url: http://"),
                           S + r"field 'url' must be an https URL, got 'http://www\.verizon\.com/support/port-out-faqs/'$", 3),
    "official that is no yes or no": (replace("official: true", "official: maybe"),
                                      S + r"field 'official' must be true \(the publisher's own page\) or false \(a third party\), got 'maybe'$", 6),
    "date that is not a date": (replace("checked: 2026-11-25", "checked: 2026-13-01"),
                                S + r"field 'checked' must be a date \(YYYY-MM-DD\), got '2026-13-01'$", 7),
    "date in the future": (replace("checked: 2026-11-25", "checked: 2026-11-26"),
                           S + r"field 'checked' is 2026-11-26, which lies in the future \(today is 2026-11-25\)$", 7),
    "no quotes": (lambda text: text.split("    quotes:")[0] + "    quotes: []\n",
                  S + r"field 'quotes' must be a list of entries, each with id, text$", 8),
    "quote without text": (replace('        text: "Generate a Number Transfer PIN in My Verizon."\n', ""),
                           S + r"is missing required field 'quotes\[1\]\.text'$", 9),
    "quote too long": (replace("Generate a Number Transfer PIN in My Verizon.", "word " * 120),
                       S + r"field 'quotes\[1\]\.text' is 599 characters long; quote only the one or two sentences", 10),
    "duplicate quote id": (replace("id: keep-account-open", "id: pin-in-app"),
                           S + r"field 'quotes\[2\]\.id' is 'pin-in-app', as on line 9; each quote of a source needs "
                               r"its own id$", 11),
    "duplicate source id": (lambda text: text + SECOND.replace("port-out-faqs/", "port-out/"),
                            S + r"field 'id' is 'verizon-port-out', as on line 2; each source is registered once", 13),
    # Escapes in double quotes: YAML turns them into the characters, which no page can show.
    "control character in a title": (replace("title: Port Out FAQs", 'title: "Port\\x01 Out FAQs"'),
                                     S + r"field 'title' holds the control character U\+0001, which no page can show", 5),
    "control character in a quote": (replace("Transfer PIN", "Transfer\\x07 PIN"),
                                     S + r"field 'quotes\[1\]\.text' holds the control character U\+0007", 10),
    "duplicate URL": (lambda text: text + SECOND.replace("id: verizon-port-out", "id: verizon-port"),
                      r"docs/data/sources\.yml:(\d+): source 'verizon-port' field 'url' is "
                      r"'https://www\.verizon\.com/support/port-out-faqs/', as on line 2", 14),
}


def test_the_base_of_the_bad_cases_is_valid() -> None:
    register = sources.read_register(LABEL, BASE, ON)
    source, quote = register.resolve("verizon-port-out#pin-in-app")
    assert (source.publisher, source.checked, quote.line) == ("Verizon", ON, 9)


@pytest.mark.parametrize("case", BAD)
def test_a_mistake_in_the_register_names_file_line_source_and_field(case: str) -> None:
    change, message, line = BAD[case]
    with pytest.raises(cards.SourceError) as error:
        sources.read_register(LABEL, change(BASE), ON)
    match = re.match(message, str(error.value))
    assert match, str(error.value)
    if line is not None:
        assert int(match.group(1)) == line, str(error.value)


def test_the_guides_register_is_valid_and_every_url_is_https() -> None:
    register = sources.read_register(LABEL, DATA.read_text(encoding="utf-8"), ON)
    assert register.sources
    assert all(s.url.startswith("https://") and s.quotes for s in register.sources)


# --- citations ----------------------------------------------------------------------------------

REGISTER = sources.read_register(LABEL, BASE, ON)
REFERENCES = {
    "unknown source": ("verizon-port#pin-in-app",
                       r"names the unknown source 'verizon-port': did you mean 'verizon-port-out'\? a source must be "
                       r"registered in docs/data/sources\.yml \(id, url, publisher, title, official, checked, quotes\)$"),
    "no quote": ("verizon-port-out",
                 r"names no quote: write 'verizon-port-out#<quote id>', with the id of the words that back this claim "
                 r"\(pin-in-app, keep-account-open\), or add them to docs/data/sources\.yml$"),
    "unknown quote": ("verizon-port-out#pin",
                      r"names the unknown quote 'pin' of source 'verizon-port-out' \(its quotes: pin-in-app, "
                      r"keep-account-open\); add the words that back this claim to docs/data/sources\.yml$"),
}


@pytest.mark.parametrize("case", REFERENCES)
def test_a_bad_reference_says_what_to_write(case: str) -> None:
    reference, message = REFERENCES[case]
    with pytest.raises(LookupError, match=message):
        REGISTER.resolve(reference)


@pytest.mark.parametrize(("href", "reference"), [
    ("src:verizon-port-out#pin-in-app", "verizon-port-out#pin-in-app"),
    ("SRC:verizon-port-out#pin-in-app", "verizon-port-out#pin-in-app"),
    ("src:verizon-port-out", "verizon-port-out"),
    ("https://www.verizon.com/", None),
    ("#src", None),
])
def test_a_citation_is_a_link_with_the_src_scheme(href: str, reference: str | None) -> None:
    assert sources.citation_reference(href) == reference


LINKS = {
    "a 来源 that links its page": (
        "https://www.fcc.gov/consumers/guides/x", "来源：FCC",
        r"the citation '\[来源：FCC\]\(https://www\.fcc\.gov/consumers/guides/x\)' links the page directly; register "
        r"the page in docs/data/sources\.yml with the words that back the claim, and write "
        r"\[来源\]\(src:<source id>#<quote id>\)$"),
    "a registered page linked directly": (
        "https://www.verizon.com/support/port-out-faqs", "Verizon 的说明",
        r"the link '\[Verizon 的说明\]\(https://www\.verizon\.com/support/port-out-faqs\)' goes to the registered "
        r"source 'verizon-port-out'; cite it as \[来源\]\(src:verizon-port-out#<quote id>\) \(its quotes: pin-in-app, "
        r"keep-account-open\), so that readers see the words$"),
}


@pytest.mark.parametrize("case", LINKS)
def test_a_link_that_should_be_a_citation_says_so(case: str) -> None:
    href, text, message = LINKS[case]
    assert re.match(message, sources.link_problem(REGISTER, href, text) or "")


def test_an_ordinary_link_is_left_alone() -> None:
    assert sources.link_problem(REGISTER, "https://reportfraud.ftc.gov", "ReportFraud.ftc.gov") is None


def test_a_source_nothing_cites_is_named_with_its_line() -> None:
    error = sources.unused(REGISTER, set())
    assert str(error) == ("docs/data/sources.yml:2: source 'verizon-port-out' is cited nowhere: cite it in a page as "
                          "[来源](src:verizon-port-out#pin-in-app) or in carriers.yml as "
                          "'source: verizon-port-out#pin-in-app', or remove it")


def test_a_quote_nothing_cites_is_named_with_its_line() -> None:
    error = sources.unused(REGISTER, {"verizon-port-out#pin-in-app"})
    assert str(error) == ("docs/data/sources.yml:11: source 'verizon-port-out' quote 'keep-account-open' is cited "
                          "nowhere: cite it as [来源](src:verizon-port-out#keep-account-open) where the guide states "
                          "what it says, or remove the quote")
    assert sources.unused(REGISTER, {"verizon-port-out#pin-in-app", "verizon-port-out#keep-account-open"}) is None


def test_the_line_of_a_citation_is_found_outside_code() -> None:
    text = "# 标题\n\n```\n[来源](src:a#b)\n```\n\n正文（[来源](src:a#b)）。\n"
    assert sources.line_in(text, "src:a#b") == 7
