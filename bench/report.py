"""The bench's tables, as text for the terminal: project beside plain Material, page by page."""

from __future__ import annotations

from typing import Any

KB = 1024
NO_PAINT = ">{cap:.0f} s"


def kb(value: int | None) -> str:
    return "—" if value is None else f"{value / KB:.1f}"


def seconds(value: float | None, cap: float) -> str:
    if value is None:
        return NO_PAINT.format(cap=cap)
    return f"{value:.2f} s"


def ratio(project: float | None, plain: float | None) -> str:
    if not project or not plain:
        return "—"
    return f"{project / plain:.2f}×"


def table(rows: list[list[str]]) -> str:
    """Columns padded to their widest cell; the first row is the header."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def page_table(results: dict[str, Any], cap: float) -> str:
    """One line per page: project / plain for every figure (plain left out where it has no such
    page), and the ratio of gzipped bytes."""
    columns: list[tuple[str, Any]] = [
        ("requests", lambda e: _text(_num(e, "weight", "requests"))),
        ("other hosts", lambda e: _text(_len(_num(e, "weight", "other_hosts")))),
        ("raw KB", lambda e: kb(_num(e, "weight", "raw_bytes"))),
        ("gzip KB", lambda e: kb(_num(e, "weight", "gzip_bytes"))),
        *[(f"LH {short}", lambda e, c=category: _text(_num(e, "lighthouse", "scores", c)))
          for short, category in (("perf", "performance"), ("a11y", "accessibility"),
                                  ("best", "best-practices"), ("SEO", "seo"))],
        ("FCP, others hanging", lambda e: _fcp(e, cap)),
    ]
    rows = [["page", *[name for name, _ in columns], "gzip vs plain"]]
    for path, entry in results["pages"].items():
        mine, plain = entry["project"], entry.get("plain")
        cells = [render(mine) if plain is None else f"{render(mine)} / {render(plain)}"
                 for _, render in columns]
        gzip_ratio = (ratio(_num(mine, "weight", "gzip_bytes"), _num(plain, "weight", "gzip_bytes"))
                      if plain else "project only")
        rows.append(["/" + path, *cells, gzip_ratio])
    return table(rows)


def build_table(build: dict[str, Any]) -> str:
    rows = [["build", "pages", "median s", "CPU median s", "runs s", "per page ms"]]
    for name, timing in build["timings"].items():
        rows.append([name, str(timing["pages"]), f"{timing['median']:.2f}", f"{timing['cpu_median']:.2f}",
                     " ".join(f"{s:.2f}" for s in timing["seconds"]), f"{timing['per_page'] * 1000:.1f}"])
    return table(rows)


def _text(value: Any) -> str:
    return "—" if value is None else str(value)


def _len(value: Any) -> int | None:
    return None if value is None else len(value)


def _num(entry: dict | None, *keys: str) -> Any:
    for key in keys:
        if not isinstance(entry, dict) or key not in entry:
            return None
        entry = entry[key]
    return entry


def _fcp(entry: dict | None, cap: float) -> str:
    if _num(entry, "first_paint") is None:
        return "—"
    return seconds(_num(entry, "first_paint", "seconds"), cap)
