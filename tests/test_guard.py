"""Forbidden links and active HTML, line by line, without MkDocs running."""

from __future__ import annotations

import pytest

import cards
import guard


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("加入[交流群](https://t.me/uscards)", "points to a chat group (t.me)"),
        ("<https://chat.whatsapp.com/AbC>", "points to a chat group (chat.whatsapp.com)"),
        ("扫码加群：weixin.qq.com/g/abc", "'weixin.qq.com/g/abc' is a chat group"),
        ("[办理](https://bit.ly/3xyz)", "points to a URL shortener (bit.ly)"),
        ("![banner](https://i.postimg.cc/abc/x.png)", "points to an image host (i.postimg.cc)"),
        ("[FCC](http://www.fcc.gov/)", "must use https://, got http://"),
        ("<script>alert(1)</script>", "raw HTML <script> is not allowed"),
        ('<iframe src="https://www.fcc.gov/"></iframe>', "raw HTML <iframe> is not allowed"),
        ('<img src="a.png" onerror="alert(1)">', "HTML event handler 'onerror=' is not allowed"),
        ("[点我](javascript:alert(1))", "runs code"),
    ],
)
def test_forbidden_line(line: str, expected: str) -> None:
    assert expected in (guard.line_problem(line) or "")


@pytest.mark.parametrize(
    "line",
    [
        "（[来源：FCC](https://www.fcc.gov/consumers/guides/keeping-your-telephone-number-when-changing-service-providers)）",
        "在 My Verizon 里输入“Cancel”。",
        "联系邮箱 someone@example.edu，时间 10:30。",
        "登录 www.att.com 查看账单。",
    ],
)
def test_allowed_line(line: str) -> None:
    assert guard.line_problem(line) is None


def test_code_is_not_checked_but_front_matter_is() -> None:
    guard.check_source("docs/x.md", "---\ntitle: x\n---\n\n```html\n<script></script>\n```\n`<iframe>`\n")
    with pytest.raises(cards.SourceError, match=r"^docs/x.md:2: link 'https://t.me/a'"):
        guard.check_source("docs/x.md", "---\nsummary: 加群 https://t.me/a\n---\n")
