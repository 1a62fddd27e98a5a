"""Build cost: `mkdocs build` wall time of the project against plain Material, and how it grows.

Runs alternate project and plain builds so that both see the same machine load, and report
medians. Growth is measured on a throwaway copy of the project with synthetic card pages added:
each is a real billing card page under another name, so it passes the card contract and brings
its own checklist and two combination sheets (the two card forms × every billing card).
"""

from __future__ import annotations

import pstats
import re
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import sites

SYNTHETIC_PREFIX = "synthetic-"
# What a build keeps for the next one: compiled templates (hooks/templates.py), compiled hooks.
CACHES = (".cache", "hooks/__pycache__")
FRONT_FIELD = r"^{key}:.*$"


@dataclass(frozen=True)
class Timing:
    name: str
    pages: int
    seconds: list[float]
    cpu_seconds: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu_seconds)

    @property
    def per_page(self) -> float:
        return self.median / self.pages


def pages_built(site: Path) -> int:
    """HTML pages in a built site (every page, generated ones and 404 included)."""
    return sum(1 for _ in site.rglob("*.html"))


def time_builds(projects: dict[str, Path], work: Path, runs: int, site_url: str,
                cold: frozenset[str] = frozenset()) -> dict[str, Timing]:
    """Build each project `runs` times, taking turns, and time every build. The projects named in
    `cold` lose what earlier builds kept (CACHES) before each build, as on a fresh clone."""
    seconds: dict[str, list[float]] = {name: [] for name in projects}
    cpu: dict[str, list[float]] = {name: [] for name in projects}
    pages: dict[str, int] = {}
    for run in range(runs):
        for name, project in projects.items():
            for cache in CACHES if name in cold else ():
                shutil.rmtree(project / cache, ignore_errors=True)
            site = work / f"{name}-site-{run}"
            build = sites.build(name, project, site, site_url)
            seconds[name].append(build.seconds)
            cpu[name].append(build.cpu_seconds)
            pages[name] = pages_built(site)
            shutil.rmtree(site, ignore_errors=True)
    return {name: Timing(name, pages[name], seconds[name], cpu[name]) for name in projects}


def add_synthetic_cards(project: Path, count: int) -> list[str]:
    """Write `count` card pages into a project copy, cloned from its first billing card."""
    cards_dir = project / "docs" / "cards"
    model = next(path for path in sorted(cards_dir.glob("*.md"))
                 if re.search(r"^axis:\s*billing\s*$", path.read_text(encoding="utf-8"), re.M))
    text = model.read_text(encoding="utf-8")
    written = []
    for number in range(1, count + 1):
        name = f"{SYNTHETIC_PREFIX}{number:03d}"
        page = set_field(set_field(text, "card", name), "title", f"合成卡片 {number:03d}")
        (cards_dir / f"{name}.md").write_text(page, encoding="utf-8")
        written.append(name)
    return written


def without_hook(project: Path, name: str) -> Path:
    """A project copy whose mkdocs.yml leaves out hooks/<name>.py (the 繁體中文 edition, say)."""
    config = project / "mkdocs.yml"
    text, count = re.subn(rf"^\s*- hooks/{re.escape(name)}\.py\b.*\n", "", config.read_text(encoding="utf-8"),
                          flags=re.M)
    if count != 1:
        raise SystemExit(f"mkdocs.yml lists no hooks/{name}.py")
    config.write_text(text, encoding="utf-8")
    return project


def set_field(text: str, key: str, value: str) -> str:
    """Replace one top-level front-matter field (the first line that starts with `key:`)."""
    return re.sub(FRONT_FIELD.format(key=re.escape(key)), f"{key}: {value}", text, count=1, flags=re.M)


@dataclass(frozen=True)
class HookShare:
    hooks: float        # seconds inside the hooks' event functions, jieba's start-up left out
    jieba_start: float  # loading jieba's dictionary: search needs it in any build
    total: float        # the whole profiled build


def profile_hooks(project: Path, work: Path, site_url: str) -> HookShare:
    """One build under cProfile: how much of it the project's hooks take."""
    output = work / "build.prof"
    site = work / "profiled-site"
    command = [sys.executable, "-m", "cProfile", "-o", str(output), "-m", "mkdocs", "build",
               "--quiet", "--site-dir", str(site)]
    subprocess.run(command, cwd=project, env=sites.build_env(site_url), capture_output=True,
                   check=True, timeout=900)
    stats = pstats.Stats(str(output)).stats  # type: ignore[attr-defined]
    hooks_dir = str(project / "hooks")
    hooks = jieba = total = 0.0
    for (filename, _line, function), (_cc, _nc, _tt, cumulative, _callers) in stats.items():
        if filename.startswith(hooks_dir) and function.startswith("on_"):
            hooks += cumulative
        elif filename.endswith("jieba/__init__.py") and function == "initialize":
            jieba = max(jieba, cumulative)
        total = max(total, cumulative)
    shutil.rmtree(site, ignore_errors=True)
    # glossary.py is the first to use jieba, so its dictionary load is counted in that hook.
    return HookShare(hooks - jieba if jieba <= hooks else hooks, jieba, total)
