"""Chinese search in a real browser: each reader's query puts the right page in the top 3."""

from __future__ import annotations

import opencc
import pytest

import hant
from conftest import ROOT, search_results

# query → the pages (URL paths) any one of which must be among the first three results.
EXPECTED = {
    "注销": {"", "before/"},
    # the step that decides it is in before/; each billing page says when to port before cancelling
    "携号转网": {"before/", "cards/postpaid/", "cards/prepaid/"},
    "转网 PIN": {"before/"},
    "解锁": {"before/"},
    "余额": {"cards/prepaid/"},
    "退款": {"cards/prepaid/"},
    "双重验证": {"before/"},
    "eSIM": {"cards/esim/"},
    "虚拟SIM卡": {"cards/esim/"},
    "预付费": {"cards/prepaid/"},
    "后付费": {"cards/postpaid/"},
    "最终账单": {"cards/postpaid/"},
    "诈骗": {"safety/"},
}

# The way readers write: English carrier and product names (a stemmer once hid these), mixed
# Chinese and English, no spaces, any case, and the glossary's synonyms (又称, 英文).
READER_QUERIES = {
    # English words and names
    "Google Voice": {"cards/esim/", "before/"},
    "google": {"cards/esim/", "before/"},
    "voice": {"cards/esim/", "before/"},
    "Verizon": {"carriers/"},
    "AT&T": {"carriers/"},
    "T-Mobile": {"carriers/"},
    "Mint Mobile": {"carriers/"},
    "Google Fi": {"carriers/"},
    "Cricket": {"carriers/"},
    "US Mobile": {"carriers/"},
    "H2O": {"carriers/"},
    "unlock": {"before/"},
    "transfer PIN": {"before/"},
    "port out": {"before/"},
    "prepaid": {"cards/prepaid/"},
    "postpaid": {"cards/postpaid/"},
    "final bill": {"cards/postpaid/"},
    "autopay": {"cards/prepaid/", "cards/postpaid/"},
    "ETF": {"cards/postpaid/"},
    "2FA": {"before/"},
    "cancel": {"", "before/"},
    # case and spacing
    "esim": {"cards/esim/"},
    "ESIM": {"cards/esim/"},
    "实体SIM卡": {"cards/physical-sim/"},
    # mixed
    "AT&T 解锁": {"before/", "carriers/"},
    "Verizon 注销": {"carriers/", "before/"},
    "T-Mobile 转网 PIN": {"carriers/", "before/"},
    "eSIM 删除": {"cards/esim/"},
    # readers' own words for the glossary's terms
    "销号": {"", "before/"},
    "停机": {"", "before/"},
    "取消服务": {"", "before/"},
    "转号": {"before/"},
    "转网密码": {"before/"},
    "复机": {"faq/", "cards/physical-sim/", "before/"},
    "重新激活": {"faq/", "cards/physical-sim/", "before/"},
    "电话卡": {"cards/esim/", "cards/physical-sim/"},
    "手机卡": {"cards/esim/", "cards/physical-sim/"},
    "实体卡": {"cards/physical-sim/"},
    "微信": {"safety/"},
    "微信群": {"safety/"},
    "学长代办": {"safety/"},
    "违约金": {"cards/postpaid/", "faq/"},
    "合约机": {"cards/postpaid/"},
    "充值卡": {"cards/prepaid/"},
    "两步验证": {"before/"},
    "最后账单": {"cards/postpaid/"},
    "有锁机": {"before/", "cards/postpaid/"},
    # other everyday words
    "押金": {"cards/postpaid/"},
    "验证码": {"safety/", "before/"},
    "打印": {"checklists/"},
    # topics the guide covers since its sources were checked
    "IMEI": {"before/", "faq/"},
    "家庭套餐": {"faq/", "cards/postpaid/", "before/"},
    "旅行 eSIM": {"travel-sim/"},
    "流量卡": {"travel-sim/"},
    "Tello": {"carriers/", "cards/prepaid/"},
    "漫游": {"faq/"},
    "催收": {"cards/postpaid/", "faq/"},
    "信用报告": {"cards/postpaid/", "faq/"},
}
# Not on the site, because no source found says it: 滞纳金 / late fee / 逾期费 (late fees on a
# wireless bill) and EID (where to find it). They join READER_QUERIES when a page covers them.


@pytest.mark.parametrize("query", {**EXPECTED, **READER_QUERIES})
def test_query_finds_the_right_page_in_top_3(desktop: object, query: str) -> None:
    top = search_results(desktop, query)[:3]
    assert {**EXPECTED, **READER_QUERIES}[query] & set(top), f"{query!r} → {top}"


def test_the_query_set_is_large_enough_and_new() -> None:
    assert len(READER_QUERIES) >= 40
    assert not set(READER_QUERIES) & set(EXPECTED)


def test_a_synonym_match_shows_no_synonym_in_the_result(desktop: object) -> None:
    assert "before/" in search_results(desktop, "销号")
    # Only the glossary, which lists every synonym, may show the word; the synonym fields of the
    # other pages are indexed, never displayed.
    texts = desktop.eval_on_selector_all(
        ".md-search-result__item", "items => items.filter(i => !i.querySelector('a[href*=glossary]'))"
        ".map(i => i.textContent)")
    assert texts and any("注销" in text for text in texts)
    assert not any("销号" in text for text in texts)


def test_unknown_word_finds_nothing(desktop: object) -> None:
    assert search_results(desktop, "量子纠缠") == []


@pytest.fixture(scope="module")
def to_traditional() -> object:
    """The site's own converter (OpenCC s2twp with the reviewed override list)."""
    overrides = ROOT / "docs" / "data" / "hant-overrides.yml"
    plain = opencc.OpenCC(hant.BASE_CONFIG).convert
    return hant.converter(hant.read_overrides("docs/data/hant-overrides.yml",
                                              overrides.read_text(encoding="utf-8"), plain))


@pytest.mark.parametrize("query", {**EXPECTED, **READER_QUERIES})
def test_the_query_typed_in_traditional_finds_the_same_page_in_the_traditional_edition(
        desktop: object, to_traditional: object, query: str) -> None:
    top = search_results(desktop, to_traditional(query), hant.PREFIX)[:3]
    assert {hant.PREFIX + url for url in {**EXPECTED, **READER_QUERIES}[query]} & set(top), \
        f"{to_traditional(query)!r} → {top}"
