"""The path a contributor follows: the card template builds, copy style is checked, CI is wired."""

from __future__ import annotations

import shutil
from pathlib import Path

import autocorrect_py
import pytest
import yaml

from conftest import ROOT, mkdocs_build

TEMPLATE = ROOT / ".github" / "card-template.md"
CHINESE_PROSE = sorted([*(ROOT / "docs").rglob("*.md"), ROOT / "README.md", ROOT / "CONTRIBUTING.md",
                        TEMPLATE, ROOT / ".github" / "pull_request_template.md"])


def style_problems(path: Path) -> list[str]:
    result = autocorrect_py.lint_for(path.read_text(encoding="utf-8"), str(path))
    return [f"{path.relative_to(ROOT)}:{line.line}: {line.old!r} → {line.new!r}" for line in result.lines]


def test_the_card_template_copied_as_is_builds_and_gets_its_sheets(project_copy: Path) -> None:
    shutil.copy(TEMPLATE, project_copy / "docs" / "cards" / "new-card.md")
    result = mkdocs_build(project_copy, project_copy / "site")
    assert result.returncode == 0, result.stderr
    assert (project_copy / "site/checklists/new-card/index.html").is_file()


@pytest.mark.parametrize("path", CHINESE_PROSE, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_chinese_copy_style(path: Path) -> None:
    assert style_problems(path) == []


def test_the_style_check_catches_missing_spaces_and_half_width_commas(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("注销SIM卡前,先把10天内的账单付清。\n", encoding="utf-8")
    result = autocorrect_py.lint_for(bad.read_text(encoding="utf-8"), str(bad))
    assert [line.new for line in result.lines] == ["注销 SIM 卡前，先把 10 天内的账单付清。"]


def workflow(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def test_pull_requests_build_strict_and_run_the_readme_test_command() -> None:
    flow = workflow("check.yml")
    assert "pull_request" in flow[True]  # YAML reads the key `on` as True
    steps = " ".join(step.get("run", "") for step in flow["jobs"]["test"]["steps"])
    assert "make build" in steps and "make test" in steps
    assert "make test" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "strict: true" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def test_main_deploys_with_mike_and_full_history() -> None:
    flow = workflow("deploy.yml")
    assert flow[True]["push"]["branches"] == ["main"]
    steps = flow["jobs"]["deploy"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    script = " ".join(step.get("run", "") for step in steps)
    assert 'mike deploy --push --update-aliases "$(cat VERSION)" latest' in script
    assert (ROOT / "VERSION").read_text(encoding="utf-8").strip()
