"""运营商速查: the data file is checked, and every sourced fact reaches its carrier's section."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Callable

import autocorrect_py
import pytest
from bs4 import BeautifulSoup, Tag
from playwright.sync_api import expect

import carrier_data
import datafile
import carrier_page
import cards
import sources
from conftest import REPO_URL, ROOT, TODAY, assert_build_fails, search_results

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
        if sibling.name == "h2" or "gs-cite-notes" in sibling.get("class", []):  # the page's print endnotes
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
    html = BeautifulSoup(carrier_page.render(all_carriers, guide), "html.parser")
    assert [th.get_text() for th in html.select("table thead th")] == ["运营商", "计费方式", "注销", "转网 PIN", "解锁"]


def test_every_field_with_facts_has_a_short_answer(all_carriers: Carriers) -> None:
    """The table of the project's data is all answers: no 见下文."""
    for carrier in all_carriers:
        for field in ("cancel", "pin", "unlock"):
            assert (field in carrier.answers) == bool(carrier.of(field)), (carrier.id, field)
            if field in carrier.answers:
                assert len(carrier.answers[field].text) <= carrier_data.ANSWER_MAX


def test_billing_tags_follow_the_quotes(all_carriers: Carriers) -> None:
    tagged = {(c.id, f.reference, f.billing) for c in all_carriers for facts in c.facts.values() for f in facts
              if f.billing}
    assert tagged == {
        ("att", "att-unlock#prepaid-six-months", "prepaid"),
        ("t-mobile", "legalclarity-cancel-t-mobile-prepaid#autopay-not-cancelled", "prepaid"),
        ("t-mobile", "t-mobile-unlock#postpaid-40-days", "postpaid"),
        ("t-mobile", "t-mobile-unlock#postpaid-paid-in-full", "postpaid"),
        ("t-mobile", "t-mobile-unlock#prepaid-refills", "prepaid"),
    }
    texts = [f.value for c in all_carriers for facts in c.facts.values() for f in facts if f.billing]
    assert not [text for text in texts if text.startswith(("预付费：", "后付费："))], "the sub-label says it"



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
  - id: t-mobile-unlock
    url: https://www.t-mobile.com/support/devices/unlock-your-mobile-wireless-device
    publisher: T-Mobile
    title: Unlock your mobile wireless device
    official: true
    checked: 2026-10-01
    quotes:
      - id: prepaid-refills
        text: "The Prepaid account using the device must have more than $100 in refills since device first use date."
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
CANCEL_TEXT = "      - text: 注销在本账单周期结束时生效\n"


def answer(text: str) -> Callable[[str], str]:
    """The cancel fact gives the table an answer (on line 10)."""
    return replace(CANCEL_TEXT, CANCEL_TEXT + f"        answer: {text}\n")


def tag(model: str) -> Callable[[str], str]:
    """The cancel fact names a billing model (on line 11, 13 with two models)."""
    return replace(CANCEL_SOURCE, CANCEL_SOURCE.replace("\n    pin", f"\n        billing: {model}\n    pin"))


def two_models(change: Callable[[str], str] = lambda text: text) -> Callable[[str], str]:
    """T-Mobile sold prepaid too (two lines more, after line 7), then `change`."""
    prepaid = "      - model: prepaid\n        source: t-mobile-unlock#prepaid-refills\n    cancel:\n"
    return lambda text: change(replace("    cancel:\n", prepaid)(text))


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
        T + r"has unknown field 'cancel\.checked'; expected only source, billing, text, answer$", 9),
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
        T + r"field 'pin' must be a list of entries, each with source, billing, text, answer; write \[\] when "
            r"no fact has a "
            r"source \(the page says 见官网\)$", 11),
    "answer too long for a cell": (
        answer("注销在本账单周期结束时生效，请注意"),
        T + r"field 'cancel\.answer' is 17 characters long; a table cell holds at most 12 \(such as 'App 或电话'\): "
            r"shorten it, the carrier's section keeps the details$", 10),
    "answer with a number its fact does not give": (
        answer("周期末 30 天后"),
        T + r"field 'cancel\.answer' says '30', which its fact's text does not: an answer repeats only numbers and "
            r"codes its fact \(with its source\) gives; write it without, or answer from the fact that states it$", 10),
    "answer with a dial code its fact does not give": (
        answer("'拨 #PORT'"),
        T + r"field 'cancel\.answer' says '#PORT', which its fact's text does not", 10),
    "answer cut short by a comment": (
        answer("拨 #PORT"),
        T + r"field 'cancel\.answer' stops before ' #': YAML reads the rest of the line as a comment; "
            r"put the text in quotes$", 10),
    "two answers in one field": (
        lambda text: answer("周期末生效")(replace("    pin: []", SECOND_FACT + "        answer: 第二\n    pin: []")(text)),
        T + r"field 'cancel\[2\]\.answer': the table has one answer per field, and 'cancel\[1\]\.answer' gives "
            r"it already; keep one of the two$", 14),
    "answer on a billing fact": (
        replace("      - model: postpaid\n", "      - model: postpaid\n        answer: 月付\n"),
        T + r"has unknown field 'billing\.answer'; expected only source, billing, model$", 7),
    "billing tag where the carrier has one model": (
        tag("postpaid"),
        T + r"field 'cancel\.billing': T-Mobile lists only postpaid under 'billing', so every fact is about it; "
            r"remove the tag$", 11),
    "billing tag that is no model of the carrier": (
        two_models(tag("monthly")),
        T + r"field 'cancel\.billing' must be one of T-Mobile's billing models \(postpaid, prepaid\), "
            r"got 'monthly'$", 13),
    "billing tag its source does not say": (
        two_models(tag("prepaid")),
        T + r"field 'cancel\.billing' says prepaid, but neither the quote 't-mobile-cancel#end-of-bill-cycle' nor "
            r"its source's title says it: leave 'billing' out \(the fact then applies to both\), or cite words that "
            r"name the billing model$", 13),
    "billing tag on a billing fact": (
        two_models(replace("source: t-mobile-unlock#prepaid-refills\n",
                           "source: t-mobile-unlock#prepaid-refills\n        billing: prepaid\n")),
        T + r"field 'billing\[2\]\.billing' is not needed: the fact's model already says which; remove it$", 10),
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


def test_a_fact_tagged_with_a_model_its_quote_names_is_grouped_under_it() -> None:
    tagged = two_models(lambda text: text.replace("    pin: []", """\
      - text: 充值超过 100 美元才解锁
        source: t-mobile-unlock#prepaid-refills
        billing: prepaid
    pin: []""", 1))
    [carrier] = carrier_data.read_carriers(LABEL, answer("周期末生效")(tagged(BASE)), BILLING, BASE_REGISTER)
    assert carrier.models == ("postpaid", "prepaid")
    assert [(model, [f.value for f in facts]) for model, facts in carrier.by_billing("cancel")] == [
        (None, ["注销在本账单周期结束时生效"]), ("prepaid", ["充值超过 100 美元才解锁"])]
    assert carrier.answers["cancel"].text == "周期末生效"  # the first fact's answer
    assert carrier.checked == dt.date(2026, 10, 1)  # the oldest of its sources' check dates


def test_a_field_without_an_answer_says_see_below_and_one_without_facts_see_the_official_site(
        guide: cards.Guide) -> None:
    [carrier] = carrier_data.read_carriers(LABEL, BASE, BILLING, BASE_REGISTER)
    html = BeautifulSoup(carrier_page.table([carrier], {p.card: p for p in guide.by_axis("billing")}), "html.parser")
    cells = [td.get_text(strip=True) for td in html.select("tbody td")]
    assert cells == ["计费方式：后付费", f"注销：{carrier_page.SEE_BELOW}"]  # pin and unlock: no carrier has a fact


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
def test_a_field_without_a_sourced_fact_is_named_once_not_given_a_heading(soup: Callable[[str], BeautifulSoup],
                                                                           carrier: carrier_data.Carrier) -> None:
    elements = section(soup("carriers/"), carrier.id)
    headings = [e for e in elements if e.name == "h3"]
    assert [h.get_text(strip=True) for h in headings] == [carrier_data.FIELDS[f] for f in carrier_data.FIELDS
                                                          if carrier.of(f)]
    for heading in headings:
        assert heading["id"] == f"{carrier.id}-{next(f for f, h in carrier_data.FIELDS.items() if h == heading.text)}"
    missing = [h for f, h in carrier_data.FIELDS.items() if not carrier.of(f)]
    said = [e.get_text(strip=True) for e in elements if e.name == "p" and carrier_data.NO_FACT in e.get_text()]
    assert said == ([f"{'、'.join(missing)}：{carrier_data.NO_FACT}（还没找到可靠来源）。"] if missing else [])


@pytest.mark.parametrize("carrier_id", CARRIER_IDS)
def test_no_heading_is_empty(soup: Callable[[str], BeautifulSoup], carrier: carrier_data.Carrier) -> None:
    elements = section(soup("carriers/"), carrier.id)
    for index, element in enumerate(elements):
        if element.name in ("h3", "h4"):  # a field's facts, or its billing groups of facts
            following = elements[index + 1] if index + 1 < len(elements) else None
            assert following is not None, element
            assert (following.name == "ul" and following.select("li")) or \
                (element.name == "h3" and following.name == "h4"), element


@pytest.mark.parametrize("carrier_id", CARRIER_IDS)
def test_one_check_date_per_carrier_the_oldest_of_its_sources(soup: Callable[[str], BeautifulSoup],
                                                               carrier: carrier_data.Carrier) -> None:
    shown = BeautifulSoup("".join(str(e) for e in section(soup("carriers/"), carrier.id)), "html.parser")
    for card in shown.select(".gs-cite__card"):  # the quote popovers keep their own date
        card.decompose()
    dates = re.findall(r"\d{4}-\d{2}-\d{2}", shown.get_text())
    oldest = min(f.source.checked for facts in carrier.facts.values() for f in facts)
    assert dates == [oldest.isoformat()]


@pytest.mark.parametrize("carrier_id", ["att", "t-mobile"])
def test_prepaid_and_postpaid_facts_stand_apart(soup: Callable[[str], BeautifulSoup],
                                                 carrier: carrier_data.Carrier) -> None:
    elements = section(soup("carriers/"), carrier.id)
    titles = {"prepaid": "预付费", "postpaid": "后付费", None: carrier_page.UNTAGGED}
    for field in carrier_data.FIELDS:
        groups = carrier.by_billing(field)
        if len(groups) < 2:
            continue
        heading = next(e for e in elements if e.name == "h3" and e.get("id") == f"{carrier.id}-{field}")
        for model, facts in groups:
            label = next(h for h in heading.find_next_siblings("h4") if h.get_text() == titles[model])
            shown = label.find_next_sibling("ul").get_text()
            assert all(f.value.rstrip("。") in shown for f in facts), (field, model)
            others = [f for m, fs in groups if m != model for f in fs]
            assert not any(f.value.rstrip("。") in shown for f in others), (field, model)



def test_the_table_gives_answers_and_links_every_carrier_to_its_section(soup: Callable[[str], BeautifulSoup],
                                                                        all_carriers: Carriers) -> None:
    html = soup("carriers/")
    rows = html.select("article table.gs-carriers__table tbody tr")
    assert [row.select_one("th a")["href"] for row in rows] == [f"#{c.id}" for c in all_carriers]
    cells = {c.id: [td.get_text(strip=True) for td in row.select("td")] for c, row in zip(all_carriers, rows)}
    assert cells["att"][0] == "计费方式：后付费、预付费"
    assert cells["verizon"][2] == "转网 PIN：拨 #PORT 或网上"
    assert cells["att"][2] == "转网 PIN：专用转网 PIN（第三方）"  # its one PIN fact is a third party's
    assert cells["t-mobile"][3] == "解锁：用满 40 天（后付费）"
    assert cells["google-fi"][3] == "解锁：见官网"
    assert not [c for row in cells.values() for c in row if "官方" in c or carrier_page.SEE_BELOW in c]
    for carrier, row in zip(all_carriers, rows):  # an answer leads to the details and sources
        for link in row.select("td a"):
            assert html.select_one(f'article h3[id="{link["href"][1:]}"]'), link


def test_the_chooser_leads_to_every_carrier(soup: Callable[[str], BeautifulSoup], all_carriers: Carriers) -> None:
    html = soup("carriers/")
    chooser = html.select_one("article nav.gs-chooser")
    first = next(e for e in html.select_one("article h1").find_next_siblings())
    assert chooser is first, "the chooser comes first, under the title"
    assert html.select_one(f'#{chooser["aria-labelledby"]}').get_text() == carrier_page.CHOOSER
    assert [(a["href"], a.get_text()) for a in chooser.select("li > a")] == [(f"#{c.id}", c.name)
                                                                           for c in all_carriers]
    for carrier in all_carriers:
        assert html.select_one(f'article h2[id="{carrier.id}"]')


def test_the_traditional_copy_has_the_chooser_and_the_table(soup: Callable[[str], BeautifulSoup],
                                                            all_carriers: Carriers) -> None:
    html = soup("zh-hant/carriers/")
    assert len(html.select("article nav.gs-chooser li a")) == len(all_carriers)
    assert len(html.select("article table.gs-carriers__table tbody tr")) == len(all_carriers)
    assert "見官網" in html.select_one("article table").get_text()



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
def small_phone(browser: object, base_url: str) -> object:
    """The narrowest phone the page is made for: 360 x 740, touch."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=base_url, has_touch=True,
                                  is_mobile=True)
    yield context.new_page()
    context.close()


def test_on_a_360_px_phone_nothing_scrolls_sideways_and_the_table_fits(small_phone: object) -> None:
    page = small_phone
    page.goto("carriers/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    table = page.locator("article .gs-carriers")
    sizes = table.evaluate("e => [e.scrollWidth, e.clientWidth, e.getBoundingClientRect().right]")
    assert sizes[0] <= sizes[1] and sizes[2] <= 360, sizes
    # stacked: each cell names its column, as the hidden header row would
    expect(table.locator("td .gs-carriers__label").first).to_be_visible()
    assert table.locator("thead").evaluate("e => e.getBoundingClientRect().height") <= 1
    # the chips fit too, each a tap target
    for box in (chip.bounding_box() for chip in page.locator("article .gs-chooser a").all()):
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360 and box["height"] >= 24, box


def test_the_chooser_takes_a_keyboard_to_the_carrier(small_phone: object) -> None:
    page = small_phone
    page.goto("carriers/")
    chip = page.locator('article .gs-chooser a[href$="#t-mobile"]')  # instant loading makes links absolute
    for _ in range(80):  # Tab from the top of the page to the chip
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.gs-chooser') && "
                         "document.activeElement.hash === '#t-mobile'"):
            break
    expect(chip).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**/carriers/#t-mobile")
    heading = page.locator('article h2[id="t-mobile"]').evaluate("e => e.getBoundingClientRect().toJSON()")
    assert 0 <= heading["y"] < 740 / 2, heading


def test_an_answer_leads_to_its_facts_and_their_quotes_open_there(small_phone: object) -> None:
    page = small_phone
    page.goto("carriers/")
    page.locator("article .gs-carriers tbody tr").nth(1).locator("a", has_text="拨 #PORT").tap()
    page.wait_for_url("**/carriers/#verizon-pin")
    item = page.locator('article h3[id="verizon-pin"] + ul > li', has_text="#PORT")
    card = item.locator(".gs-cite__card")
    expect(card).to_be_hidden()
    item.locator(".gs-cite__button").tap()
    expect(card).to_be_visible()
    expect(card.locator("q")).to_contain_text("Dial #PORT")
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()


def test_axe_finds_no_violation_on_the_page_at_360_px(small_phone: object) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from test_accessibility import WCAG

    for url in ("carriers/", "zh-hant/carriers/"):
        small_phone.goto(url)
        results = Axe().run(small_phone, options=WCAG)
        assert not results.violations_count, results.generate_report()


@pytest.mark.parametrize("query", ["Verizon", "T-Mobile", "Cricket"])
def test_search_by_carrier_name_finds_the_page(desktop: object, query: str) -> None:
    assert "carriers/" in search_results(desktop, query)[:3]
