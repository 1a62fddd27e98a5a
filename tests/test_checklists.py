"""Checklists generated from the card pages: complete, linked, tickable, one sheet when printed."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Callable

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect
from pypdf import PdfReader

import cards
import checklists
import plans
from conftest import CARD_NAMES, ROOT, mkdocs_build

COMBINATIONS = ["esim-postpaid", "esim-prepaid", "physical-sim-postpaid", "physical-sim-prepaid"]
SLUGS = CARD_NAMES + COMBINATIONS
ONE_SHEET = [f"checklists/{name}/" for name in SLUGS]


@pytest.fixture(scope="session")
def sheets(guide: cards.Guide) -> dict[str, checklists.Sheet]:
    """Every sheet the build makes, by its name, with the common steps the plan data adds."""
    _carriers, plan = plans.load(str(ROOT / "docs"), "docs", guide)
    return {sheet.slug: sheet for sheet in checklists.sheets(guide, plans.common_steps(guide, plan))}


def ticked_keys(html: BeautifulSoup) -> list[str]:
    return [box["data-key"] for box in html.select("article input.gs-tick")]


def test_a_sheet_per_card_and_per_combination(sheets: dict[str, checklists.Sheet]) -> None:
    assert sorted(sheets) == sorted(SLUGS) == [
        "esim", "esim-postpaid", "esim-prepaid", "physical-sim", "physical-sim-postpaid",
        "physical-sim-prepaid", "postpaid", "prepaid"]


@pytest.mark.parametrize("name", CARD_NAMES)
def test_every_step_of_a_card_is_on_its_sheet_exactly_once(
        soup: Callable[[str], BeautifulSoup], guide: cards.Guide, sheets: dict[str, checklists.Sheet],
        name: str) -> None:
    card = guide.pages[f"cards/{name}.md"]
    keys = ticked_keys(soup(f"checklists/{card.card}/"))
    assert keys == [item.key for item in sheets[card.card].items]
    assert len(keys) == len(set(keys))
    assert {s.id for s in card.steps} <= set(keys)


@pytest.mark.parametrize("name", SLUGS)
def test_every_sheet_starts_from_the_common_preparation_and_meets_google_voice(
        soup: Callable[[str], BeautifulSoup], guide: cards.Guide, sheets: dict[str, checklists.Sheet],
        name: str) -> None:
    sheet = sheets[name]
    keys = ticked_keys(soup(f"checklists/{sheet.slug}/"))
    prepare = [s.id for s in guide.before.steps_in("注销前准备")]
    assert keys[:len(prepare)] == prepare
    assert {s.id for s in guide.before.steps} <= set(keys)
    assert "park-in-google-voice" in keys  # written on the eSIM page, for every reader who leaves


def test_a_tick_key_is_the_step_id_on_sheets_and_card_pages(soup: Callable[[str], BeautifulSoup]) -> None:
    # A step is one tick wherever it appears: the Google Voice step, written on the eSIM page, has
    # one key on the eSIM page, on a physical-SIM sheet and on a combination sheet.
    key = soup("cards/esim/").select_one("h3#park-in-google-voice")["data-key"]
    assert key.split("/")[-1] == "park-in-google-voice"
    for sheet in ("physical-sim", "esim-prepaid"):
        assert soup(f"checklists/{sheet}/").select_one(f'article input.gs-tick[data-key="{key.split("/")[-1]}"]')


@pytest.mark.parametrize("name", COMBINATIONS)
def test_a_combination_holds_common_billing_and_form_steps_once(
        soup: Callable[[str], BeautifulSoup], guide: cards.Guide, sheets: dict[str, checklists.Sheet],
        name: str) -> None:
    sheet = sheets[name]
    keys = ticked_keys(soup(f"checklists/{sheet.slug}/"))
    ids = keys
    assert len(ids) == len(set(ids))
    for source in (guide.before, sheet.billing, sheet.form):
        assert {s.id for s in source.steps} <= set(ids), source.path
    # Within each section: common preparation, then billing, then form, then the steps for every
    # card written on another card's page.
    order = {"before": 0, sheet.billing.card: 1, sheet.form.card: 2}
    for section in cards.STEP_SECTIONS:
        ranks = [order.get(i.source.key, 3) for i in sheet.items if i.step.section == section]
        assert ranks == sorted(ranks)


@pytest.mark.parametrize("url", ONE_SHEET)
def test_each_item_links_to_its_step_and_has_a_line_to_write_on(
        soup: Callable[[str], BeautifulSoup], site: Path, url: str) -> None:
    items = soup(url).select("article li:has(> label.gs-row)")
    assert items
    for item in items:
        key = item.select_one("input.gs-tick")["data-key"]
        link = item.select_one("a[href]")["href"]
        page, _, anchor = link.partition("#")
        assert anchor == key
        target = BeautifulSoup((site / "checklists" / url.split("/")[1] / page / "index.html")
                               .resolve().read_text(encoding="utf-8"), "html.parser")
        assert target.find(id=anchor) is not None, link
        assert item.select_one(".gs-write").get_text(strip=True) == "日期 / 确认号："


@pytest.mark.parametrize("name", SLUGS)
def test_a_sheet_names_its_pages_versions_review_dates_and_addresses(
        soup: Callable[[str], BeautifulSoup], guide: cards.Guide, sheets: dict[str, checklists.Sheet],
        name: str) -> None:
    sheet = sheets[name]
    meta = soup(f"checklists/{sheet.slug}/").select_one("article .gs-sheet-meta").get_text(" ")
    for source in sheet.sources:
        assert f"版本 {source.version}" in meta and source.reviewed.isoformat() in meta
        assert re.search(rf"https?://\S+/{re.escape(guide.uri_of(source).removesuffix('.md'))}/", meta)


def test_the_index_offers_the_two_by_two_choice(soup: Callable[[str], BeautifulSoup]) -> None:
    links = {a["href"] for a in soup("checklists/").select("article table a")}
    assert links == {"esim-postpaid/", "esim-prepaid/", "physical-sim-postpaid/",
                     "physical-sim-prepaid/"}


@pytest.mark.parametrize("name", CARD_NAMES)
def test_each_card_page_links_to_its_checklist(soup: Callable[[str], BeautifulSoup], name: str) -> None:
    link = soup(f"cards/{name}/").select_one("article a.gs-print-link")
    assert link.get_text() == "打印本页清单" and link["href"] == f"../../checklists/{name}/"


def test_the_home_page_links_to_the_checklists(soup: Callable[[str], BeautifulSoup]) -> None:
    assert soup("").select('article a[href="checklists/"]')


def test_print_all_has_every_card_in_its_own_section(
        soup: Callable[[str], BeautifulSoup], guide: cards.Guide, sheets: dict[str, checklists.Sheet]) -> None:
    html = soup("checklists/all/")
    assert [h["id"] for h in html.select("article h2.gs-sheet-title")] == [c.card for c in guide.cards]
    assert ticked_keys(html) == [item.key for c in guide.cards for item in sheets[c.card].items]


def test_a_new_card_file_gets_its_sheets_with_no_other_change(project_copy: Path) -> None:
    esim = (project_copy / "docs/cards/esim.md").read_text(encoding="utf-8")
    satellite = (esim.replace("card: esim", "card: satellite")
                 .replace("title: eSIM（虚拟 SIM 卡）", "title: 卫星手机卡"))
    for step_id in re.findall(r"\{#([a-z0-9-]+)\}", esim):  # step ids are unique across the guide
        satellite = satellite.replace(f"#{step_id}", f"#satellite-{step_id}")
    (project_copy / "docs/cards/satellite.md").write_text(satellite, encoding="utf-8")
    site = project_copy / "site"
    result = mkdocs_build(project_copy, site)
    assert result.returncode == 0, result.stderr
    for sheet in ("satellite", "satellite-prepaid", "satellite-postpaid"):
        html = (site / "checklists" / sheet / "index.html").read_text(encoding="utf-8")
        assert 'data-key="satellite-esim-sign-in"' in html
    assert 'id="satellite"' in (site / "checklists/all/index.html").read_text(encoding="utf-8")
    assert 'href="satellite-prepaid/"' in (site / "checklists/index.html").read_text(encoding="utf-8")
    assert "卫星手机卡" in (site / "index.html").read_text(encoding="utf-8")  # in the nav


# --- in the browser ---------------------------------------------------------------------------


def test_ticks_persist_across_reload_and_navigation_and_reset_clears(page: object) -> None:
    sheet_box = 'article input.gs-tick[data-key="esim-sign-in"]'
    page.goto("checklists/esim-prepaid/")
    page.locator(sheet_box).check()
    page.reload()
    expect(page.locator(sheet_box)).to_be_checked()
    # Instant navigation to the card page: the same step is ticked beside its heading.
    page.evaluate("window.sameDocument = true")
    page.locator('article a[href$="/cards/esim/#esim-sign-in"]').click()
    page.wait_for_url("**/cards/esim/**")
    assert page.evaluate("window.sameDocument"), "expected Material's instant navigation"
    step_box = page.locator("h3#esim-sign-in input.gs-tick")
    expect(step_box).to_be_checked()
    page.get_by_role("button", name="清除本页勾选").click()
    expect(step_box).not_to_be_checked()
    # Clearing offers an undo, until the next change.
    page.get_by_role("button", name="撤销清除").click()
    expect(step_box).to_be_checked()
    page.get_by_role("button", name="清除本页勾选").click()
    expect(step_box).not_to_be_checked()
    page.go_back()
    page.wait_for_url("**/checklists/esim-prepaid/")
    expect(page.locator(sheet_box)).not_to_be_checked()
    page.reload()
    expect(page.locator(sheet_box)).not_to_be_checked()


def test_a_tick_prints(page: object) -> None:
    page.goto("checklists/prepaid/")
    box = page.locator("article input.gs-tick").first
    box.check()
    page.emulate_media(media="print")
    mark = "getComputedStyle(document.querySelector('article input.gs-tick:checked'), '::after')"
    assert page.evaluate(f"{mark}.visibility") == "visible"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).display") == "none"


def test_without_javascript_a_checklist_is_still_a_list_of_boxes(
        browser: object, base_url: str, sheets: dict[str, checklists.Sheet]) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto("checklists/esim/")
    assert page.locator("article input.gs-tick").count() == len(sheets["esim"].items)
    assert page.locator(".gs-toolbar, input.gs-note").count() == 0
    # The line to write on is drawn when there is no field to type in.
    line = "getComputedStyle(document.querySelector('.gs-write'), '::after').display"
    assert page.evaluate(line) != "none"
    context.close()


def pdf_pages(page: object, url: str, paper: str) -> PdfReader:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return PdfReader(io.BytesIO(page.pdf(format=paper)))


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("url", ONE_SHEET)
def test_a_checklist_prints_on_one_sheet_with_extractable_chinese(page: object, url: str, paper: str) -> None:
    pdf = pdf_pages(page, url, paper)
    assert len(pdf.pages) == 1
    text = re.sub(r"\s+", "", pdf.pages[0].extract_text())
    assert "注销清单" in text and "注销步骤" in text


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_print_all_puts_each_card_on_its_own_page(page: object, paper: str, guide: cards.Guide) -> None:
    pdf = pdf_pages(page, "checklists/all/", paper)
    starts = [re.sub(r"\s+", "", p.extract_text()) for p in pdf.pages]
    assert len(pdf.pages) == len(guide.cards)
    for card, text in zip(guide.cards, starts):
        assert re.sub(r"\s+", "", card.title) in text


def test_travel_steps_stay_off_the_sim_and_esim_sheets(
        soup: Callable[[str], BeautifulSoup], guide: cards.Guide, sheets: dict[str, checklists.Sheet]) -> None:
    """The travel page's steps are the travel plan's only: a travel data SIM has no number, so
    they would be wrong on a sheet for a line with one."""
    travel = {s.id for s in guide.pages["travel-sim.md"].steps}
    assert travel == {"refund", "auto-renew", "delete-travel-esim"}
    for slug, sheet in sheets.items():
        assert not travel & {item.key for item in sheet.items}, slug
        assert not travel & set(ticked_keys(soup(f"checklists/{slug}/"))), slug
    assert not travel & set(ticked_keys(soup("checklists/all/")))
    # The only way a step joins every sheet (any_card) is refused for it.
    plan = plans.load(str(ROOT / "docs"), "docs", guide)[1]
    assert not travel & set(plan.any_card)
    assert not travel & {step.id for step, _page in plans.common_steps(guide, plan)}
