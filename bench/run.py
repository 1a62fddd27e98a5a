"""Benchmarks: this site beside plain Material for MkDocs, built from the same docs/ in one run.

    make bench                      # installs what it needs, then runs this
    .venv/bin/python bench/run.py --help

Every figure is printed for both builds, page by page, so that a ratio holds on a noisy machine:
first-visit weight (requests, raw and gzipped bytes, requests to other hosts), Lighthouse
(mobile, simulated throttling), first contentful paint while every other host hangs, and build
time (plus growth with synthetic card pages). Prints tables and writes them as JSON to
bench/results/. Nothing here asserts: the numbers are for people, and the targets are printed
beside them.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import browser  # noqa: E402
import buildcost  # noqa: E402
import lighthouse  # noqa: E402
import report  # noqa: E402
import sites  # noqa: E402
from server import Site  # noqa: E402

RESULTS = HERE / "results"
PARTS = ("weight", "paint", "lighthouse", "build")
# Targets from the issue, printed beside the figures (never asserted).
BUILD_RATIO_TARGET = 2.3     # the whole build, both scripts (issue: search and 繁體中文)
SIMPLIFIED_RATIO_TARGET = 1.15  # the Simplified pages alone (issue: the plan)
GROWTH_RATIO_TARGET = 1.2
COLD = "project, cold"  # the project built with nothing kept from earlier builds, as on a fresh clone
SIMPLIFIED = "project, Simplified only"  # the project without its 繁體中文 edition
FCP_TARGET_SECONDS = 1.0


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="guide-bench-") as folder:
        work = Path(folder)
        results = run(args, work)
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for name in (f"bench-{stamp}.json", "latest.json"):
        (RESULTS / name).write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print_results(results)
    print(f"\nJSON: {(RESULTS / f'bench-{stamp}.json').relative_to(sites.ROOT)}")
    return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip", action="append", choices=PARTS, default=[],
                        help="leave out a part (repeatable)")
    parser.add_argument("--lighthouse-runs", type=int, default=1,
                        help="Lighthouse runs per page and build; the median is reported (default 1)")
    parser.add_argument("--build-runs", type=int, default=5,
                        help="timed builds of each, interleaved (default 5)")
    parser.add_argument("--synthetic", type=int, default=200,
                        help="synthetic card pages for the growth check, 0 to skip (default 200)")
    parser.add_argument("--synthetic-runs", type=int, default=3,
                        help="timed builds with the synthetic pages (default 3)")
    return parser.parse_args(argv)


def run(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    project = sites.copy_project(work / "project")
    plain = sites.make_plain(work / "plain")
    # Each site is served from where it will be built, so it can be built for its own address.
    served = {"project": Site(work / "project-site").start(), "plain": Site(work / "plain-site").start()}
    try:
        log(f"building both sites ({served['project'].url}, {served['plain'].url})")
        sites.build("project", project, served["project"].root, served["project"].url)
        sites.add_versions_file(served["project"].root, sites.project_version())
        sites.build("plain", plain, served["plain"].root, served["plain"].url)
        pages = compare_pages(args, served)
    finally:
        for site in served.values():
            site.close()
    results: dict[str, Any] = {"when": dt.datetime.now().isoformat(timespec="seconds"),
                               "machine": machine(), "pages": pages}
    if "build" not in args.skip:
        results["build"] = build_cost(args, project, plain, work)
    return results


def compare_pages(args: argparse.Namespace, served: dict[str, Site]) -> dict[str, Any]:
    """Every measured page of the project, with the plain build's figures where it has the page."""
    paths = sites.page_urls(served["project"].root)
    plain_paths = set(sites.page_urls(served["plain"].root))
    pages: dict[str, Any] = {path: {"project": {}, **({"plain": {}} if path in plain_paths else {})}
                             for path in paths}

    def each(action: Any) -> None:
        for path, entry in pages.items():
            for name in entry:
                entry[name].update(action(name, served[name], path))

    if "weight" not in args.skip:
        log("page weight: first visits in Chromium, phone viewport")
        with browser.chromium() as chromium:
            each(lambda _n, site, path: {"weight": dataclasses.asdict(browser.page_weight(chromium, site, path))})
    if "paint" not in args.skip:
        log(f"first paint with other hosts hanging (cap {browser.FCP_CAP_SECONDS:.0f} s a page)")
        with browser.stalling_proxy() as proxy_flag, browser.chromium(proxy_flag) as chromium:
            browser.warm_up(chromium, served["project"])  # the one that loads with hosts hanging
            each(lambda _n, site, path: {"first_paint": dataclasses.asdict(
                browser.blocked_first_paint(chromium, site, path))})
    if "lighthouse" not in args.skip:
        if not lighthouse.available():
            log("Lighthouse is not installed: run `make bench` (or `npm ci` in bench/); skipped")
        else:
            log(f"Lighthouse: {len(paths) + len(plain_paths)} pages × {args.lighthouse_runs} run(s)")
            each(lambda name, site, path: {"lighthouse": lighthouse_of(site.url + path, args.lighthouse_runs)})
    return pages


def lighthouse_of(url: str, runs: int) -> dict[str, Any]:
    log(f"  {url}")
    return dataclasses.asdict(lighthouse.median_report([lighthouse.run(url) for _ in range(runs)]))


def build_cost(args: argparse.Namespace, project: Path, plain: Path, work: Path) -> dict[str, Any]:
    """Build times of both, growth with synthetic cards, and the hooks' share of a build."""
    site_url = "http://127.0.0.1:8000/"
    log(f"build cost: {args.build_runs} builds of each, interleaved")
    # "project, cold" is a copy of the project that loses its caches before every build: a first
    # build on a fresh clone, where "project" is every build after it.
    cold = sites.copy_project(work / "project-cold")
    simplified = buildcost.without_hook(sites.copy_project(work / "project-simplified"), "traditional")
    timings = buildcost.time_builds({"project": project, COLD: cold, SIMPLIFIED: simplified, "plain": plain}, work,
                                    args.build_runs, site_url, cold=frozenset({COLD}))
    growth: dict[str, buildcost.Timing] = {}
    for count in sorted({args.synthetic // 2, args.synthetic} - {0}):
        log(f"build cost: project with {count} synthetic card pages, {args.synthetic_runs} builds")
        copy = sites.copy_project(work / f"synthetic-{count}")
        buildcost.add_synthetic_cards(copy, count)
        growth[f"project+{count}"] = buildcost.time_builds({f"project+{count}": copy}, work,
                                                           args.synthetic_runs, site_url)[f"project+{count}"]
        shutil.rmtree(copy, ignore_errors=True)
    log("build cost: one profiled build, for the hooks' share")
    share = buildcost.profile_hooks(project, work, site_url)
    all_timings = {**timings, **growth}
    return {
        "timings": {name: {**dataclasses.asdict(t), "median": t.median, "cpu_median": t.cpu_median,
                           "per_page": t.per_page}
                    for name, t in all_timings.items()},
        "ratio_total": timings["project"].median / timings["plain"].median,
        "ratio_cold": timings[COLD].median / timings["plain"].median,
        "ratio_simplified": timings[SIMPLIFIED].median / timings["plain"].median,
        "ratio_cpu": timings["project"].cpu_median / timings["plain"].cpu_median,
        "ratio_per_page": timings["project"].per_page / timings["plain"].per_page,
        "growth_per_page": {name: t.per_page / timings["project"].per_page for name, t in growth.items()},
        "growth_marginal_ms": marginal(timings["project"], growth),
        "hooks": dataclasses.asdict(share),
    }


def marginal(real: buildcost.Timing, growth: dict[str, buildcost.Timing]) -> dict[str, float]:
    """Milliseconds per page added, step by step: equal steps mean linear growth."""
    steps: dict[str, float] = {}
    previous = real
    for name, timing in growth.items():
        added = timing.pages - previous.pages
        if added > 0:
            steps[f"{previous.name} → {name}"] = (timing.median - previous.median) / added * 1000
        previous = timing
    return steps


def machine() -> dict[str, str]:
    """What the figures were measured with."""
    def version(command: list[str]) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return "unknown"

    return {"python": platform.python_version(), "cpus": str(os.cpu_count()),
            "chromium": version([browser.CHROMIUM, "--version"]),
            "node": version(["node", "--version"]),
            "lighthouse": version([str(lighthouse.CLI), "--version"]) if lighthouse.available() else "absent",
            "mkdocs": package_version("mkdocs"), "mkdocs-material": package_version("mkdocs-material")}


def print_results(results: dict[str, Any]) -> None:
    cap = browser.FCP_CAP_SECONDS
    print("\nFirst visit, phone viewport, served gzipped (project / plain Material; "
          "'project only' pages are generated by the project's hooks)")
    print(report.page_table(results, cap))
    print_page_summary(results)
    if "build" in results:
        print_build(results["build"])


def print_page_summary(results: dict[str, Any]) -> None:
    pages = results["pages"].values()
    mine = [p["project"] for p in pages]
    shared = [p for p in pages if "plain" in p and "weight" in p["project"] and "weight" in p["plain"]]
    print()
    if all("weight" in m for m in mine):
        others = sum(len(m["weight"]["other_hosts"]) for m in mine)
        print(f"requests to other hosts, all project pages: {others} (target 0)")
    if shared:
        worst = max(p["project"]["weight"]["gzip_bytes"] / p["plain"]["weight"]["gzip_bytes"] for p in shared)
        print(f"gzip bytes vs plain, worst shared page: {worst:.2f}× (target ≤ 1.00×)")
    paints = [m["first_paint"]["seconds"] for m in mine if "first_paint" in m]
    if paints:
        slowest = None if None in paints else max(paints)
        print("first paint with other hosts hanging, slowest project page: "
              f"{report.seconds(slowest, browser.FCP_CAP_SECONDS)} (target < {FCP_TARGET_SECONDS:.0f} s)")
    failing = sorted({audit for m in mine for audit in m.get("lighthouse", {}).get("failing", [])})
    if any("lighthouse" in m for m in mine):
        lowest = {c: min(m["lighthouse"]["scores"][c] for m in mine) for c in lighthouse.CATEGORIES}
        print("Lighthouse, lowest project score per category: "
              + ", ".join(f"{c} {s}" for c, s in lowest.items()) + " (target 100)")
        print("Lighthouse audits losing points on project pages: " + (", ".join(failing) or "none"))


def print_build(build: dict[str, Any]) -> None:
    print("\nBuild cost: `mkdocs build` wall time, median of interleaved runs")
    print(report.build_table(build))
    print(f"project / plain: wall time {build['ratio_total']:.2f}× (target ≤ {BUILD_RATIO_TARGET}×), "
          f"CPU time {build['ratio_cpu']:.2f}×, wall time per page {build['ratio_per_page']:.2f}×")
    print(f"{COLD} / plain: wall time {build['ratio_cold']:.2f}× (nothing kept from an earlier build: "
          "templates and hooks compiled anew)")
    print(f"{SIMPLIFIED} / plain: wall time {build['ratio_simplified']:.2f}× (target ≤ {SIMPLIFIED_RATIO_TARGET}×; "
          "plain Material builds the Markdown pages only, the project also its generated pages)")
    for name, value in build["growth_per_page"].items():
        print(f"{name}: time per page {value:.2f}× the real project's (target ≤ {GROWTH_RATIO_TARGET}×)")
    for step, ms in build["growth_marginal_ms"].items():
        print(f"added page cost {step}: {ms:.1f} ms a page")
    hooks = build["hooks"]
    print(f"hooks: {hooks['hooks'] * 1000:.0f} ms of a {hooks['total'] * 1000:.0f} ms profiled build "
          f"(jieba's dictionary load, {hooks['jieba_start'] * 1000:.0f} ms, left out: search needs it in any build)")


if __name__ == "__main__":
    sys.exit(main())
