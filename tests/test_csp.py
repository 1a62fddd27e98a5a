"""The Content-Security-Policy holds on every page: present, and nothing on the page breaks it."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.exceptions import PluginError

import csp
import htmlguard
from conftest import open_search_by_keyboard

RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation",
  e => window.cspViolations.push(e.violatedDirective + " " + e.blockedURI));
"""


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_carries_the_policy_first_in_head(site: Path) -> None:
    for path in html_files(site):
        head = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").head
        first = head.find(True)
        assert first.get("http-equiv") == "Content-Security-Policy", path
        assert "script-src 'self'" in first["content"] and "'unsafe-inline'" not in first["content"]


def test_inline_scripts_are_allowed_by_hash_only_when_reviewed() -> None:
    reviewed = htmlguard.reviewed_patterns(["<script>go()</script>"])
    page = "<html><head><title>x</title></head><body><script>go()</script>" \
           '<script src="a.js"></script><script type="application/json">{}</script></body></html>'
    policy = csp.policy(htmlguard.inline_scripts(page))
    assert policy.count("'sha256-") == 1 and f"'sha256-{htmlguard.digest('go()')}'" in policy
    assert "'unsafe-inline'" not in csp.with_policy(page, reviewed, "docs/x.md")
    injected = page.replace("</body>", "<script>steal()</script></body>")
    with pytest.raises(PluginError, match=r"^docs/x\.md: the built page has an inline script that is not "
                                          r"one of the reviewed ones \('steal\(\)'\).*REVIEWED_TEMPLATES"):
        csp.with_policy(injected, reviewed, "docs/x.md")


def test_no_page_reports_a_violation(site: Path, page: object) -> None:
    page.add_init_script(RECORD_VIOLATIONS)
    reported = {}
    for path in html_files(site):
        url = path.relative_to(site).as_posix().removesuffix("index.html")
        page.goto(url)
        page.wait_for_load_state("networkidle")
        if url == "":
            open_search_by_keyboard(page)
            page.keyboard.type("注销")
            page.keyboard.press("End")
            page.locator(".md-search-result__item").first.wait_for()
        violations = page.evaluate("window.cspViolations")
        if violations:
            reported[url] = violations
    assert reported == {}
