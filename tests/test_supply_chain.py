"""What a fresh machine installs is exactly what was reviewed: hashed lock, pinned actions and image."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

LOCK = ROOT / "requirements.txt"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PINNED_ACTION = re.compile(r"[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}")
PINNED_IMAGE = re.compile(r"[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}")


def requirements() -> list[str]:
    """The lock's requirement entries, continuation lines joined."""
    text = LOCK.read_text(encoding="utf-8").replace("\\\n", " ")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


def test_the_lock_carries_no_index_or_folder_of_the_machine_that_made_it() -> None:
    for entry in requirements():
        assert not entry.startswith("-"), f"option line in the lock: {entry}"
    text = LOCK.read_text(encoding="utf-8")
    assert "file:" + "//" not in text
    assert not re.search(r"(?m)(^|\s)/\w+/", text), "an absolute path of the machine that locked it"


def test_every_locked_package_pip_included_is_pinned_with_a_hash() -> None:
    entries = requirements()
    assert any(entry.startswith("pip==") for entry in entries)
    for entry in entries:
        assert re.match(r"[\w.-]+==[\w.]+ ", entry) and "--hash=sha256:" in entry, entry


def test_the_install_does_not_upgrade_pip_outside_the_lock() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--upgrade pip" not in makefile
    assert "--require-hashes -r requirements.txt" in makefile
    assert "--no-emit-index-url --no-emit-find-links" in makefile


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_actions_and_containers_are_pinned_by_commit_or_digest(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for job in yaml.safe_load(text)["jobs"].values():
        if "container" in job:
            image = job["container"] if isinstance(job["container"], str) else job["container"]["image"]
            assert PINNED_IMAGE.fullmatch(image), f"{path.name}: container {image} is not pinned by digest"
        for step in job["steps"]:
            if "uses" in step:
                assert PINNED_ACTION.fullmatch(step["uses"]), f"{path.name}: {step['uses']} not pinned"
    # each pin names the version it stands for, so an update is a reviewed diff
    for line in text.splitlines():
        if re.search(r"uses: .*@[0-9a-f]{40}", line):
            assert re.search(r"#\s*v\d", line), f"{path.name}: '{line.strip()}' names no version"
