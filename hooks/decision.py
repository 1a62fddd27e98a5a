"""The home page's picture of the first decisions: an inline SVG flow, drawn at build time.

Most costly mistakes happen at the first decision (cancelling before porting the number out), so
the home page shows the order of the first steps as a diagram, every box a link to the step or
page that explains it. It is plain SVG drawn here: no diagram script, no third-party request,
nothing the Content-Security-Policy would refuse (no inline style; guide.css styles it by class).

It goes right after the heading `{#first-decisions}` of index.md; the build stops if that heading
is missing, or if a box links to a page or heading id that does not exist.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html import escape

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils import get_relative_url

import cards

HOME = "index.md"
ANCHOR = "first-decisions"
TITLE = "注销前先做的决定"


@dataclass(frozen=True)
class Box:
    lines: tuple[str, ...]  # broken by hand where a reader would pause; checked to fit
    target: str  # a page in docs/, with an optional heading id: "before.md#move-2fa"
    kind: str = "step"  # step | question | choice | warn | end: how it is drawn


# One row is one box across, or the two answers to the question above it, side by side.
# The order follows 注销前必读 (before.md): two-factor first, then keep-or-release the number.
FLOW: tuple[tuple[Box, ...], ...] = (
    (Box(("1. 把双重验证从短信", "改成验证器 App 等方式"), "before.md#move-2fa"),),
    (Box(("2. 要保留这个号码吗？",), "before.md#decide-number", "question"),),
    (Box(("保留号码：", "先携号转网，", "不要先注销"), "before.md#get-transfer-pin", "warn"),
     Box(("放弃号码：", "不用转网，", "按下面的步骤注销"), "before.md#decide-number", "choice")),
    (Box(("3. 解锁手机",), "before.md#unlock-phone"),),
    (Box(("4. 预付费还是后付费？",), "index.md#which-card", "question"),),
    (Box(("预付费",), "cards/prepaid.md", "choice"), Box(("后付费",), "cards/postpaid.md", "choice")),
    (Box(("5. 实体 SIM 卡还是 eSIM？",), "index.md#which-card", "question"),),
    (Box(("实体 SIM 卡",), "cards/physical-sim.md", "choice"), Box(("eSIM",), "cards/esim.md", "choice")),
    (Box(("6. 按你的组合打印清单",), "checklists/index.md", "end"),),
)

# Geometry in SVG units. The picture is 320 wide and scales to the column (CSS width: 100%), so on
# a 360 px phone one unit is about one pixel and the text is about 15 px.
WIDTH = 320
MARGIN = 4  # room for the outline's stroke
GAP = 12  # between two boxes side by side
PAD_X = 10
PAD_Y = 10
FONT = 15
LINE = 21
ROW_GAP = 30  # vertical room for the connectors and their arrowheads
ARROW = 7


def on_page_content(html: str, page: MkDocsPage, config: MkDocsConfig, files: Files, **_: object) -> str:
    if page.file.src_uri != HOME:
        return html
    try:
        hrefs = {box.target: href(box.target, page, files) for row in FLOW for box in row}
        return insert_after_heading(html, ANCHOR, render(FLOW, hrefs))
    except ValueError as error:
        raise PluginError(f"{cards.docs_label(config.docs_dir)}/{HOME}: {error}") from None


def insert_after_heading(html: str, anchor: str, figure: str) -> str:
    """Put `figure` right after the heading whose id is `anchor`."""
    heading = re.search(rf'<h([1-6]) id="{re.escape(anchor)}"[^>]*>.*?</h\1>', html, re.S)
    if not heading:
        raise ValueError(f"has no heading with id '{anchor}'; the decision diagram goes right after it, "
                         f"e.g. '## 先做什么，后做什么 {{#{anchor}}}'")
    return html[: heading.end()] + figure + html[heading.end():]


def href(target: str, page: MkDocsPage, files: Files) -> str:
    """The relative URL of a box's target, checked: the page exists and has that heading id."""
    uri, _, anchor = target.partition("#")
    file = files.get_file_from_path(uri)
    if file is None or not file.is_documentation_page():
        raise ValueError(f"the decision diagram links to '{target}', but there is no page '{uri}'")
    if anchor and anchor not in heading_ids(file.content_string):
        raise ValueError(f"the decision diagram links to '{target}', but '{uri}' has no heading "
                         f"with id '{anchor}'")
    fragment = f"#{anchor}" if anchor else ""
    if file.src_uri == page.file.src_uri:
        return fragment or "./"
    return get_relative_url(file.url, page.url) + fragment


def heading_ids(markdown: str) -> set[str]:
    """Explicit heading ids ({#id}) of a Markdown page, front matter left out."""
    front = cards.FRONT_MATTER.match(markdown)
    start = front.group(0).count("\n") if front else 0
    return {h.id for h in cards.outline(markdown, start) if h.id}


# --- drawing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    box: Box
    x: float
    y: float
    width: float
    height: float

    @property
    def center(self) -> float:
        return self.x + self.width / 2


def layout(flow: tuple[tuple[Box, ...], ...]) -> tuple[list[list[Placed]], float]:
    """Every box placed, row by row, and the total height; a line too wide for its box is an error."""
    rows: list[list[Placed]] = []
    y = float(MARGIN)
    for row in flow:
        width = (WIDTH - 2 * MARGIN - GAP * (len(row) - 1)) / len(row)
        height = 2 * PAD_Y + LINE * max(len(box.lines) for box in row)
        for box in row:
            for line in box.lines:
                if text_width(line) > width - 2 * PAD_X:
                    raise ValueError(f"the decision diagram's line '{line}' is too wide for its box; "
                                     "break it into shorter lines")
        rows.append([Placed(box, MARGIN + i * (width + GAP), y, width, height) for i, box in enumerate(row)])
        y += height + ROW_GAP
    return rows, y - ROW_GAP + MARGIN


def text_width(line: str) -> float:
    """A safe estimate in SVG units: a Chinese character or full-width mark (and an ambiguous one,
    such as “ or →, which Chinese fonts draw wide) is one em, anything else at most 0.62 em."""
    return sum(FONT * (1.0 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 0.62)
               for ch in line)


def render(flow: tuple[tuple[Box, ...], ...], hrefs: dict[str, str]) -> str:
    """The diagram as an inline SVG: boxes are links in reading order, connectors hidden from
    screen readers, which read the title, the description and then the boxes top to bottom."""
    rows, height = layout(flow)
    steps = sum(1 for row in flow for box in row if re.match(r"\d+\. ", box.lines[0]))
    parts = [
        '<div class="gs-decision">',
        f'<svg class="gs-decision__svg" viewBox="0 0 {WIDTH} {height:g}" font-size="{FONT}" '
        'role="group" aria-labelledby="gs-decision-title" aria-describedby="gs-decision-desc">',
        f'<title id="gs-decision-title">{TITLE}</title>',
        f'<desc id="gs-decision-desc">从上到下共 {steps} 步；问题下面并排的两个方框是两种答案，选一个。'
        "每个方框都是链接，打开讲这一步的地方。</desc>",
        '<g class="gs-decision__lines" aria-hidden="true">',
        *(connector(above, below) for above, below in zip(rows, rows[1:])),
        "</g>",
        *(box_svg(placed, hrefs[placed.box.target]) for row in rows for placed in row),
        "</svg>",
        "</div>",
    ]
    return "\n".join(parts)


def box_svg(placed: Placed, url: str) -> str:
    box = placed.box
    radius = placed.height / 2 if box.kind == "question" else 6
    # Lines centred in the box: a box with fewer lines than its row's tallest is padded evenly.
    first = placed.y + (placed.height - LINE * len(box.lines)) / 2 + LINE / 2
    texts = "".join(
        f'<text x="{placed.center:g}" y="{first + i * LINE:g}" text-anchor="middle" '
        f'dominant-baseline="central">{escape(line)}</text>'
        for i, line in enumerate(box.lines))
    return (f'<a href="{escape(url)}" class="gs-decision__box gs-decision__box--{box.kind}">'
            f'<rect x="{placed.x:g}" y="{placed.y:g}" width="{placed.width:g}" height="{placed.height:g}" '
            f'rx="{radius:g}"/>{texts}</a>')


def connector(above: list[Placed], below: list[Placed]) -> str:
    """Lines from the bottom of each box above to the top of each box below, through a rail halfway,
    with an arrowhead on every box below: one to one, one to two (a question), two to one (merge)."""
    top = above[0].y + above[0].height
    bottom = below[0].y
    rail = (top + bottom) / 2
    xs = [p.center for p in above] + [p.center for p in below]
    path = [f"M{x:g} {top:g}V{rail:g}" for x in (p.center for p in above)]
    if min(xs) != max(xs):
        path.append(f"M{min(xs):g} {rail:g}H{max(xs):g}")
    path += [f"M{x:g} {rail:g}V{bottom - ARROW:g}" for x in (p.center for p in below)]
    heads = "".join(f'<path class="gs-decision__arrow" d="M{x - ARROW / 1.4:g} {bottom - ARROW:g}'
                    f'H{x + ARROW / 1.4:g}L{x:g} {bottom:g}Z"/>' for x in (p.center for p in below))
    return f'<path class="gs-decision__line" d="{"".join(path)}"/>{heads}'
