"""我的注销计划: the question page /plan/ and the data a reader's plan is built from.

One generated page holds every question as a plain GET form and the plan data as JSON in a data
attribute (never a script: the Content-Security-Policy runs no inline code). overrides/assets/plan.js turns
the form into one question per screen, keeps the answers in the address, and renders the plan
from the data in the browser: one page instead of a static page for every answer path, so the
build stays as fast as before. Without JavaScript the page says so and offers the checklists.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

import cards
import plans

PAGE = cards.PLAN_PAGE
# Every text plan.js writes, rendered into the page (data-strings) so that the 繁體 edition
# converts it with the page's own text; the script holds none. {name} marks what the script puts
# in: a date, a link, a number.
STRINGS: dict[str, Any] = {
    "labels": {"carrier": "运营商", "form": "卡片", "billing": "计费方式", "keep": "号码", "leave": "离开美国"},
    "date": "{month} 月 {day} 日",
    "dateYear": "{year} 年 {month} 月 {day} 日",
    "back": "返回上一题",
    "home": "返回首页",
    "count": "第 {n} 题，共 {total} 题",
    "pick": "请选一项。",
    "pickDate": "请填离开美国的日期（明天或以后），或者选“不离开”。",
    "groupNow": "{group}（从今天起，{date}）",
    "groupWeek": "{group}（{start} 至 {end}）",
    "groupDay": "{group}（{date}）",
    "groupAfter": "{group}（{date} 起）",
    "limit": "期限：",
    "fact": "{text}（{source} · 核对于 {checked}）",
    "thirdParty": "第三方资料，请以官网为准：{link}",
    "thirdPartyNoLink": "第三方资料，请以官网为准",
    "officialSite": "{carrier} 官网",
    "source": "来源：{carrier}",
    "original": "原文：{page}",
    "deadline": "离开美国（{date}）之前办完，见原文里的来源。",
    "write": cards.NOTE_LABEL,
    "other": "其他 / 不知道",
    "travel": "旅行上网卡",
    "stay": "不离开",
    "change": "修改",
    "changeWhat": "：{label}",
    "answers": "你的回答",
    "made": "生成于 {date} · {link}",
    "link": "这份计划的网址",
    "carriers": "运营商速查",
    "noteOther": "运营商速查里没有你的运营商：按它官网的说明办理，下面的通用步骤照做。{link}",
    "noteTravel": "旅行上网卡（只能上网的 SIM 卡或 eSIM）没有号码要转网或注销，下面的步骤来自{pages}页面，"
                  "每一步都链接到原文。",
    "and": "、",
    "noteCheap": "保留一条便宜的美国线路：下面按“转到新运营商”安排。只在原运营商换成便宜套餐的，不用注销，"
                 "套餐以运营商官网为准。",
    "prepare": "准备好这些",
    "prepareItem": "{text}（{link}）",
    "phrases": "对客服这样说",
    "foot": "每一步都来自它的原文页面，运营商的资料来自{carriers}，都附来源。勾选和笔记只保存在这台设备上。",
}


def on_files(files: Files, config: MkDocsConfig) -> Files:
    guide: cards.Guide = cards.guide_from(config.extra)
    label = cards.docs_label(config.docs_dir)
    try:
        known, plan = plans.load(config.docs_dir, label, guide)
    except cards.SourceError as error:
        raise PluginError(str(error)) from None
    url_of = {uri: get_relative_url(_page_url(uri), "plan/") for uri in
              [*guide.pages, "index.md", "carriers.md", "checklists/index.md"]}
    doc = plans.document(guide, plan, known, url_of)
    page = File.generated(config, PAGE, content=render(doc, guide))
    page.edit_uri = plans.DATA
    files.append(page)
    return files


def _page_url(uri: str) -> str:
    return "" if uri == "index.md" else uri.removesuffix("index.md").removesuffix(".md").rstrip("/") + "/"


# --- the page -----------------------------------------------------------------------------------


def render(doc: dict[str, Any], guide: cards.Guide) -> str:
    return "\n".join([
        "---",
        "title: 我的注销计划",
        "summary: 回答几个问题，得到按时间排好的注销步骤：你的运营商、卡片形态、计费方式、要不要保留号码、什么时候离开美国。",
        "search: {exclude: true}",
        "plan_app: true",
        "---",
        "",
        "# 我的注销计划",
        "",
        '<p class="gs-plan-intro">回答几个问题，得到只属于你的注销步骤：按时间分组，每一步都链接到原文，可以勾选、记笔记、打印。'
        "回答保存在网址里，可以收藏或发给别人。</p>",
        "",
        _noscript(doc, guide),
        "",
        form(doc),
        "",
        _data_block(doc),
        "",
    ])


def _noscript(doc: dict[str, Any], guide: cards.Guide) -> str:
    sheets = [f'<li><a href="{doc["links"]["checklists"]}">打印清单</a>：按卡片形态和计费方式选一张组合清单，'
              "其中已包含注销前必读的通用准备。</li>",
              f'<li><a href="{doc["links"]["carriers"]}">运营商速查</a>：你的运营商怎么注销、怎么拿转网 PIN。</li>']
    # <noscript>, not a class: it shows exactly when scripts do not run, in every browser.
    return ('<noscript><div class="gs-plan-noscript admonition info"><p class="admonition-title">需要 JavaScript</p>'
            "<p>这个页面要在浏览器里用 JavaScript 生成计划。浏览器关闭了 JavaScript 时，请改用：</p>"
            f"<ul>{''.join(sheets)}</ul></div></noscript>")


def form(doc: dict[str, Any]) -> str:
    """Every question as a fieldset of one GET form; plan.js shows one at a time. The form is
    hidden until plan.js runs: without it the questions lead nowhere (see the <noscript> box)."""
    carrier_options = [(c["id"], c["name"], "") for c in doc["carriers"]] + [(plans.OTHER, STRINGS["other"], "")]
    forms = [(f["id"], f["title"], "") for f in doc["forms"]] + [
        (plans.TRAVEL, STRINGS["travel"], "只能上网的 SIM 卡或 eSIM，没有美国号码或不需要号码")]
    billings = [(b["id"], b["title"], "") for b in doc["billings"]]
    keeps = [(key, label, "") for key, label in doc["keep"].items()]
    questions = [
        ("carrier", "你的运营商是哪家？", "账单、运营商 App 或手机设置里能看到。", carrier_options),
        ("form", "你的是哪种卡？", "卡槽里插着运营商的卡，就是实体 SIM 卡；卡槽里没有卡、套餐装在手机里的，是 eSIM。",
         forms),
        ("billing", "预付费还是后付费？", "先充值再用、没有月账单的是预付费；每月收到账单、先用后付的是后付费。", billings),
        ("keep", "还要这个美国号码吗？", "银行、学校的验证码还发到这个号码的，先想好再选。", keeps),
    ]
    parts = ['<div class="gs-plan-app"><form class="gs-plan-form" method="get" action="./" novalidate hidden>']
    for name, legend, hint, options in questions:
        parts.append(_fieldset(name, legend, hint, options))
    parts.append(
        '<fieldset class="gs-q" data-q="leave" aria-describedby="gs-hint-leave">'
        '<legend class="gs-q__legend">你会离开美国吗？</legend>'
        '<p class="gs-q__hint" id="gs-hint-leave">有的事必须人在美国时办，例如把号码转到 Google Voice。</p>'
        '<div class="gs-q__options">'
        '<label class="gs-option"><input type="radio" name="leave" value="date"> <span>会，离开的日期：</span></label>'
        '<label class="gs-option gs-option--date" for="gs-leave-date"><span class="gs-sr">离开美国的日期</span>'
        '<input type="date" id="gs-leave-date" name="leave-date"></label>'
        '<label class="gs-option"><input type="radio" name="leave" value="no"> <span>不离开，只是不用这张卡了</span></label>'
        '</div><p class="gs-q__error" id="gs-error-leave" hidden></p></fieldset>')
    parts.append('<div class="gs-q__actions"><button type="submit" class="md-button md-button--primary">继续</button>'
                 "</div></form>")
    parts.append('<div class="gs-plan-out"></div></div>')
    return "".join(parts)


def _fieldset(name: str, legend: str, hint: str, options: list[tuple[str, str, str]]) -> str:
    radios = "".join(
        f'<label class="gs-option"><input type="radio" name="{name}" value="{escape(value)}"> '
        f"<span>{escape(label)}" + (f'<small class="gs-option__hint">{escape(note)}</small>' if note else "")
        + "</span></label>"
        for value, label, note in options)
    return (f'<fieldset class="gs-q" data-q="{name}" aria-describedby="gs-hint-{name}">'
            f'<legend class="gs-q__legend">{escape(legend)}</legend>'
            f'<p class="gs-q__hint" id="gs-hint-{name}">{escape(hint)}</p>'
            f'<div class="gs-q__options">{radios}</div>'
            f'<p class="gs-q__error" id="gs-error-{name}" hidden></p></fieldset>')


def _data_block(doc: dict[str, Any]) -> str:
    # An attribute, not a <script type="application/json">: the theme's instant navigation re-creates
    # every inline script of a page it loads without its type, and would try to run the data.
    # Escaped as an attribute value, no text from the data can become markup.
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    strings = json.dumps(STRINGS, ensure_ascii=False, separators=(",", ":"))
    return (f'<div id="gs-plan-data" hidden data-plan="{escape(text, quote=True)}" '
            f'data-strings="{escape(strings, quote=True)}"></div>')
