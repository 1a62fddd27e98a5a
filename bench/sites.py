"""The two sites the bench compares: the project's, and plain Material over the same docs/.

Both are built from throwaway copies, so a run never touches the working tree's site/. The plain
build is what a new MkDocs project would have: `site_name`, `theme: {name: material, language: zh}`
and the same Markdown extensions (so the pages render); no hooks, no overrides, no plugins.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.utils import yaml_load

ROOT = Path(__file__).resolve().parent.parent
# What a build of the project reads; everything else in the tree is left out of the copy.
PROJECT_INPUTS = ("mkdocs.yml", "docs", "hooks", "overrides", "VERSION")
# Stands for the repository, as in the tests: the header then links to it as deployed.
REPO_URL = "https://git.example.invalid/guide"


@dataclass(frozen=True)
class Build:
    name: str
    project: Path
    site: Path
    seconds: float
    cpu_seconds: float  # user + system time of the build process: steadier than wall time


def copy_project(into: Path) -> Path:
    """A copy of the project's build inputs (no site/, no caches)."""
    into.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, into / name)
    return into


def plain_config(project_config: Path) -> dict[str, object]:
    """Stock mkdocs.yml for the same docs: the project's name and Markdown extensions, nothing else."""
    with project_config.open(encoding="utf-8") as handle:
        config = yaml_load(handle)
    return {
        "site_name": config["site_name"],
        "theme": {"name": "material", "language": "zh"},
        "markdown_extensions": config.get("markdown_extensions", []),
    }


def make_plain(into: Path) -> Path:
    """A plain Material project over a copy of docs/."""
    into.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "docs", into / "docs")
    config = plain_config(ROOT / "mkdocs.yml")
    # site_url as any deployed site has one (canonical links, sitemap); given by SITE_URL.
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    text += "site_url: !ENV [SITE_URL, 'http://127.0.0.1:8000/']\n"
    (into / "mkdocs.yml").write_text(text, encoding="utf-8")
    return into


def build(name: str, project: Path, site: Path, site_url: str) -> Build:
    """`mkdocs build` of a project folder into `site`; fails loudly, since a bench of a broken
    build measures nothing."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)],
                            cwd=project, env=build_env(site_url), capture_output=True, text=True,
                            timeout=900)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{name} build failed:\n{result.stderr}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return Build(name, project, site, seconds, cpu)


def build_env(site_url: str) -> dict[str, str]:
    """The environment of a build: the address it is served at, a repository to link to."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url, "REPO_URL": REPO_URL,
           "EDIT_URI": "edit/main/docs/"}
    # Python caches compiled modules as it does on a contributor's machine: pip compiled the
    # plain build's libraries when it installed them, and the hooks get the same once built.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def add_versions_file(site: Path, version: str) -> None:
    """versions.json beside the site, as mike writes it on the published branch: the theme's
    version selector asks for it on every first visit, so the bench serves it too."""
    entry = {"version": version, "title": version, "aliases": ["latest"]}
    (site / "versions.json").write_text(json.dumps([entry]), encoding="utf-8")


def project_version() -> str:
    path = ROOT / "VERSION"
    return path.read_text(encoding="utf-8").strip() if path.exists() else "dev"


# Pages measured besides the home page, the card pages and the checklists, where a site has them:
# the plan (its first question screen), the carrier table, and the 繁體 copies of three kinds of page.
EXTRA_PAGES = ("plan/", "carriers/", "zh-hant/", "zh-hant/cards/esim/", "zh-hant/plan/")


def page_urls(site: Path) -> list[str]:
    """The pages the bench measures, as URL paths: the home page, every card page, every checklist,
    and EXTRA_PAGES."""
    found = [""]
    for folder in ("cards", "checklists"):
        found += sorted(p.parent.relative_to(site).as_posix() + "/"
                        for p in (site / folder).rglob("index.html")) if (site / folder).is_dir() else []
    return found + [url for url in EXTRA_PAGES if (site / url / "index.html").is_file()]
