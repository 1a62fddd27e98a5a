"""The 繁體中文 edition: converted from each built page, same ids, URLs and ticks, its own search."""

from __future__ import annotations

import html
import json
import os
from pathlib import Path
from types import SimpleNamespace
from typing import Callable
from urllib.parse import urljoin, urlsplit

import opencc
import pytest
from bs4 import BeautifulSoup
from mkdocs.exceptions import PluginError
from playwright.sync_api import expect

import cards
import hant
import traditional
from conftest import ROOT, assert_build_fails, search_results

OVERRIDES = ROOT / "docs" / "data" / "hant-overrides.yml"
PLAIN = opencc.OpenCC(hant.BASE_CONFIG).convert


@pytest.fixture(scope="module")
def convert() -> Callable[[str], str]:
    path = "docs/data/hant-overrides.yml"
    return hant.converter(hant.read_overrides(path, OVERRIDES.read_text(encoding="utf-8"), PLAIN))


def simplified_pages(site: Path) -> list[str]:
    """Page URLs as MkDocs writes them: '' for the home page, 'cards/esim/'."""
    urls = [p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html")]
    return sorted("" if url == "./" else url for url in urls if not url.startswith(hant.PREFIX))


def parse(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def page_url(url: str) -> str:
    return url


# --- the converter and its override list ---------------------------------------------------------


@pytest.mark.parametrize("simplified, traditional", [
    ("注销", "註銷"), ("携号转网", "攜號轉網"), ("预付费", "預付費"), ("后付费", "後付費"),
    ("实体卡", "實體卡"), ("美国上网卡注销指南", "美國上網卡註銷指南"), ("卡片类型", "卡片類型"),
    ("运营商速查", "電信業者速查"), ("最终账单", "最終帳單"), ("充值", "儲值"), ("新用户", "新用戶"),
    ("短信", "簡訊"), ("网络", "網路"), ("软件", "軟體"), ("三天之后", "三天之後"), ("保存注销确认", "保存註銷確認"),
])
def test_subject_words_in_taiwan_usage(convert: Callable[[str], str], simplified: str, traditional: str) -> None:
    assert convert(simplified) == traditional


def test_every_override_is_needed_and_applied(convert: Callable[[str], str]) -> None:
    overrides = hant.read_overrides("x.yml", OVERRIDES.read_text(encoding="utf-8"), PLAIN)
    assert len(overrides) >= 10
    for entry in overrides:
        assert PLAIN(entry.simplified) != entry.traditional
        assert convert(entry.simplified) == entry.traditional


@pytest.mark.parametrize("text, message", [
    ("other: []\n", r"x\.yml:1: needs 'overrides:'"),
    ("overrides:\n  - simplified: 注销\n    traditional: 註銷\n", r"x\.yml:2: entry has no 'why'"),
    ("overrides:\n  - simplified: 注销\n    traditional: 註銷\n    why: a\n    note: b\n", r"x\.yml:5: unknown field 'note'"),
    ("overrides:\n  - simplified: cancel\n    traditional: 註銷\n    why: a\n", r"x\.yml:2: 'simplified' must be Chinese characters only"),
    ("overrides:\n  - simplified: 注销\n    traditional: 註銷\n    why: a\n"
     "  - simplified: 注销\n    traditional: 註銷\n    why: b\n", r"x\.yml:5: 'simplified': 注销 is listed twice \(first on line 2\)"),
    ("overrides:\n  - simplified: 实体卡\n    traditional: 實體卡\n    why: a\n", r"x\.yml:3: 'traditional': 实体卡 already becomes 實體卡"),
    ("overrides:\n  - simplified: [注销\n", r"x\.yml:\d+: is not valid YAML"),
    ("overrides:\n  - 注销\n", r"x\.yml:2: each entry must be a mapping"),
])
def test_override_list_mistakes_name_file_line_and_field(text: str, message: str) -> None:
    with pytest.raises(cards.SourceError, match=message):
        hant.read_overrides("x.yml", text, PLAIN)


def test_page_text_converts_but_code_english_ids_and_urls_stay(convert: Callable[[str], str]) -> None:
    page = ('<html lang="zh-Hans"><head><link rel="stylesheet" href="../../assets/a.css"></head><body>'
            '<h2 id="cancel-line" title="注销">注销步骤</h2><code>注销</code><blockquote lang="en">注销 Cancel</blockquote>'
            '<a href="../esim/#keep" data-key="esim/keep">eSIM 页</a><img src="../../assets/i.png" alt="短信">'
            '<input class="gs-note" data-key="esim/keep" placeholder="备注"></body></html>')
    out = BeautifulSoup(hant.convert_page(page, "cards/prepaid/", {"cards/prepaid/", "cards/esim/"}, convert),
                        "html.parser")
    assert out.html["lang"] == "zh-Hant"
    assert out.h2.string == "註銷步驟" and out.h2["id"] == "cancel-line" and out.h2["title"] == "註銷"
    assert out.code.string == "注销" and out.blockquote.string == "注销 Cancel"
    assert out.a["href"] == "../esim/#keep" and out.a["data-key"] == "esim/keep" and out.a.string == "eSIM 頁"
    assert out.link["href"] == "../../../assets/a.css" and out.img["src"] == "../../../assets/i.png"
    assert out.img["alt"] == "簡訊" and out.input["placeholder"] == "備註"


def test_json_data_attributes_convert_their_text_values_only(convert: Callable[[str], str]) -> None:
    data = {"steps": {"esim-cancel-plan": {"title": "注销套餐", "url": "../cards/esim/#esim-cancel-plan",
                                            "keep": ["drop"]}},
            "carriers": [{"id": "verizon", "facts": {"pin": [{"text": "有效 7 天", "quote": "注销 valid"}]}}],
            "phrases": [{"en": "I'd like to cancel this line. 注销", "zh": "我想注销这条线路。"}],
            "n": 3, "ok": True, "label": "第 {n} 题，共 {total} 题"}
    page = (f'<html lang="zh-Hans"><body><div id="d" hidden data-plan="{html.escape(json.dumps(data, ensure_ascii=False))}">'
            '</div><div id="s" data-strings=\'{"print":"打印","bad":"<b>"}\' data-other=\'{"x":"注销"}\'></div></body></html>')
    out = BeautifulSoup(hant.convert_page(page, "plan/", {"plan/"}, convert), "html.parser")
    got = json.loads(out.select_one("#d")["data-plan"])
    step = got["steps"]["esim-cancel-plan"]
    assert step == {"title": "註銷套餐", "url": "../cards/esim/#esim-cancel-plan", "keep": ["drop"]}
    fact = got["carriers"][0]["facts"]["pin"][0]
    assert fact == {"text": "有效 7 天", "quote": "注销 valid"}  # an English quote stays as written
    assert got["phrases"] == [{"en": "I'd like to cancel this line. 注销", "zh": "我想註銷這條線路。"}]
    assert (got["n"], got["ok"], got["label"]) == (3, True, "第 {n} 題，共 {total} 題")
    assert json.loads(out.select_one("#s")["data-strings"]) == {"print": "列印", "bad": "<b>"}
    assert out.select_one("#s")["data-other"] == '{"x":"注销"}'  # not a text attribute


def test_a_json_data_attribute_that_is_not_json_is_named(convert: Callable[[str], str]) -> None:
    page = '<html><body><div data-strings="{注销"></div></body></html>'
    with pytest.raises(cards.SourceError, match=r"'plan/'.*data-strings must hold JSON"):
        hant.convert_page(page, "plan/", {"plan/"}, convert)


def test_search_index_keeps_its_word_marks(convert: Callable[[str], str]) -> None:
    entries = [{"location": "before/#port", "title": "携号\u200b转网", "text": "三天\u200b后\u200b注销"}]
    [entry] = hant.convert_index(entries, convert)
    assert entry == {"location": "zh-hant/before/#port", "title": "攜號\u200b轉網", "text": "三天\u200b後\u200b註銷"}


# --- the built site -------------------------------------------------------------------------------


def test_every_page_has_its_traditional_copy(site: Path) -> None:
    pages = simplified_pages(site)
    assert len(pages) > 15
    missing = [url for url in pages if not (site / hant.PREFIX / page_url(url) / "index.html").exists()]
    assert not missing


def test_lang_hreflang_and_the_switch_pair_each_page(site: Path) -> None:
    for url in simplified_pages(site):
        hans, hant_page = parse(site, url), parse(site, hant.PREFIX + page_url(url))
        assert hans.html["lang"] == "zh-Hans" and hant_page.html["lang"] == "zh-Hant"
        for soup in (hans, hant_page):
            links = {link["hreflang"]: urlsplit(link["href"]).path
                     for link in soup.select("link[rel=alternate][hreflang]")}
            assert links == {"zh-Hans": "/" + page_url(url), "zh-Hant": "/" + hant.PREFIX + page_url(url),
                             "x-default": "/" + page_url(url)}, url
        assert urlsplit(hant_page.select_one("link[rel=canonical]")["href"]).path == "/" + hant.PREFIX + page_url(url)
        here, there = "http://h/" + page_url(url), "http://h/" + hant.PREFIX + page_url(url)
        switch, back = hans.select_one("a.gs-edition"), hant_page.select_one("a.gs-edition")
        assert urljoin(here, switch["href"]) == there and switch["hreflang"] == "zh-Hant"
        assert urljoin(there, back["href"]) == here and back["hreflang"] == "zh-Hans"
        assert back.get_text(strip=True) == "简体" and switch.get_text(strip=True) == "繁體"


def test_ids_links_and_tick_keys_are_the_same_in_both_editions(site: Path) -> None:
    for url in simplified_pages(site):
        hans, hant_page = parse(site, url), parse(site, hant.PREFIX + page_url(url))
        for attribute in ("id", "data-key"):
            assert ([tag[attribute] for tag in hans.select(f"[{attribute}]")]
                    == [tag[attribute] for tag in hant_page.select(f"[{attribute}]")]), (url, attribute)
        article = [a["href"] for a in hans.select("article a[href]")]
        assert article == [a["href"] for a in hant_page.select("article a[href]")], url


def test_english_quotes_and_carrier_names_stay_as_written(site: Path) -> None:
    quotes = 0
    for url in simplified_pages(site):
        hans, hant_page = parse(site, url), parse(site, hant.PREFIX + page_url(url))
        english = [tag.get_text() for tag in hans.select("[lang=en]")]
        assert english == [tag.get_text() for tag in hant_page.select("[lang=en]")], url
        quotes += len(english)
    carriers = parse(site, "carriers/").get_text(), parse(site, hant.PREFIX + "carriers/").get_text()
    for name in ("Verizon", "T-Mobile", "AT&T", "Mint Mobile", "Visible"):
        assert carriers[0].count(name) == carriers[1].count(name) > 0, name


def test_overrides_show_on_the_pages(site: Path) -> None:
    text = "".join(parse(site, hant.PREFIX + page_url(url)).get_text() for url in simplified_pages(site))
    assert "註銷" in text and "電信業者" in text and "帳單" in text
    for wrong in ("登出", "運營商", "上網絡卡", "型別", "注销", "运营商"):
        assert wrong not in text, wrong


def test_traditional_search_index_and_sitemap(site: Path) -> None:
    index = json.loads((site / hant.PREFIX / "search" / "search_index.json").read_text(encoding="utf-8"))
    simplified = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert [e["location"] for e in index["docs"]] == [hant.PREFIX + e["location"] for e in simplified["docs"]]
    assert index["config"] == simplified["config"]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for url in simplified_pages(site):
        assert f"/{hant.PREFIX}{page_url(url)}</loc>" in sitemap


# --- in a browser ---------------------------------------------------------------------------------


def test_switch_lands_on_the_same_page_and_section(page: object) -> None:
    page.goto("cards/esim/")
    section = page.locator("article h2[id]").nth(2).get_attribute("id")
    page.goto(f"cards/esim/#{section}")
    page.click("a.gs-edition")
    page.wait_for_url(f"**/{hant.PREFIX}cards/esim/#{section}")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hant")
    page.click("a.gs-edition")
    page.wait_for_url(f"**/cards/esim/#{section}")
    assert f"/{hant.PREFIX}" not in page.url


def test_switch_follows_instant_navigation(page: object) -> None:
    page.goto("cards/esim/")
    page.click("article a[href$='before/']")
    page.wait_for_url("**/before/")
    page.click("a.gs-edition")
    page.wait_for_url(f"**/{hant.PREFIX}before/")


def test_a_tick_is_the_same_tick_in_both_scripts(page: object) -> None:
    page.goto("checklists/esim/")
    box = page.locator("article input.gs-tick").nth(1)
    key = box.get_attribute("data-key")
    box.check()
    page.goto(f"{hant.PREFIX}checklists/esim/")
    expect(page.locator(f"article input.gs-tick[data-key='{key}']")).to_be_checked()
    expect(page.locator("article input.gs-tick").first).not_to_be_checked()


@pytest.mark.parametrize("simplified, traditional", [
    ("注销", "註銷"), ("携号转网", "攜號轉網"), ("预付费", "預付費"), ("实体卡", "實體卡"), ("最终账单", "最終帳單"),
    ("销号", "銷號"), ("销户", "銷戶"),  # glossary synonyms, converted too
])
def test_traditional_query_finds_what_the_simplified_one_finds(desktop: object, simplified: str, traditional: str) -> None:
    hans = search_results(desktop, simplified)[:3]
    found = search_results(desktop, traditional, hant.PREFIX)[:3]
    assert hans and all(url.startswith(hant.PREFIX) for url in found)
    assert hans[0] in [url.removeprefix(hant.PREFIX) for url in found], (hans, found)


def test_a_bad_override_list_stops_the_build(project_copy: Path) -> None:
    (project_copy / "docs" / "data" / "hant-overrides.yml").write_text(
        "overrides:\n  - simplified: 实体卡\n    traditional: 實體卡\n    why: 已经对了\n", encoding="utf-8")
    assert_build_fails(project_copy, r"docs/data/hant-overrides\.yml:3: 'traditional': 实体卡 already becomes 實體卡")


def test_copies_pass_the_output_guard_with_the_same_inline_scripts(site: Path, base_url: str) -> None:
    """The copy is made after guard.py and csp.py have seen the page: converting text and moving
    relative URLs one folder up can add no markup, no host and no script, and this holds it."""
    import htmlguard

    host = urlsplit(base_url).hostname
    for url in simplified_pages(site):
        original = (site / url / "index.html").read_text(encoding="utf-8")
        copy = (site / hant.PREFIX / url / "index.html").read_text(encoding="utf-8")
        # the plan page is the one a hook writes, with the site's own question form
        generated = url == cards.PLAN_PAGE.removesuffix("index.md")
        assert list(htmlguard.page_problems(copy, host, generated)) == [], url
        assert htmlguard.inline_scripts(copy) == htmlguard.inline_scripts(original), url


@pytest.mark.parametrize("entry, message", [
    ("simplified: 不要请\n    traditional: 最好請\n    why: a\n",
     r"x\.yml:3: 'traditional': 最好請 reads 最好请 in Simplified, not 不要请; an override may only choose"),
    ("simplified: 不要请\n    traditional: 最好請\n    phrase: true\n    why: a\n",
     r"x\.yml:2: 'simplified': 不要请 is 2 words \(不要 / 请\); a 'phrase: true' entry replaces one word"),
    ("simplified: 注销\n    traditional: 註\uf9fc\n    why: a\n", r"x\.yml:3: 'traditional' must be Chinese characters only"),
    ("simplified: 注销\n    traditional: 註銷 x\n    why: a\n", r"x\.yml:3: 'traditional' must be Chinese characters only"),
    ("simplified: 类型\n    traditional: 類型\n    phrase: true\n    why: a\n", r"x\.yml:4: 'phrase': 類型 is the same word"),
    ("simplified: 注销\n    traditional: 註銷\n    phrase: yes please\n    why: a\n", r"x\.yml:4: 'phrase' must be true or false"),
])
def test_an_override_cannot_change_what_a_page_says(entry: str, message: str) -> None:
    with pytest.raises(cards.SourceError, match=message):
        hant.read_overrides("x.yml", "overrides:\n  - " + entry, PLAIN)


def test_the_converted_text_passes_the_guards_text_rules() -> None:
    def rogue(text: str) -> str:  # a converter that writes a chat host
        return text.replace("註銷", "t。me/x")
    with pytest.raises(cards.SourceError, match=r"zh-hant/faq/: the 繁體中文 copy says: link 't\.me/x' points to a chat group"):
        hant.convert_page("<html><body><p>註銷</p></body></html>", "faq/", {"faq/"}, rogue)


@pytest.mark.parametrize("background", [True, False])
def test_a_copy_that_fails_stops_the_build_naming_its_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           background: bool) -> None:
    """Converted in the background process (a machine with two cores) or in turn: the first page
    whose copy breaks the guard's rules stops the build, and the pages before it were written."""
    monkeypatch.setattr(traditional, "_convert", lambda text: text.replace("注销", "t。me/x"))
    monkeypatch.setattr(traditional, "_pages", {"faq/", "safety/"})
    monkeypatch.setattr(traditional, "_building", background)
    traditional.start_worker()
    assert (traditional._worker is not None) == (background and (os.cpu_count() or 1) > 1)
    config = SimpleNamespace(site_dir=str(tmp_path))
    with pytest.raises(PluginError, match=r"zh-hant/faq/: the 繁體中文 copy says: link 't\.me/x' points to a chat group"):
        for url, text in (("safety/", "好"), ("faq/", "注销")):
            page = SimpleNamespace(url=url, canonical_url=None, file=SimpleNamespace(dest_uri=url + "index.html"))
            traditional.on_post_page(f"<html><body><p>{text}</p></body></html>", page, config)
        traditional.finish_copies()
    assert (tmp_path / hant.PREFIX / "safety" / "index.html").read_text(encoding="utf-8").count("好") == 1
    assert traditional._worker is None


@pytest.mark.parametrize("failure", ["raise RuntimeError('boom in hant')", "import os; os._exit(3)"],
                         ids=["conversion raises", "converter process dies"])
def test_a_failed_copy_stops_a_real_build(project_copy: Path, failure: str) -> None:
    """A fault in the copy's hooks/hant.py: the build exits with the message, although jobs for
    later pages may still wait in the queue for a process that is gone (a hang times out)."""
    module = project_copy / "hooks" / "hant.py"
    anchor = "    rewriter = _Rewriter(page_url, pages, canonical)\n"
    text = module.read_text(encoding="utf-8")
    assert anchor in text
    module.write_text(text.replace(anchor, f"    if page_url == 'faq/':\n        {failure}\n" + anchor, 1),
                      encoding="utf-8")
    assert_build_fails(project_copy, r"boom in hant|the process writing the 繁體中文 copies stopped \(exit code 3\)")
