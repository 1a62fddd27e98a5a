"""Printable, tickable checklists, generated from the card pages' own steps (design §4).

One sheet per card type, one per form × billing combination (what a reader actually holds: the
common preparation, then the billing steps, then the form steps, each step once), one page that
prints them all, and an index. Every sheet starts from the common preparation of before.md, and
carries the steps docs/data/plan.yml marks as for every card (such as moving the number to Google
Voice before leaving the US, written on the eSIM page). Every item links back to its step, so
MkDocs' own link check proves that each checklist line still exists on its page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence
from html import escape

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage

import cards
import markup
import plans

FOLDER = cards.CHECKLISTS_DIR
PRINT_ALL = cards.PRINT_ALL
# Section anchors on a sheet, ASCII like step ids.
SECTION_IDS = {"注销前准备": "prepare", "注销步骤": "cancel", "注销之后": "after"}
# The home page's form × billing table is drawn here, so that it and the checklist index's agree.
HOME = "index.md"
TABLE_MARK = "<!-- 组合表：构建时由 hooks/checklists.py 生成 -->"


def on_files(files: Files, config: MkDocsConfig) -> Files:
    guide: cards.Guide = cards.guide_from(config.extra)
    site_url = config.site_url or ""
    try:
        _known, plan = plans.load(config.docs_dir, cards.docs_label(config.docs_dir), guide)
    except cards.SourceError as error:
        raise PluginError(str(error)) from None
    all_sheets = sheets(guide, plans.common_steps(guide, plan))
    for sheet in all_sheets:
        page = File.generated(config, f"{FOLDER}/{sheet.slug}.md",
                              content=render_sheet(sheet, guide, site_url))
        page.edit_uri = guide.uri_of(sheet.sources[-1])  # "edit" opens the card it is made from
        files.append(page)
    files.append(File.generated(config, f"{FOLDER}/{PRINT_ALL}.md",
                                content=render_print_all(all_sheets, guide, site_url)))
    files.append(File.generated(config, f"{FOLDER}/{cards.CHECKLIST_INDEX}.md", content=render_index(all_sheets, guide)))
    return files


def on_page_markdown(markdown: str, page: MkDocsPage, config: MkDocsConfig, **_: object) -> str:
    if page.file.src_uri != HOME:
        return markdown
    if TABLE_MARK not in markdown:
        raise PluginError(f"{cards.docs_label(config.docs_dir)}/{HOME}: the line '{TABLE_MARK}' is missing; the "
                          "form × billing table goes there")
    table = combination_table(cards.guide_from(config.extra), "[打开清单](checklists/{slug}.md)")
    return markdown.replace(TABLE_MARK, "\n".join(table), 1)


# --- what goes on a sheet -----------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    step: cards.Step
    source: cards.Page

    @property
    def key(self) -> str:
        """The storage key of a tick: the step's id, so that the same step ticks alike on every
        sheet, on its page and in a plan."""
        return self.step.id


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


Common = Sequence[tuple[cards.Step, cards.Page]]


def sheets(guide: cards.Guide, common: Common = ()) -> list[Sheet]:
    """Every card's own sheet, then every form × billing combination; each starts from the common
    preparation and ends its sections with the `common` steps it lacks."""
    before = (guide.before,) if guide.before else ()
    own = [Sheet(card.card or "", card.title, (*before, card), collect((*before, card), common))
           for card in guide.cards]
    combos = [
        Sheet(cards.combination_slug(form.card or "", billing.card or ""), f"{form.title} + {billing.title}",
              (*before, billing, form), collect((*before, billing, form), common), form, billing)
        for form in guide.by_axis("form")
        for billing in guide.by_axis("billing")
    ]
    return own + combos


def collect(sources: tuple[cards.Page, ...], common: Common = ()) -> tuple[Item, ...]:
    """Steps grouped by section, in source order within each, then the common steps of that
    section; a step id already taken is skipped."""
    seen: set[str] = set()
    items = []
    for section in cards.STEP_SECTIONS:
        found = [(step, source) for source in sources for step in source.steps_in(section)]
        found += [(step, page) for step, page in common if step.section == section]
        for step, source in found:
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


def combination_table(guide: cards.Guide, cell: str) -> list[str]:
    """The form × billing table, one orientation wherever it appears (the home page and the
    checklist index): forms down, billing across. `cell` is formatted with form, billing and
    slug (the combination sheet's name)."""
    forms, billings = guide.by_axis("form"), guide.by_axis("billing")
    table = ["| 卡片形态 | " + " | ".join(markup.md_text(b.title) for b in billings) + " |",
             "| --- |" + " --- |" * len(billings)]
    for form in forms:
        cells = [cell.format(form=markup.md_text(form.title), billing=markup.md_text(b.title),
                             slug=cards.combination_slug(form.card or "", b.card or "")) for b in billings]
        table.append(f"| **{markup.md_text(form.title)}** | " + " | ".join(cells) + " |")
    return table


def render_index(all_sheets: list[Sheet], guide: cards.Guide) -> str:
    table = combination_table(guide, "[打印清单]({slug}.md)")
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
    """One row: box and title in one label (the whole row ticks), the link to the step beside it
    (so a near miss does not leave the page), and a line for the date or confirmation number."""
    return (f'- <label class="gs-row"><input type="checkbox" class="gs-tick" data-key="{item.key}"> '
            f'<span class="gs-row__text">{escape(item.step.title)}</span></label> '
            f"[原文](../{guide.uri_of(item.source)}#{item.step.id}){{ .gs-item__src }} "
            f'<span class="gs-write">{cards.NOTE_LABEL}</span>')
