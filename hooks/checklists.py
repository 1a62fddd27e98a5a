"""Printable, tickable checklists, generated from the card pages' own steps (design §4).

One sheet per card type, one per form × billing combination (what a reader actually holds: the
common preparation, then the billing steps, then the form steps, each step once), one page that
prints them all, and an index. Every item links back to its step, so MkDocs' own link check proves
that each checklist line still exists on its page.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

import cards
import markup

FOLDER = cards.CHECKLISTS_DIR
PRINT_ALL = cards.PRINT_ALL
# Section anchors on a sheet, ASCII like step ids.
SECTION_IDS = {"注销前准备": "prepare", "注销步骤": "cancel", "注销之后": "after"}


def on_files(files: Files, config: MkDocsConfig) -> Files:
    guide: cards.Guide = cards.guide_from(config.extra)
    site_url = config.site_url or ""
    all_sheets = sheets(guide)
    for sheet in all_sheets:
        page = File.generated(config, f"{FOLDER}/{sheet.slug}.md",
                              content=render_sheet(sheet, guide, site_url))
        page.edit_uri = guide.uri_of(sheet.sources[-1])  # "edit" opens the card it is made from
        files.append(page)
    files.append(File.generated(config, f"{FOLDER}/{PRINT_ALL}.md",
                                content=render_print_all(all_sheets, guide, site_url)))
    files.append(File.generated(config, f"{FOLDER}/{cards.CHECKLIST_INDEX}.md", content=render_index(all_sheets, guide)))
    return files


# --- what goes on a sheet -----------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    step: cards.Step
    source: cards.Page

    @property
    def key(self) -> str:
        """The storage key of a tick: the same step ticks alike on every sheet and on its page."""
        return f"{self.source.key}/{self.step.id}"


@dataclass(frozen=True)
class Sheet:
    slug: str
    title: str
    sources: tuple[cards.Page, ...]
    items: tuple[Item, ...]
    form: cards.Page | None = None
    billing: cards.Page | None = None

    @property
    def is_combination(self) -> bool:
        return self.form is not None and self.billing is not None

    def grouped(self) -> list[tuple[str, list[Item]]]:
        return [(section, [i for i in self.items if i.step.section == section])
                for section in cards.STEP_SECTIONS
                if any(i.step.section == section for i in self.items)]


def sheets(guide: cards.Guide) -> list[Sheet]:
    """Every card's own sheet, then every form × billing combination."""
    own = [Sheet(card.card or "", card.title, (card,), collect((card,))) for card in guide.cards]
    before = (guide.before,) if guide.before else ()
    combos = [
        Sheet(cards.combination_slug(form.card or "", billing.card or ""), f"{form.title} + {billing.title}",
              (*before, billing, form), collect((*before, billing, form)), form, billing)
        for form in guide.by_axis("form")
        for billing in guide.by_axis("billing")
    ]
    return own + combos


def collect(sources: tuple[cards.Page, ...]) -> tuple[Item, ...]:
    """Steps grouped by section, in source order within each; a step id already taken is skipped."""
    seen: set[str] = set()
    items = []
    for section in cards.STEP_SECTIONS:
        for source in sources:
            for step in source.steps_in(section):
                if step.id not in seen:
                    seen.add(step.id)
                    items.append(Item(step, source))
    return tuple(items)


# --- Markdown for the generated pages -----------------------------------------------------------


def render_sheet(sheet: Sheet, guide: cards.Guide, site_url: str) -> str:
    return "\n".join([
        *markup.front_matter(title=f"注销清单：{sheet.title}",
                             summary=f"可打印、可勾选的注销清单：{sheet.title}，每一步都链接到原文。",
                             search={"exclude": True}),
        "",
        *sheet_body(sheet, guide, site_url, heading="#"),
    ])


def render_print_all(all_sheets: list[Sheet], guide: cards.Guide, site_url: str) -> str:
    body = ["---", "title: 打印全部清单", "summary: 每种卡片类型的注销清单，打印时每种各占一页。",
            "search: {exclude: true}", "---", "",
            "每种卡片类型的清单各占一页。只想打印你手上那张卡的组合，请回到[清单首页](index.md)。", ""]
    for sheet in (s for s in all_sheets if not s.is_combination):
        body += [f"## {markup.md_text(sheet.title)} {{ #{sheet.slug} .gs-sheet-title }}", ""]
        body += sheet_body(sheet, guide, site_url, heading="##", prefix=f"{sheet.slug}-")
    return "\n".join(body)


def render_index(all_sheets: list[Sheet], guide: cards.Guide) -> str:
    forms, billings = guide.by_axis("form"), guide.by_axis("billing")
    by_pair = {(s.form.card, s.billing.card): s for s in all_sheets if s.form and s.billing}
    table = ["| | " + " | ".join(markup.md_text(b.title) for b in billings) + " |",
             "| --- |" + " --- |" * len(billings)]
    for form in forms:
        cells = [f"[打印清单]({by_pair[form.card, b.card].slug}.md)" for b in billings]
        table.append(f"| **{markup.md_text(form.title)}** | " + " | ".join(cells) + " |")
    own = [f"- [{markup.md_text(s.title)}]({s.slug}.md)" for s in all_sheets if not s.is_combination]
    return "\n".join([
        "---", "title: 打印清单", "summary: 按你的卡片类型选一张可打印、可勾选的注销清单。", "---", "",
        "每条线路都有两种属性：卡片形态（实体 SIM 卡或 eSIM）和计费方式（预付费或后付费）。"
        "在下表里找到你的组合，打开后打印或直接在手机上勾选。清单包含[注销前必读](../before.md)"
        "里的通用准备，每一步都链接到原文。", "",
        "## 按组合打印", "", *table, "",
        "## 按卡片类型打印", "", *own, "", f"- [打印全部]({PRINT_ALL}.md)：每种卡片类型各占一页。", "",
        "勾选只保存在这台设备的浏览器里，不会上传；打印时会带上已勾选的状态。", "",
    ])


def sheet_body(sheet: Sheet, guide: cards.Guide, site_url: str, heading: str,
               prefix: str = "") -> list[str]:
    lines = [provenance(sheet, guide, site_url), "{ .gs-sheet-meta }", ""]
    for section, items in sheet.grouped():
        lines += [f"{heading}# {section} {{ #{prefix}{SECTION_IDS[section]} }}", ""]
        lines += [item_line(item, guide) for item in items]
        lines.append("")
    return lines


def provenance(sheet: Sheet, guide: cards.Guide, site_url: str) -> str:
    """Which pages the sheet is made from, their versions and review dates, and their addresses."""
    parts = []
    for source in sheet.sources:
        uri = guide.uri_of(source)
        url = site_url.rstrip("/") + "/" + uri.removesuffix(".md") + "/"
        parts.append(f"[{markup.md_text(source.title)}](../{uri}) 版本 {source.version} · 最后审核 "
                     f"{source.reviewed.isoformat()} · `{url}`")
    return "<br>\n".join(parts)


def item_line(item: Item, guide: cards.Guide) -> str:
    title = escape(item.step.title)
    return (f'- <input type="checkbox" class="gs-tick" data-key="{item.key}" '
            f'aria-label="已完成：{title}"> '
            f"[{item.step.title}](../{guide.uri_of(item.source)}#{item.step.id}) "
            '<span class="gs-write">日期 / 确认号：</span>')
