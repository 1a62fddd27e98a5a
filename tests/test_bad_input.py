"""Bad input stops `mkdocs build` with a message naming file, line and field, and leaves no site.

Each test copies the project, breaks one thing, builds, and reads what a contributor would read.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

import pytest

import cards
from conftest import assert_build_fails, mkdocs_build

ESIM = "docs/cards/esim.md"


def edit(project: Path, name: str, change: Callable[[str], str]) -> None:
    path = project / name
    before = path.read_text(encoding="utf-8")
    after = change(before)
    assert after != before, f"the test's edit did not apply to {name}"
    path.write_text(after, encoding="utf-8")


def sub(pattern: str, replacement: str) -> Callable[[str], str]:
    return lambda text: re.sub(pattern, replacement, text, count=1, flags=re.M)


def first_step(text: str) -> cards.Step:
    return cards.read_card(ESIM, text).steps_in("注销步骤")[0]


def without_first_step_id(text: str) -> str:
    step = first_step(text)
    lines = text.split("\n")
    lines[step.line - 1] = f"### {step.title}"
    return "\n".join(lines)


def second_step_reusing_first_id(text: str) -> str:
    first, second = cards.read_card(ESIM, text).steps_in("注销步骤")[:2]
    lines = text.split("\n")
    lines[second.line - 1] = f"### {second.title} {{#{first.id}}}"
    return "\n".join(lines)


def append(markdown: str) -> Callable[[str], str]:
    return lambda text: text + "\n" + markdown + "\n"


CASES = {
    "invalid YAML": (ESIM, sub(r"^axis: form$", "axis: [form"),
                     r"docs/cards/esim\.md:\d+: front matter is not valid YAML"),
    "date that is not a date": (ESIM, sub(r"^reviewed: .*$", "reviewed: 2026-13-01"),
                                r"docs/cards/esim\.md:\d+: front matter 'reviewed' must be a date "
                                r"\(YYYY-MM-DD\), got '2026-13-01'"),
    "card differs from the file name": (ESIM, sub(r"^card: esim$", "card: e-sim"),
                                        r"docs/cards/esim\.md:\d+: front matter 'card' must equal the "
                                        r"file name 'esim', got 'e-sim'"),
    "unknown axis": (ESIM, sub(r"^axis: form$", "axis: network"),
                     r"docs/cards/esim\.md:\d+: front matter 'axis' must be one of form, billing, "
                     r"got 'network'"),
    "missing field": (ESIM, sub(r"^summary: .*\n", ""),
                      r"docs/cards/esim\.md:\d+: front matter is missing required field 'summary'"),
    "missing section": (ESIM, sub(r"^## 注销之后$", "## 之后"),
                        r"docs/cards/esim\.md: missing required section '## 注销之后'"),
    "step without id": (ESIM, without_first_step_id,
                        r"docs/cards/esim\.md:\d+: step '.+' has no id; write '### .+ \{#short-english-id\}'"),
    "two steps with one id": (ESIM, second_step_reusing_first_id,
                              r"docs/cards/esim\.md:\d+: step id '[a-z0-9-]+' is used twice"),
    "chat group link": ("docs/faq.md", append("[交流群](https://t.me/uscards)"),
                        r"docs/faq\.md:\d+: link 'https://t\.me/uscards' points to a chat group"),
    "URL shortener": ("docs/index.md", append("[官网](https://bit.ly/3abc)"),
                      r"docs/index\.md:\d+: link 'https://bit\.ly/3abc' points to a URL shortener"),
    "plain http link": ("docs/safety.md", append("[FCC](http://www.fcc.gov/)"),
                        r"docs/safety\.md:\d+: link 'http://www\.fcc\.gov/' must use https://"),
    "raw script": ("docs/before.md", append("<script>alert(1)</script>"),
                   r"docs/before\.md:\d+: raw HTML <script> is not allowed in Markdown"),
    "raw iframe": (ESIM, append('<iframe src="https://www.fcc.gov/"></iframe>'),
                   r"docs/cards/esim\.md:\d+: raw HTML <iframe> is not allowed in Markdown"),
    "event handler": ("docs/faq.md", append('<img src="x.png" onerror="alert(1)">'),
                      r"docs/faq\.md:\d+: HTML event handler 'onerror=' is not allowed"),
    "promotion in front matter": (ESIM, sub(r"^summary: .*$", "summary: 加群 https://t.me/a"),
                                  r"docs/cards/esim\.md:\d+: link 'https://t\.me/a' points to a chat group"),
    "dead internal link": ("docs/index.md", append("[不存在](cards/satellite.md)"),
                           r"Doc file 'index\.md' contains a link 'cards/satellite\.md', but the "
                           r"target is not found"),
    "dead anchor": ("docs/index.md", append("[不存在](before.md#no-such-step)"),
                    r"Doc file 'index\.md' contains a link 'before\.md#no-such-step', but the doc "
                    r"'before\.md' does not contain an anchor '#no-such-step'"),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_fails_the_build_and_leaves_no_site(project_copy: Path, case: str) -> None:
    name, change, message = CASES[case]
    edit(project_copy, name, change)
    assert_build_fails(project_copy, message)


def test_a_failed_build_keeps_the_previous_site(project_copy: Path) -> None:
    site_dir = project_copy / "site"
    assert mkdocs_build(project_copy, site_dir).returncode == 0
    edit(project_copy, "docs/index.md", append("[不存在](cards/satellite.md)"))
    assert mkdocs_build(project_copy, site_dir).returncode != 0
    assert (site_dir / "cards" / "esim" / "index.html").is_file()
    assert "satellite" not in (site_dir / "index.html").read_text(encoding="utf-8")
