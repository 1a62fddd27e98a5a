"""运营商速查: the data file is checked, and every sourced fact reaches its carrier's section."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Callable

import autocorrect_py
import pytest
from bs4 import BeautifulSoup, Tag

import carrier_data
import datafile
import carrier_page
import cards
import sources
from conftest import REPO_URL, ROOT, TODAY, assert_build_fails
from test_search import search

DATA = ROOT / "docs" / "data" / "carriers.yml"
LABEL = "docs/data/carriers.yml"
ON = dt.date.fromisoformat(TODAY)
BILLING = ("postpaid", "prepaid")  # the billing cards of docs/cards/ (checked against the guide below)
# Every carrier the fact sheet names, in the order the page shows them.
FACT_SHEET_CARRIERS = ["AT&T", "Verizon", "T-Mobile", "Google Fi", "Cricket", "US Mobile", "Mint Mobile",
                       "H2O Wireless", "Ultra Mobile", "Tello", "Visible"]
CARRIER_IDS = ["att", "verizon", "t-mobile", "google-fi", "cricket", "us-mobile", "mint-mobile", "h2o-wireless",
               "ultra-mobile", "tello", "visible"]
Carriers = list[carrier_data.Carrier]


@pytest.fixture(scope="session")
def register() -> sources.Register:
    """The project's source register, read once."""
    return sources.load(str(ROOT / "docs"))


@pytest.fixture(scope="session")
def all_carriers(guide: cards.Guide, register: sources.Register) -> Carriers:
    """The project's carrier data, read once (a content mistake fails the tests that use it, only)."""
    return carrier_data.read_carriers(LABEL, DATA.read_text(encoding="utf-8"), carrier_data.billing_cards(guide),
                                      register)


@pytest.fixture
def carrier(all_carriers: Carriers, carrier_id: str) -> carrier_data.Carrier:
    return next(c for c in all_carriers if c.id == carrier_id)


def test_the_billing_cards_are_the_guides(guide: cards.Guide) -> None:
    assert carrier_data.billing_cards(guide) == BILLING


def section(html: BeautifulSoup, anchor: str) -> list[Tag]:
    """The elements of a section, found by its id or its title: from its heading to the next one."""
    heading = html.select_one(f'article h2[id="{anchor}"]') or next(
        (h for h in html.select("article h2") if h.get_text(strip=True).rstrip("¶") == anchor), None)
    assert heading, f"no section {anchor}"
    found = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        found.append(sibling)
    return found


def items(html: BeautifulSoup, anchor: str) -> list[Tag]:
    return [li for element in section(html, anchor) for li in element.select("li")]


# --- the data -----------------------------------------------------------------------------------


def test_every_carrier_of_the_fact_sheet_has_an_entry_in_order(all_carriers: Carriers) -> None:
    assert [c.name for c in all_carriers] == FACT_SHEET_CARRIERS
    assert [c.id for c in all_carriers] == CARRIER_IDS


def test_the_fields_of_the_page_are_the_fields_of_the_schema() -> None:
    facts = [key for key, option in carrier_data.CarrierMeta._schema if isinstance(option, datafile.Mappings)]
    assert facts == list(carrier_data.FIELDS)


def test_only_verizons_port_code_is_published_and_nothing_the_fact_sheet_forbids(all_carriers: Carriers,
                                                                                guide: cards.Guide) -> None:
    text = DATA.read_text(encoding="utf-8")
    coded = {c.id for c in all_carriers for facts in c.facts.values() for f in facts
             if re.search(r"[*#](?:\d|[A-Z]{3,})", f.value)}
    assert coded == {"verizon"}
    assert "#PORT" in carrier_page.render(all_carriers, guide)
    for unpublished in ("*PORT", "*7678", "#PORT#", "*#06#", "*190#", "30–45", "30-45"):
        assert unpublished not in text


def test_a_fact_is_third_party_exactly_when_its_source_is(all_carriers: Carriers,
                                                          register: sources.Register) -> None:
    facts = [f for c in all_carriers for facts in c.facts.values() for f in facts]
    assert {f.third_party for f in facts} == {True, False}
    assert all(f.third_party == (not register.source(f.source.id).official) for f in facts)
    visible = next(c for c in all_carriers if c.id == "visible")
    assert all(f.third_party for facts in visible.facts.values() for f in facts), "Visible has no official page"


def test_billing_follows_the_fact_sheet(all_carriers: Carriers) -> None:
    models = {c.id: [f.value for f in c.of("billing")] for c in all_carriers}
    assert models["att"] == ["postpaid", "prepaid"]  # AT&T prepaid: 6 months before unlocking
    assert models["cricket"] == ["prepaid"]
    assert models["verizon"] == ["postpaid"]
    assert not any(c.of("network") for c in all_carriers), "the fact sheet says no carrier's network type"


def test_the_generated_page_follows_the_chinese_copy_style(all_carriers: Carriers, guide: cards.Guide) -> None:
    markdown = carrier_page.render(all_carriers, guide)
    problems = autocorrect_py.lint_for(markdown, "carriers.md").lines
    assert [(line.line, line.old, line.new) for line in problems] == []


def test_a_column_no_carrier_has_a_fact_for_is_left_out_of_the_table(all_carriers: Carriers,
                                                                      guide: cards.Guide) -> None:
    header = next(line for line in carrier_page.render(all_carriers, guide).split("\n") if line.startswith("| 运营商"))
    assert header == "| 运营商 | 计费方式 | 注销 | 转网 PIN | 解锁 |"


# --- mistakes in the data stop the build --------------------------------------------------------

BASE = """\
carriers:
  - id: t-mobile
    name: T-Mobile
    network: []
    billing:
      - model: postpaid
        source: t-mobile-cancel#end-of-bill-cycle
    cancel:
      - text: 注销在本账单周期结束时生效
        source: t-mobile-cancel#end-of-bill-cycle
    pin: []
    unlock: []
"""
BASE_REGISTER = sources.read_register("docs/data/sources.yml", """\
sources:
  - id: t-mobile-cancel
    url: https://www.t-mobile.com/support/account/cancel-service
    publisher: T-Mobile
    title: Cancel service
    official: true
    checked: 2026-11-25
    quotes:
      - id: end-of-bill-cycle
        text: "All cancellations are future dated and will go into effect at the end of your current bill cycle."
""", ON)
SECOND_FACT = """\
      - text: 第二条
        source: t-mobile-cancel#end-of-bill-cycle
"""
T = r"docs/data/carriers\.yml:(\d+): carrier 't-mobile' "


def replace(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, f"the test's edit did not apply: {old!r}"
        return text.replace(old, new, 1)
    return change


CANCEL_SOURCE = "        source: t-mobile-cancel#end-of-bill-cycle\n    pin"
BAD = {
    "fact without a source": (
        replace(CANCEL_SOURCE, "    pin"), T + r"is missing required field 'cancel\.source'$", 9),
    "unknown source": (
        replace(CANCEL_SOURCE, CANCEL_SOURCE.replace("t-mobile-cancel#", "t-mobile-cancl#")),
        T + r"field 'cancel\.source' names the unknown source 't-mobile-cancl': did you mean 't-mobile-cancel'\? "
            r"a source must be registered in docs/data/sources\.yml", 10),
    "source without a quote": (
        replace(CANCEL_SOURCE, CANCEL_SOURCE.replace("#end-of-bill-cycle", "")),
        T + r"field 'cancel\.source' names no quote: write 't-mobile-cancel#<quote id>', with the id of the words "
            r"that back this claim \(end-of-bill-cycle\), or add them to docs/data/sources\.yml$", 10),
    "unknown quote": (
        replace(CANCEL_SOURCE, CANCEL_SOURCE.replace("#end-of-bill-cycle", "#end-of-cycle")),
        T + r"field 'cancel\.source' names the unknown quote 'end-of-cycle' of source 't-mobile-cancel'", 10),
    "a link where the reference goes": (
        replace(CANCEL_SOURCE, CANCEL_SOURCE.replace("t-mobile-cancel#end-of-bill-cycle",
                                                     "https://www.t-mobile.com/support/account/cancel-service")),
        T + r"field 'cancel\.source' 'https://www\.t-mobile\.com/support/account/cancel-service' is a URL: a "
            r"reference names a registered source and quote; this page is registered as 't-mobile-cancel', write "
            r"'t-mobile-cancel#<quote id>'$", 10),
    "unknown field of a fact": (
        replace("      - text: 注销", "      - checked: 2026-11-25\n        text: 注销"),
        T + r"has unknown field 'cancel\.checked'; expected only source, text$", 9),
    "unknown field of a carrier": (
        replace("    pin: []", "    website: https://www.t-mobile.com/\n    pin: []"),
        T + r"has unknown field 'website'; expected only id, name, network, billing, cancel, pin, unlock$", 11),
    "missing field": (
        replace("    unlock: []\n", ""),
        T + r"is missing required field 'unlock'$", 2),
    "duplicate id": (
        lambda text: text + text.removeprefix("carriers:\n"),
        T + r"is listed twice \(first on line 2\); each carrier needs its own id$", 13),
    "id that is no anchor": (
        replace("id: t-mobile", "id: T-Mobile"),
        r"docs/data/carriers\.yml:(\d+): carrier 'T-Mobile' field 'id' must be lowercase ASCII words", 2),
    "billing that is no billing page": (
        replace("model: postpaid", "model: monthly"),
        T + r"field 'billing\.model' must be the id of a billing card page \(postpaid, prepaid\), "
            r"got 'monthly'$", 6),
    "network type that is neither": (
        replace("    network: []", "    network:\n      - kind: MVNO\n        source: t-mobile-cancel#end-of-bill-cycle"),
        T + r"field 'network\.kind' must be one of 运营商, 虚拟运营商, got 'MVNO'$", 5),
    "shortener in a text": (
        replace("注销在本账单周期结束时生效", "详见 bit.ly/3abc"),
        T + r"field 'cancel\.text': link 'bit\.ly/3abc' points to a URL shortener", 9),
    "a second fact names its place": (
        replace("    pin: []", SECOND_FACT.replace("#end-of-bill-cycle", "#nope") + "    pin: []"),
        T + r"field 'cancel\[2\]\.source' names the unknown quote 'nope'", 12),
    "text cut short by a comment": (
        replace("注销在本账单周期结束时生效", "用这部手机拨 #PORT 申请"),
        T + r"field 'cancel\.text' stops before ' #': YAML reads the rest of the line as a comment; "
            r"put the text in quotes$", 9),
    "facts that are no list": (
        replace("    pin: []", "    pin: 见官网"),
        T + r"field 'pin' must be a list of entries, each with source, text; write \[\] when no fact has a "
            r"source \(the page says 见官网\)$", 11),
    "not valid YAML": (
        replace("    pin: []", "    pin: [见官网"),
        r"docs/data/carriers\.yml:(\d+): is not valid YAML", None),
}


def test_the_base_of_the_bad_cases_is_valid() -> None:
    [carrier] = carrier_data.read_carriers(LABEL, BASE, BILLING, BASE_REGISTER)
    fact = carrier.of("cancel")[0]
    assert (fact.reference, fact.source.checked, fact.third_party) == ("t-mobile-cancel#end-of-bill-cycle", ON, False)


@pytest.mark.parametrize("case", BAD)
def test_a_mistake_names_file_line_carrier_and_field(case: str) -> None:
    change, message, line = BAD[case]
    with pytest.raises(cards.SourceError) as error:
        carrier_data.read_carriers(LABEL, change(BASE), BILLING, BASE_REGISTER)
    match = re.match(message, str(error.value))
    assert match, str(error.value)
    if line is not None:
        assert int(match.group(1)) == line, str(error.value)


def test_markup_in_a_text_stays_text(guide: cards.Guide) -> None:
    text = BASE.replace("注销在本账单周期结束时生效", "<script>alert(1)</script>", 1)
    page = carrier_page.render(carrier_data.read_carriers(LABEL, text, BILLING, BASE_REGISTER), guide)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page


def break_data(project: Path, old: str, new: str) -> None:
    path = project / "docs" / "data" / "carriers.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the test's edit did not apply: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_mistake_in_the_data_fails_the_build_and_leaves_no_site(project_copy: Path) -> None:
    break_data(project_copy, "source: cricket-cancel#sixty-days", "source: cricket-cancel#sixty")
    assert_build_fails(project_copy, r"docs/data/carriers\.yml:\d+: carrier 'cricket' field 'cancel\[2\]\.source' names "
                                     r"the unknown quote 'sixty' of source 'cricket-cancel'")


def test_a_missing_data_file_is_named(project_copy: Path) -> None:
    (project_copy / "docs" / "data" / "carriers.yml").unlink()
    assert_build_fails(project_copy, r"docs/data/carriers\.yml:? is missing: the page carriers\.md is built from it")


# --- the built page -----------------------------------------------------------------------------


@pytest.mark.parametrize("carrier_id", CARRIER_IDS)
def test_every_fact_shows_its_quote_source_and_checked_date(soup: Callable[[str], BeautifulSoup],
                                                            carrier: carrier_data.Carrier) -> None:
    shown = items(soup("carriers/"), carrier.id)
    for field, facts in carrier.facts.items():
        for fact in facts:
            if field == "billing":
                href = f"../cards/{fact.value}/"
                matches = [li for li in shown if li.select_one(f'a[href="{href}"]')]
            else:
                matches = [li for li in shown if fact.value.rstrip("。") in li.get_text()]
            assert len(matches) == 1, f"{carrier.id} {field}: {fact.value!r} shown {len(matches)} times"
            item = matches[0]
            card = item.select_one(f'.gs-cite:has(> button[data-source="{fact.source.id}"]) > .gs-cite__card')
            assert card, item
            assert card.select_one("q").get_text() == fact.quote.text
            assert card.select_one(f'time[datetime="{fact.source.checked.isoformat()}"]'), card
            assert card.select_one(f'a[href="{fact.source.url}"]'), card
            assert (carrier_page.THIRD_PARTY in item.get_text()) == fact.third_party, item


@pytest.mark.parametrize("carrier_id", CARRIER_IDS)
def test_a_field_without_a_sourced_fact_says_see_the_official_site(soup: Callable[[str], BeautifulSoup],
                                                                    carrier: carrier_data.Carrier) -> None:
    elements = section(soup("carriers/"), carrier.id)
    for field, heading in carrier_data.FIELDS.items():
        label = next(e for e in elements if e.name == "p" and e.get_text(strip=True) == heading)
        listed = label.find_next_sibling("ul")
        expected = ["见官网。"] if not carrier.of(field) else None
        if expected:
            assert [li.get_text(strip=True) for li in listed.select("li")] == expected
        else:
            assert len(listed.select("li")) == len(carrier.of(field))


def test_the_table_links_every_carrier_to_its_section(soup: Callable[[str], BeautifulSoup],
                                                      all_carriers: Carriers) -> None:
    rows = soup("carriers/").select("article table tbody tr")
    assert [row.select_one("td a")["href"] for row in rows] == [f"#{c.id}" for c in all_carriers]
    att, verizon = (rows[i].get_text(" ", strip=True) for i in (0, 1))
    assert "后付费" in att and "预付费" in att
    assert "官方 + 第三方" in verizon  # its transfer PIN: official facts and one third-party fact


def test_the_page_is_in_the_nav_after_before(soup: Callable[[str], BeautifulSoup]) -> None:
    titles = [a.get_text(strip=True) for a in soup("").select("nav.md-nav--primary > ul > li > a")]
    assert titles.index("运营商速查") == titles.index("注销前必读") + 1


def test_home_and_every_card_page_link_to_it(soup: Callable[[str], BeautifulSoup], guide: cards.Guide) -> None:
    assert soup("").select_one('article a[href="carriers/"]')
    for card in guide.cards:
        applies = section(soup(f"cards/{card.card}/"), "适用情况")
        links = [a for element in applies for a in element.select('a[href="../../carriers/"]')]
        assert links, f"cards/{card.card}/: 适用情况 does not link 运营商速查"


def test_edit_this_page_opens_the_data_file(soup: Callable[[str], BeautifulSoup]) -> None:
    edit = soup("carriers/").select_one('a.md-content__button[rel="edit"]')["href"]
    assert edit == f"{REPO_URL}/edit/main/docs/data/carriers.yml"


def test_the_data_file_is_not_published(site: Path) -> None:
    assert (site / "carriers" / "index.html").is_file()
    assert not list(site.rglob("*.yml"))


@pytest.fixture
def desktop(browser: object, base_url: str) -> object:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base_url)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("query", ["Verizon", "T-Mobile", "Cricket"])
def test_search_by_carrier_name_finds_the_page(desktop: object, query: str) -> None:
    assert "carriers/" in search(desktop, query)[:3]
