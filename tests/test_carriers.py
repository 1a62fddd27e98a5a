"""运营商速查: the data file is checked, and every sourced fact reaches its carrier's section."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Callable

import autocorrect_py
import pytest
from bs4 import BeautifulSoup, Tag

import cards
import carriers
from conftest import REPO_URL, ROOT, TODAY, assert_build_fails
from test_search import search

DATA = ROOT / "docs" / "data" / "carriers.yml"
LABEL = "docs/data/carriers.yml"
ON = dt.date.fromisoformat(TODAY)
BILLING = ("postpaid", "prepaid")  # the billing cards of docs/cards/ (checked against the guide below)
# Every carrier the fact sheet names, in the order the page shows them.
FACT_SHEET_CARRIERS = ["AT&T", "Verizon", "T-Mobile", "Google Fi", "Cricket", "US Mobile", "Mint Mobile",
                       "H2O Wireless", "Ultra Mobile", "Visible"]
CARRIER_IDS = ["att", "verizon", "t-mobile", "google-fi", "cricket", "us-mobile", "mint-mobile", "h2o-wireless",
               "ultra-mobile", "visible"]


@pytest.fixture(scope="session")
def all_carriers(guide: cards.Guide) -> list[carriers.Carrier]:
    """The project's carrier data, read once (a content mistake fails the tests that use it, only)."""
    return carriers.read_carriers(LABEL, DATA.read_text(encoding="utf-8"), carriers.billing_cards(guide), ON)


@pytest.fixture
def carrier(all_carriers: list[carriers.Carrier], carrier_id: str) -> carriers.Carrier:
    return next(c for c in all_carriers if c.id == carrier_id)


def test_the_billing_cards_are_the_guides(guide: cards.Guide) -> None:
    assert carriers.billing_cards(guide) == BILLING


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


def test_every_carrier_of_the_fact_sheet_has_an_entry_in_order(all_carriers: list[carriers.Carrier]) -> None:
    assert [c.name for c in all_carriers] == FACT_SHEET_CARRIERS
    assert [c.id for c in all_carriers] == CARRIER_IDS


def test_the_fields_of_the_page_are_the_fields_of_the_schema() -> None:
    facts = [key for key, option in carriers.CarrierMeta._schema if isinstance(option, carriers.Facts)]
    assert facts == list(carriers.FIELDS)


def test_only_verizons_port_code_is_published_and_nothing_the_fact_sheet_forbids(all_carriers: list[carriers.Carrier],
        guide: cards.Guide) -> None:
    text = DATA.read_text(encoding="utf-8")
    coded = {c.id for c in all_carriers for facts in c.facts.values() for f in facts
             if re.search(r"[*#](?:\d|[A-Z]{3,})", f.value)}
    assert coded == {"verizon"}
    assert "#PORT" in carriers.render(all_carriers, guide)
    for unpublished in ("*PORT", "*7678", "#PORT#", "*#06#", "*190#", "30–45", "30-45"):
        assert unpublished not in text


def test_a_third_party_fact_goes_without_a_link_only_for_a_carrier_with_no_official_page(all_carriers: list[carriers.Carrier]) -> None:
    unlinked = {c.id for c in all_carriers for facts in c.facts.values() for f in facts if f.source is None}
    assert unlinked == {"visible"}
    assert not next(c for c in all_carriers if c.id == "visible").official_sources
    assert all(f.third_party for c in all_carriers for facts in c.facts.values() for f in facts if not f.source)


def test_billing_follows_the_fact_sheet(all_carriers: list[carriers.Carrier]) -> None:
    models = {c.id: [f.value for f in c.of("billing")] for c in all_carriers}
    assert models["att"] == ["postpaid", "prepaid"]  # AT&T prepaid: 6 months before unlocking
    assert models["cricket"] == ["prepaid"]
    assert models["verizon"] == ["postpaid"]
    assert not any(c.of("network") for c in all_carriers), "the fact sheet says no carrier's network type"


def test_the_generated_page_follows_the_chinese_copy_style(all_carriers: list[carriers.Carrier],
        guide: cards.Guide) -> None:
    markdown = carriers.render(all_carriers, guide)
    problems = autocorrect_py.lint_for(markdown, "carriers.md").lines
    assert [(line.line, line.old, line.new) for line in problems] == []


def test_a_column_no_carrier_has_a_fact_for_is_left_out_of_the_table(all_carriers: list[carriers.Carrier],
        guide: cards.Guide) -> None:
    header = next(line for line in carriers.render(all_carriers, guide).split("\n") if line.startswith("| 运营商"))
    assert header == "| 运营商 | 计费方式 | 注销 | 转网 PIN | 解锁 |"


# --- mistakes in the data stop the build --------------------------------------------------------

BASE = """\
carriers:
  - id: t-mobile
    name: T-Mobile
    network: []
    billing:
      - model: postpaid
        source: https://www.t-mobile.com/support/account/cancel-service
        checked: 2026-11-25
    cancel:
      - text: 注销在本账单周期结束时生效
        source: https://www.t-mobile.com/support/account/cancel-service
        checked: 2026-11-25
    pin: []
    unlock: []
"""
SECOND_FACT = """\
      - text: 第二条
        third_party: true
        source: https://www.t-mobile.com/support/account/cancel-service
        checked: 2026-11-25
"""
T = r"docs/data/carriers\.yml:(\d+): carrier 't-mobile' "


def replace(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, f"the test's edit did not apply: {old!r}"
        return text.replace(old, new, 1)
    return change


BAD = {
    "fact without a source": (
        replace("        source: https://www.t-mobile.com/support/account/cancel-service\n        checked: 2026-11-25\n"
                "    pin", "        checked: 2026-11-25\n    pin"),
        T + r"field 'cancel\.source' is missing: an official fact needs the https URL", 10),
    "source not over https": (
        replace("source: https://www.t-mobile.com/support/account/cancel-service\n        checked: 2026-11-25\n    pin",
                "source: http://www.t-mobile.com/support/account/cancel-service\n        checked: 2026-11-25\n    pin"),
        T + r"field 'cancel\.source' must be an https URL, got 'http://www\.t-mobile\.com/support/account/"
            r"cancel-service'$", 11),
    "date that is not a date": (
        replace("checked: 2026-11-25\n    pin", "checked: 2026-13-01\n    pin"),
        T + r"field 'cancel\.checked' must be a date \(YYYY-MM-DD\), got '2026-13-01'$", 12),
    "date in the future": (
        replace("checked: 2026-11-25\n    pin", "checked: 2026-11-26\n    pin"),
        T + r"field 'cancel\.checked' is 2026-11-26, which lies in the future \(today is 2026-11-25\)$", 12),
    "unknown field of a fact": (
        replace("      - text: 注销", "      - url: https://www.t-mobile.com/\n        text: 注销"),
        T + r"has unknown field 'cancel\.url'; expected only source, checked, third_party, text$", 10),
    "unknown field of a carrier": (
        replace("    pin: []", "    website: https://www.t-mobile.com/\n    pin: []"),
        T + r"has unknown field 'website'; expected only id, name, network, billing, cancel, pin, unlock$", 13),
    "missing field": (
        replace("    unlock: []\n", ""),
        T + r"is missing required field 'unlock'$", 2),
    "duplicate id": (
        lambda text: text + text.removeprefix("carriers:\n"),
        T + r"is listed twice \(first on line 2\); each carrier needs its own id$", 15),
    "id that is no anchor": (
        replace("id: t-mobile", "id: T-Mobile"),
        r"docs/data/carriers\.yml:(\d+): carrier 'T-Mobile' field 'id' must be lowercase ASCII words", 2),
    "billing that is no billing page": (
        replace("model: postpaid", "model: monthly"),
        T + r"field 'billing\.model' must be the id of a billing card page \(postpaid, prepaid\), "
            r"got 'monthly'$", 6),
    "network type that is neither": (
        replace("    network: []", "    network:\n      - kind: MVNO\n        source: https://www.t-mobile.com/\n"
                "        checked: 2026-11-25"),
        T + r"field 'network\.kind' must be one of 运营商, 虚拟运营商, got 'MVNO'$", 5),
    "chat-group source": (
        replace("source: https://www.t-mobile.com/support/account/cancel-service\n        checked: 2026-11-25\n    pin",
                "source: https://t.me/uscards\n        checked: 2026-11-25\n    pin"),
        T + r"field 'cancel\.source': link 'https://t\.me/uscards' points to a chat group \(t\.me\)", 11),
    "shortener in a text": (
        replace("注销在本账单周期结束时生效", "详见 bit.ly/3abc"),
        T + r"field 'cancel\.text': link 'bit\.ly/3abc' points to a URL shortener", 10),
    "a second fact names its place": (
        replace("    pin: []", SECOND_FACT.replace("https://www", "http://www") + "    pin: []"),
        T + r"field 'cancel\[2\]\.source' must be an https URL", 15),
    "third-party fact without the official page to check it on": (
        replace("    pin: []", SECOND_FACT.replace(
            "        source: https://www.t-mobile.com/support/account/cancel-service\n", "") + "    pin: []"),
        T + r"field 'cancel\[2\]\.source' is missing: link the carrier's closest official page \(such as "
            r"https://www\.t-mobile\.com/support/account/cancel-service\)", 13),
    "text cut short by a comment": (
        replace("注销在本账单周期结束时生效", "用这部手机拨 #PORT 申请"),
        T + r"field 'cancel\.text' stops before ' #': YAML reads the rest of the line as a comment; "
            r"put the text in quotes$", 10),
    "facts that are no list": (
        replace("    pin: []", "    pin: 见官网"),
        T + r"field 'pin' must be a list of facts", 13),
    "not valid YAML": (
        replace("    pin: []", "    pin: [见官网"),
        r"docs/data/carriers\.yml:(\d+): is not valid YAML", None),
}


def test_the_base_of_the_bad_cases_is_valid() -> None:
    [carrier] = carriers.read_carriers(LABEL, BASE, BILLING, ON)
    assert carrier.of("cancel")[0].source == "https://www.t-mobile.com/support/account/cancel-service"


@pytest.mark.parametrize("case", BAD)
def test_a_mistake_names_file_line_carrier_and_field(case: str) -> None:
    change, message, line = BAD[case]
    with pytest.raises(cards.SourceError) as error:
        carriers.read_carriers(LABEL, change(BASE), BILLING, ON)
    match = re.match(message, str(error.value))
    assert match, str(error.value)
    if line is not None:
        assert int(match.group(1)) == line, str(error.value)


def test_markup_in_a_text_or_source_stays_text(guide: cards.Guide) -> None:
    text = BASE.replace("注销在本账单周期结束时生效", "<script>alert(1)</script>", 1)
    page = carriers.render(carriers.read_carriers(LABEL, text, BILLING, ON), guide)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page
    assert carriers._url("https://www.att.com/x)<script>") == "https://www.att.com/x%29%3Cscript%3E"


def test_today_comes_from_guide_today(monkeypatch: pytest.MonkeyPatch) -> None:
    text = BASE.replace("checked: 2026-11-25\n    pin", "checked: 2026-11-26\n    pin")
    monkeypatch.setenv(cards.TODAY_VARIABLE, "2026-11-26")
    assert carriers.read_carriers(LABEL, text, BILLING)
    monkeypatch.setenv(cards.TODAY_VARIABLE, "2026-11-25")
    with pytest.raises(cards.SourceError, match="lies in the future"):
        carriers.read_carriers(LABEL, text, BILLING)


def break_data(project: Path, old: str, new: str) -> None:
    path = project / "docs" / "data" / "carriers.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the test's edit did not apply: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# One build for the adapter; every message is proven on read_carriers above.
BUILDS = {
    "date in the future": (
        "  - id: cricket\n    name: Cricket\n    network: []\n    billing:\n      - model: prepaid\n"
        "        source: https://www.cricketwireless.com/support/account-management/cancel-service/\n"
        "        checked: 2026-11-25",
        "  - id: cricket\n    name: Cricket\n    network: []\n    billing:\n      - model: prepaid\n"
        "        source: https://www.cricketwireless.com/support/account-management/cancel-service/\n"
        "        checked: 2027-01-01",
        r"docs/data/carriers\.yml:\d+: carrier 'cricket' field 'billing\.checked' is 2027-01-01, which lies "
        r"in the future \(today is 2026-11-25\)"),
}


@pytest.mark.parametrize("case", BUILDS)
def test_a_mistake_in_the_data_fails_the_build_and_leaves_no_site(project_copy: Path, case: str) -> None:
    old, new, message = BUILDS[case]
    break_data(project_copy, old, new)
    assert_build_fails(project_copy, message)


def test_a_missing_data_file_is_named(project_copy: Path) -> None:
    (project_copy / "docs" / "data" / "carriers.yml").unlink()
    assert_build_fails(project_copy, r"docs/data/carriers\.yml is missing: the page carriers\.md is built from it")


# --- the built page -----------------------------------------------------------------------------


@pytest.mark.parametrize("carrier_id", CARRIER_IDS)
def test_every_fact_shows_its_source_and_checked_date(soup: Callable[[str], BeautifulSoup],
                                                      carrier: carriers.Carrier) -> None:
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
            assert item.select_one(f'time[datetime="{fact.checked.isoformat()}"]'), item
            if fact.source:
                assert item.select_one(f'a[href="{fact.source}"]'), item
            assert (carriers.THIRD_PARTY in item.get_text()) == fact.third_party, item


@pytest.mark.parametrize("carrier_id", CARRIER_IDS)
def test_a_field_without_a_sourced_fact_says_see_the_official_site(soup: Callable[[str], BeautifulSoup],
                                                                    carrier: carriers.Carrier) -> None:
    elements = section(soup("carriers/"), carrier.id)
    for field, heading in carriers.FIELDS.items():
        label = next(e for e in elements if e.name == "p" and e.get_text(strip=True) == heading)
        listed = label.find_next_sibling("ul")
        expected = ["见官网。"] if not carrier.of(field) else None
        if expected:
            assert [li.get_text(strip=True) for li in listed.select("li")] == expected
        else:
            assert len(listed.select("li")) == len(carrier.of(field))


def test_the_table_links_every_carrier_to_its_section(soup: Callable[[str], BeautifulSoup],
        all_carriers: list[carriers.Carrier]) -> None:
    rows = soup("carriers/").select("article table tbody tr")
    assert [row.select_one("td a")["href"] for row in rows] == [f"#{c.id}" for c in all_carriers]
    att = rows[0].get_text(" ", strip=True)
    assert "官方 + 第三方" in att and "后付费" in att and "预付费" in att


def test_the_page_is_in_the_nav_after_before(soup: Callable[[str], BeautifulSoup]) -> None:
    titles = [a.get_text(strip=True) for a in soup("").select("nav.md-nav--primary > ul > li > a")]
    assert titles.index("运营商速查") == titles.index("注销前必读") + 1


def test_home_and_every_card_page_link_to_it(soup: Callable[[str], BeautifulSoup],
        guide: cards.Guide) -> None:
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
