"""Lighthouse (pinned in bench/package.json) on one page: mobile, simulated throttling.

Runs the npm package's CLI with Debian's Chromium, and keeps the four category scores, the
timing metrics, and the audits that cost points, so a drop can be read off the bench's output.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from browser import CHROMIUM

HERE = Path(__file__).resolve().parent
CLI = HERE / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
           "cumulative-layout-shift", "speed-index")
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
TIMEOUT_SECONDS = 240


@dataclass(frozen=True)
class Report:
    scores: dict[str, int]        # category → 0…100
    metrics: dict[str, float]     # metric → its numeric value (ms, or unitless for CLS)
    failing: list[str] = field(default_factory=list)  # "category/audit" that lost points


def available() -> bool:
    return CLI.exists()


def run(url: str) -> Report:
    """One Lighthouse run of `url`; raises if Lighthouse fails."""
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as folder:
        output = Path(folder) / "report.json"
        command = [str(CLI), url, "--quiet", "--output=json", f"--output-path={output}",
                   f"--chrome-flags={CHROME_FLAGS}", "--form-factor=mobile",
                   "--throttling-method=simulate", "--disable-full-page-screenshot",
                   "--only-categories=" + ",".join(CATEGORIES)]
        # TMPDIR: the Chromium profile Lighthouse creates goes in the throwaway folder too.
        env = {**os.environ, "CHROME_PATH": CHROMIUM, "TMPDIR": folder}
        result = subprocess.run(command, env=env, capture_output=True, text=True,
                                timeout=TIMEOUT_SECONDS)
        if result.returncode != 0 or not output.exists():
            raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
        return parse(json.loads(output.read_text(encoding="utf-8")))


def parse(lhr: dict) -> Report:
    """The parts of a Lighthouse result the bench reports."""
    categories = lhr["categories"]
    scores = {name: round((categories[name]["score"] or 0) * 100) for name in CATEGORIES}
    audits = lhr["audits"]
    metrics = {name: audits[name].get("numericValue") for name in METRICS if name in audits}
    return Report(scores, metrics, failing_audits(categories, audits))


def failing_audits(categories: dict, audits: dict) -> list[str]:
    """Scored audits below a full score, named by category."""
    failing = []
    for name in CATEGORIES:
        for ref in categories[name]["auditRefs"]:
            audit = audits.get(ref["id"], {})
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failing.append(f"{name}/{ref['id']}")
    return failing


def median_report(reports: list[Report]) -> Report:
    """Per category and metric, the median over several runs (Lighthouse's own advice for noise)."""
    def median(values: list[float]) -> float:
        ordered = sorted(values)
        middle = len(ordered) // 2
        return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2

    scores = {name: round(median([r.scores[name] for r in reports])) for name in CATEGORIES}
    metrics = {name: median([r.metrics[name] for r in reports if r.metrics.get(name) is not None])
               for name in METRICS if any(r.metrics.get(name) is not None for r in reports)}
    failing = sorted({audit for r in reports for audit in r.failing})
    return Report(scores, metrics, failing)
