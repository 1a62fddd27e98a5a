"""The card contract as pure functions: parsing and validation without MkDocs running."""

from __future__ import annotations

import datetime as dt

import pytest

import cards
from conftest import ON as TODAY

VALID = """---
title: eSIM（虚拟 SIM 卡）
card: esim
axis: form
version: 1.1.0
reviewed: 2026-11-25
summary: 一句话
changes:
  - {version: 1.1.0, date: 2026-11-25, note: 补充}
  - {version: 1.0.0, date: 2026-10-01, note: 首版}
---
## 适用情况
## 注销前准备
### 截图保存套餐信息 {#save-plan}
## 注销步骤
```markdown
### 代码块里的标题不是步骤
```
### 登录账户管理系统 {#sign-in}
!!! tip
    ### 缩进的标题也不是步骤
### 提交注销申请 {: #submit-request .note }
## 注销之后
### 保存确认信息 {#keep-confirmation}
## 注意事项
## 常见问题
"""


def test_reads_front_matter_and_steps_in_order() -> None:
    page = cards.read_card("docs/cards/esim.md", VALID, on=TODAY)
    assert (page.card, page.axis, page.version) == ("esim", "form", "1.1.0")
    assert page.reviewed == dt.date(2026, 11, 25)
    assert [c.version for c in page.changes] == ["1.1.0", "1.0.0"]
    assert [(s.section, s.id) for s in page.steps] == [
        ("注销前准备", "save-plan"),
        ("注销步骤", "sign-in"),
        ("注销步骤", "submit-request"),
        ("注销之后", "keep-confirmation"),
    ]
    assert page.steps[1].line == 19


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("axis: form", "axis: [form", "docs/cards/esim.md:4: front matter is not valid YAML"),
        ("reviewed: 2026-11-25", "reviewed: 2026-13-01",
         "docs/cards/esim.md:6: front matter 'reviewed' must be a date (YYYY-MM-DD), got '2026-13-01'"),
        ("card: esim", "card: e-sim",
         "docs/cards/esim.md:3: front matter 'card' must equal the file name 'esim', got 'e-sim'"),
        ("axis: form", "axis: colour",
         "docs/cards/esim.md:4: front matter 'axis' must be one of form, billing, got 'colour'"),
        ("version: 1.1.0\n", "version: 1.1\n",
         "docs/cards/esim.md:5: front matter 'version' must be a version x.y.z"),
        ("summary: 一句话\n", "", "front matter is missing required field 'summary'"),
        ("summary: 一句话\n", "summary: 一句话\nauthor: me\n",
         "docs/cards/esim.md:8: front matter has unknown field 'author'"),
        ("date: 2026-10-01, note", "date: 2026-10-32, note",
         "front matter 'changes' entry 2: 'date' must be a date (YYYY-MM-DD), got '2026-10-32'"),
        ("## 注销之后\n", "## 之后\n", "docs/cards/esim.md: missing required section '## 注销之后'"),
        ("## 注意事项\n## 常见问题\n", "## 常见问题\n## 注意事项\n", "sections are out of order"),
        ("### 登录账户管理系统 {#sign-in}", "### 登录账户管理系统",
         "docs/cards/esim.md:19: step '登录账户管理系统' has no id; "
         "write '### 登录账户管理系统 {#short-english-id}'"),
        ("{: #submit-request .note }", "{#sign-in}",
         "docs/cards/esim.md:22: step id 'sign-in' is used twice (first on line 19)"),
        ("{#sign-in}", "{#SignIn}", "docs/cards/esim.md:19: step '登录账户管理系统' has id 'SignIn'"),
        ("---\ntitle", "title", "docs/cards/esim.md:1: has no front matter"),
    ],
)
def test_each_mistake_names_file_line_and_field(old: str, new: str, expected: str) -> None:
    assert old in VALID
    with pytest.raises(cards.SourceError) as caught:
        cards.read_card("docs/cards/esim.md", VALID.replace(old, new, 1), on=TODAY)
    assert expected in str(caught.value)



@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  - {version: 1.1.0, date: 2026-11-25, note: 补充}",
         "  - {version: 1.2.0, date: 2026-11-25, note: 补充}",
         "docs/cards/esim.md:9: front matter 'changes' entry 1 (version 1.2.0) is newer than the "
         "page's version 1.1.0"),
        ("version: 1.1.0\n", "version: 1.2.0\n",
         "docs/cards/esim.md:9: front matter 'changes' entry 1 (version 1.1.0): the newest entry must "
         "describe the current version 1.2.0"),
        ("  - {version: 1.0.0, date: 2026-10-01, note: 首版}",
         "  - {version: 1.1.0, date: 2026-10-01, note: 首版}",
         "entry 2 (version 1.1.0) is out of order; list changes newest first"),
        ("{version: 1.1.0, date: 2026-11-25,", "{version: 1.1.0, date: 2026-11-26,",
         "docs/cards/esim.md:9: front matter 'changes' entry 1 (version 1.1.0) has date 2026-11-26, "
         "which lies in the future (today is 2026-11-25)"),
    ],
)
def test_changes_are_newest_first_from_the_current_version_and_never_ahead(
        old: str, new: str, expected: str) -> None:
    assert old in VALID
    with pytest.raises(cards.SourceError) as caught:
        cards.read_card("docs/cards/esim.md", VALID.replace(old, new, 1), on=TODAY)
    assert expected in str(caught.value)


def test_guide_reads_cards_strictly_and_other_pages_only_when_versioned() -> None:
    before = VALID.replace("card: esim\naxis: form\n", "").replace("{#", "{#before-").replace("{: #", "{: #before-")
    guide = cards.read_guide({"cards/esim.md": VALID, "before.md": before, "faq.md": "# 常见问题\n"}, on=TODAY)
    assert [p.card for p in guide.cards] == ["esim"]
    assert guide.before is not None and guide.before.card is None
    assert "faq.md" not in guide.pages
    with pytest.raises(cards.SourceError, match="unknown field 'card'"):
        cards.read_guide({"before.md": VALID}, on=TODAY)
