"""Bad input stops `mkdocs build` with a message naming file, line and field, and leaves no site.

Each test copies the project, breaks one thing, builds, and reads what a contributor would read.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import append, assert_build_fails, edit, mkdocs_build, sub

ESIM = "docs/cards/esim.md"

# One case per hook that turns a core error into a build error, and MkDocs' own link checks.
# Every other message is proven on the core itself (test_cards, test_guard, test_contract).
CASES = {
    "contract: invalid YAML": (ESIM, sub(r"^axis: form$", "axis: [form"),
                               r"docs/cards/esim\.md:\d+: front matter is not valid YAML"),
    "contract: a step id reused from another page": (
        "docs/cards/physical-sim.md", sub(r"\{#keep-old-sim-in\}", "{#esim-sign-in}"),
        r"docs/cards/physical-sim\.md:\d+: step id 'esim-sign-in' is already used by "
        r"docs/cards/esim\.md:\d+"),
    "guard: chat group link": ("docs/faq.md", append("[交流群](https://t.me/uscards)"),
                               r"docs/faq\.md:\d+: link 'https://t\.me/uscards' points to a chat group"),
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


def test_a_file_that_is_not_utf8_is_named(project_copy: Path) -> None:
    data = project_copy / "docs/data/carriers.yml"
    data.write_bytes(data.read_text(encoding="utf-8").encode("gbk"))
    assert_build_fails(project_copy, r"docs/data/carriers\.yml:\d+: is not UTF-8 text .*; save it as UTF-8")


def contract_listed_last(text: str) -> str:
    lines = text.split("\n")
    contract = next(line for line in lines if line.startswith("  - hooks/contract.py"))
    lines.remove(contract)
    last = max(i for i, line in enumerate(lines) if line.startswith("  - hooks/"))
    lines.insert(last + 1, contract)
    return "\n".join(lines)


def test_the_guide_is_read_first_whatever_the_hook_order(project_copy: Path) -> None:
    """contract.py listed last still runs before the hooks that use the guide; a step with a class
    is numbered like the others."""
    edit(project_copy, "mkdocs.yml", contract_listed_last)
    edit(project_copy, ESIM, sub(r"\{#esim-note-pin\}", "{: #esim-note-pin .gs-key }"))
    result = mkdocs_build(project_copy, project_copy / "site")
    assert result.returncode == 0, result.stderr
    html = BeautifulSoup((project_copy / "site/cards/esim/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    steps = html.select("article h3.gs-step")
    assert [s.select_one(".gs-step__number").get_text() for s in steps] == [
        f"第 {n} 步：" for n in range(1, len(steps) + 1)]
    assert "gs-key" in html.select_one("h3#esim-note-pin")["class"]


def test_without_contract_a_hook_says_the_guide_was_not_read(project_copy: Path) -> None:
    edit(project_copy, "mkdocs.yml", sub(r"^  - hooks/contract\.py.*\n", ""))
    assert_build_fails(project_copy, r"mkdocs\.yml: the guide was not read: list hooks/contract\.py under 'hooks:'")
