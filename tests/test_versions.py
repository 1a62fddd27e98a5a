"""Site versions with mike: two deploys into a throwaway git repository, aliases as full copies."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import TODAY

BIN = Path(sys.executable).parent  # mike runs `mkdocs` from PATH
MIKE = str(BIN / "mike")


def run(cwd: Path, *command: str) -> str:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GUIDE_TODAY": TODAY,
           "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
           "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.invalid"}
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_mike_deploys_versions_with_copied_aliases(project_copy: Path) -> None:
    run(project_copy, "git", "init", "--quiet", "--initial-branch=main")
    run(project_copy, "git", "add", ".")
    run(project_copy, "git", "commit", "--quiet", "-m", "docs")
    run(project_copy, MIKE, "deploy", "--update-aliases", "1.0", "latest")
    run(project_copy, MIKE, "deploy", "--update-aliases", "1.1", "latest")
    run(project_copy, MIKE, "set-default", "latest")

    esim_version = re.search(r"^version: (\S+)$", (project_copy / "docs/cards/esim.md").read_text(encoding="utf-8"),
                             re.M).group(1)
    versions = json.loads(run(project_copy, "git", "show", "gh-pages:versions.json"))
    assert [(v["version"], v["aliases"]) for v in versions] == [("1.1", ["latest"]), ("1.0", [])]
    tree = run(project_copy, "git", "ls-tree", "--name-only", "gh-pages").split()
    assert {"1.0", "1.1", "latest", "index.html", "versions.json"} <= set(tree)
    for version in ("1.0", "1.1"):
        page = run(project_copy, "git", "show", f"gh-pages:{version}/cards/esim/index.html")
        assert f"版本 {esim_version}" in page and "gs-step" in page
        html = BeautifulSoup(page, "html.parser")
        # The theme's version selector is on, and search engines are sent to the latest version.
        assert json.loads(html.select_one("#__config").string)["version"]["provider"] == "mike"
        assert re.fullmatch(r"https?://[^/]+/latest/cards/esim/", html.select_one("link[rel=canonical]")["href"])
    # GitHub Pages follows no symlinks, and canonical links must not point at a redirect: the
    # alias is a real folder holding the newest version's very pages.
    assert run(project_copy, "git", "cat-file", "-t", "gh-pages:latest") == "tree\n"
    for path in ("cards/esim/index.html", "search/search_index.json", "assets/site.min.css"):
        assert run(project_copy, "git", "rev-parse", f"gh-pages:latest/{path}") == \
            run(project_copy, "git", "rev-parse", f"gh-pages:1.1/{path}")
    root = run(project_copy, "git", "show", "gh-pages:index.html")
    assert "latest/" in root
