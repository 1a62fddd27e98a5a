"""Every 来源 of the built site shows the words that back it: in the HTML, in Chromium on a phone and
by keyboard, and printed as numbered notes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Callable

import lxml.html
import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from playwright.sync_api import expect

import hant
import sources
import sources_html
from conftest import ROOT, assert_build_fails

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


@pytest.fixture(scope="session")
def register() -> sources.Register:
    """The project's source register, read once."""
    return sources.load(str(ROOT / "docs"))


def built_pages(site: Path) -> list[str]:
    """The Simplified pages; their 繁體 copies keep the same citations (tests/test_hant.py)."""
    pages = ((p.parent.relative_to(site).as_posix().removeprefix(".") + "/").lstrip("/")
             for p in site.rglob("index.html"))
    return sorted(url for url in pages if not url.startswith(hant.PREFIX))


# --- the built HTML -----------------------------------------------------------------------------


def test_every_citation_carries_its_quote_publisher_link_and_date(site: Path, soup: Callable[[str], BeautifulSoup],
                                                                  register: sources.Register) -> None:
    cited: set[str] = set()
    for url in built_pages(site):
        article = soup(url).select_one("article")
        assert not article.select('a[href^="src:"]'), f"{url}: a citation was left unresolved"
        for cite in article.select(".gs-cite"):
            button, card = cite.select_one("button.gs-cite__button"), cite.select_one(".gs-cite__card")
            assert button["popovertarget"] == card["id"] and card["popover"] == "auto", cite
            source = register.source(button["data-source"])
            text = card.select_one('q[lang="en"]').get_text()
            quote = next(q for q in source.quotes if q.text == text)
            assert button.get_text().startswith(f"来源：{source.publisher}"), cite
            link = card.select_one("a.gs-cite__link")
            assert (link["href"], link.get_text()) == (sources_html.href(source.url), source.title)
            assert card.select_one("time")["datetime"] == source.checked.isoformat()
            assert f"核对于 {source.checked.isoformat()}" in card.get_text()
            assert ("第三方资料" in card.get_text()) == (not source.official)
            cited.add(f"{source.id}#{quote.id}")
    every = {f"{s.id}#{q.id}" for s in register.sources for q in s.quotes}
    assert cited == every, "a registered quote is shown on no page"


def test_each_page_lists_its_sources_for_print_numbered_as_its_citations(soup: Callable[[str], BeautifulSoup],
                                                                         register: sources.Register) -> None:
    article = soup("cards/postpaid/").select_one("article")
    numbers = [b.select_one("sup").get_text() for b in article.select("button.gs-cite__button")]
    notes = article.select(".gs-cite-notes > ol > li")
    assert len(notes) == len(set(numbers)) > 10
    assert sorted(set(numbers), key=lambda n: int(n.strip("[]"))) == [f"[{n}]" for n in range(1, len(notes) + 1)]
    for note in notes:
        url = note.select_one("a.gs-cite__link")["href"]
        assert url in note.get_text() and note.select_one('q[lang="en"]').get_text() in {
            q.text for s in register.sources if s.url == url for q in s.quotes}


def test_no_page_links_a_registered_source_outside_its_citations(site: Path, soup: Callable[[str], BeautifulSoup],
                                                                 register: sources.Register) -> None:
    urls = {s.url for s in register.sources}
    for url in built_pages(site):
        for link in soup(url).select("article a[href]"):
            if link["href"] in urls:
                assert link.find_parent(class_=["gs-cite__card", "gs-cite-notes", "gs-sources"]), f"{url}: {link}"


def test_the_quote_is_left_out_of_the_search_index(site: Path) -> None:
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    index = " ".join(doc["text"] for doc in docs).replace("\u200b", "")  # jieba's word marks
    assert "来源：Verizon" in index  # the citation's own label stays searchable text
    assert "Generate a Number Transfer PIN in My Verizon." not in index


# --- a mistake stops the build ------------------------------------------------------------------


def write(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the test's edit did not apply: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BUILDS = {
    "an unknown quote, named at its line": (
        "docs/faq.md", "src:fcc-number-porting#one-business-day", "src:fcc-number-porting#one-day",
        r"docs/faq\.md:{line}: the citation 'src:fcc-number-porting#one-day' names the unknown quote 'one-day' of source "
        r"'fcc-number-porting'"),
    "a 来源 that links its page": (
        "docs/safety.md", "（[来源](src:fcc-port-out-fraud#scammers-gather-info)）",
        "（[来源：FCC](https://www.fcc.gov/port-out-fraud-targets-your-private-accounts)）",
        r"docs/safety\.md:{line}: the citation '\[来源：FCC\]\(https://www\.fcc\.gov/port-out-fraud-targets-your-private-"
        r"accounts\)' links the page directly; register the page in docs/data/sources\.yml"),
    "a quote nothing cites": (
        "docs/data/sources.yml", "    quotes:\n", "    quotes:\n      - id: spare\n        text: \"Spare words.\"\n",
        r"docs/data/sources\.yml:\d+: source 'fcc-number-porting' quote 'spare' is cited nowhere"),
}


@pytest.mark.parametrize("case", BUILDS)
def test_a_citation_mistake_fails_the_build_and_leaves_no_site(project_copy: Path, case: str) -> None:
    relative, old, new, message = BUILDS[case]
    text = (project_copy / relative).read_text(encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 1 if old in text else 0  # the line the error must name
    write(project_copy, relative, old, new)
    assert_build_fails(project_copy, message.replace("{line}", str(line)))


# --- in the browser -----------------------------------------------------------------------------

@pytest.fixture
def phone(browser: object, base_url: str) -> object:
    """A phone: 390 x 844 with a touch screen, so that a test taps as a reader does."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=base_url, has_touch=True,
                                  is_mobile=True)
    yield context.new_page()
    context.close()


FIRST = "Contact the new company to start the process of porting your number."  # before/
FIRST_URL = "https://www.fcc.gov/consumers/guides/keeping-your-telephone-number-when-changing-service-providers"


def test_a_tap_on_a_phone_shows_the_quote_without_moving_the_page_and_escape_closes_it(phone: object) -> None:
    page = phone
    page.goto("before/")
    button = page.locator("article .gs-cite__button").first
    button.scroll_into_view_if_needed()
    paragraph = page.locator("article .gs-cite").first.locator("xpath=..")
    before = paragraph.bounding_box()
    card = page.locator("article .gs-cite__card").first
    expect(card).to_be_hidden()
    button.tap()
    expect(card).to_be_visible()
    expect(card.locator('q[lang="en"]')).to_contain_text(FIRST)
    expect(card.locator("a.gs-cite__link")).to_have_attribute("href", FIRST_URL)
    expect(card).to_contain_text("核对于 ")
    assert paragraph.bounding_box() == before, "opening the card moved the text"
    box = card.bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= 390 and box["y"] + box["height"] <= 844
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()


def test_keyboard_focus_shows_the_quote_enter_keeps_it_and_escape_returns_focus(page: object) -> None:
    page.goto("before/")
    button = page.locator("article .gs-cite__button").first
    card = page.locator("article .gs-cite__card").first
    for _ in range(80):  # Tab from the top of the page to the first citation
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('gs-cite__button')"):
            break
    expect(button).to_be_focused()
    expect(card).to_be_visible()
    page.keyboard.press("Enter")
    expect(card).to_be_visible()
    page.keyboard.press("Tab")  # into the card: the link to the source
    expect(card.locator("a.gs-cite__link")).to_be_focused()
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()
    expect(button).to_be_focused()


def test_an_open_card_has_no_accessibility_violation(phone: object) -> None:
    page = phone
    page.goto("cards/postpaid/")
    page.locator("article .gs-cite__button").first.tap()
    expect(page.locator("article .gs-cite__card").first).to_be_visible()
    results = Axe().run(page, options=WCAG)
    assert results.violations_count == 0, results.generate_report()


def test_hover_shows_the_quote_beside_its_button_on_a_wide_screen(browser: object, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base_url)
    wide = context.new_page()
    try:
        wide.goto("before/")
        button = wide.locator("article .gs-cite__button").first
        card = wide.locator("article .gs-cite__card").first
        button.hover()
        expect(card).to_be_visible()
        below, card_box = button.bounding_box(), card.bounding_box()
        assert card_box["y"] >= below["y"] + below["height"] and card_box["width"] <= 384
        wide.mouse.move(5, 5)
        expect(card).to_be_hidden()
    finally:
        context.close()


def test_printed_citations_become_numbered_notes(page: object) -> None:
    page.goto("cards/prepaid/")
    notes = page.locator("article .gs-cite-notes")
    expect(notes).to_be_hidden()
    page.emulate_media(media="print")
    expect(notes).to_be_visible()
    expect(notes.locator("li").first).to_contain_text("https://www.mintmobile.com/returns-or-exchanges/")
    expect(notes.locator("li").first).to_contain_text("核对于 ")
    expect(page.locator("article .gs-cite__number").first).to_have_text("[1]")
    expect(page.locator("article .gs-cite__card").first).to_be_hidden()


def test_without_javascript_a_tap_still_opens_the_card_with_the_link_to_the_source(browser: object,
                                                                                    base_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=base_url,
                                  java_script_enabled=False, has_touch=True)
    bare = context.new_page()
    try:
        bare.goto("before/")
        bare.locator("article .gs-cite__button").first.tap()
        card = bare.locator("article .gs-cite__card").first
        expect(card).to_be_visible()
        expect(card.locator("a.gs-cite__link")).to_have_attribute("href", FIRST_URL)
    finally:
        context.close()


# --- the page 来源 and escaping -------------------------------------------------------------------


def test_the_sources_page_lists_every_source_with_its_quotes(soup: Callable[[str], BeautifulSoup],
                                                             register: sources.Register) -> None:
    page = soup("sources/")
    for source in register.sources:
        section = page.select_one(f'section.gs-source[id="{source.id}"]')
        assert section.select_one(f'a[href="{source.url}"]'), source.id
        assert section.select_one("time")["datetime"] == source.checked.isoformat()
        assert [q.get_text() for q in section.select('li > q[lang="en"]')] == [q.text for q in source.quotes]
    assert [a.get_text(strip=True) for a in soup("").select("nav.md-nav--primary > ul > li > a")][-2:] == \
        ["来源", "更新记录"]


def test_every_value_from_the_register_is_text_never_markup() -> None:
    hostile = sources.Source(
        id="x", url='https://example.org/"><script>alert(1)</script>', publisher="<b onclick=alert(1)>X</b>",
        title="<img src=x onerror=alert(1)>", official=False, checked=dt.date(2026, 11, 25),
        quotes=(sources.Quote("q", "</q><script>alert(2)</script>", 1),), line=1)
    register = sources.Register("docs/data/sources.yml", (hostile,))
    notes = sources_html.Notes()
    parts = [sources_html.citation(hostile, hostile.quotes[0], notes.number(hostile, hostile.quotes[0]), 1),
             sources_html.notes(notes), sources_html.register_list(register)]
    parsed = BeautifulSoup("".join(lxml.html.tostring(part, encoding="unicode") for part in parts), "html.parser")
    assert not parsed.find_all(["script", "img", "b"])
    assert not [tag for tag in parsed.find_all(True) for name in tag.attrs if name.startswith("on")]
    assert {a["href"] for a in parsed.find_all("a")} == {"https://example.org/%22%3E%3Cscript%3Ealert%281%29%3C/script%3E"}
    assert parsed.select_one("button").get_text().startswith("来源：<b onclick=alert(1)>X</b>")
