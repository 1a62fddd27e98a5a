"""Chinese search in a real browser: each reader's query puts the right page in the top 3."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

# query → the pages (URL paths) any one of which must be among the first three results.
EXPECTED = {
    "注销": {"", "before/"},
    "携号转网": {"before/"},
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


def search(page: object, query: str) -> list[str]:
    """Type a query into Material's search box; return result pages in order, each once."""
    page.goto("./")
    page.click(".md-search__input")
    # The count line says 键入以开始搜索 once the index is loaded, and "…结果" once a query is answered.
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_contain_text("键入")
    page.fill(".md-search__input", query)
    page.press(".md-search__input", "End")  # Material reads the query on keyup, as when typing
    expect(meta).to_contain_text("结果")
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "as => as.map(a => a.href)")
    pages: list[str] = []
    for href in hrefs:
        path = urlsplit(href).path.lstrip("/")
        if path not in pages:
            pages.append(path)
    return pages


@pytest.fixture
def desktop(browser: object, base_url: str) -> object:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base_url)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("query", EXPECTED)
def test_query_finds_the_right_page_in_top_3(desktop: object, query: str) -> None:
    top = search(desktop, query)[:3]
    assert EXPECTED[query] & set(top), f"{query!r} → {top}"


def test_unknown_word_finds_nothing(desktop: object) -> None:
    assert search(desktop, "量子纠缠") == []
