"""运营商速查 as Markdown: a carrier chooser, a summary table of short answers, a section per carrier.

Readers know their carrier's name before they know their card type, so each carrier gets a stable
anchor (/carriers/#t-mobile), a chip at the top and a row in the table, whose cells are the short
answers of the data (`answer:`) and link to the field in the carrier's section. There every fact
stands with its 来源, facts about one billing model under its name; a field with no sourced fact is
named once, as 见官网, rather than given an empty heading. A fact only a third party states is marked
as such. The citations are written as `[来源](src:…)` like those of any page, and shown with their
quotes by hooks/citations.py. The chooser and the table are HTML, so that the table can carry its
labels for the stacked phone layout (guide.css); every value in them goes through markup.html_text.
"""

from __future__ import annotations

import cards
import markup
import sources
from carrier_data import FIELDS, NO_FACT, Carrier, Fact

PAGE = cards.CARRIERS_PAGE
THIRD_PARTY = "第三方资料，请以官网为准"
THIRD_PARTY_MARK = "第三方"  # after a table answer whose fact only a third party states
SEE_BELOW = "见下文"  # a table cell of a field with facts but no short answer
UNTAGGED = "不分计费方式"  # the facts whose source names no billing model, beside those that do
CHOOSER = "选你的运营商："


def render(carriers: list[Carrier], guide: cards.Guide) -> str:
    billing = {page.card: page for page in guide.by_axis("billing")}
    forms = [f"[{_md(page.title)}]({guide.uri_of(page)})" for page in guide.by_axis("form")]
    lines = [
        *markup.front_matter(title="运营商速查", summary="按运营商查：" + "、".join(c.name for c in carriers[:4])
                             + " 等怎么注销、怎么拿转网 PIN、手机怎么解锁，每条都附来源和核对日期。"),
        "",
        chooser(carriers),
        "",
        "知道运营商的名字，就从这里开始：每家怎么注销、怎么拿转网 PIN、手机怎么解锁。下表是要点，点一下看详情；"
        f"详情每条都附来源，每家写明核对日期。标着“{THIRD_PARTY_MARK}”的，只有第三方资料，办理前请到运营商官网核对；"
        f"找不到可靠来源的写“{NO_FACT}”。",
        "",
        "不管是哪家，都先做完[注销前必读](before.md)，再看你的计费方式页面（每家下面都有链接），"
        "最后看卡片形态页面（" + "或".join(forms) + "）。",
        "",
        table(carriers, billing),
        "",
    ]
    for carrier in carriers:
        lines += section(carrier, billing, guide)
    return "\n".join(lines)


def chooser(carriers: list[Carrier]) -> str:
    """One chip per carrier, a plain link to its section: reachable by keyboard, no script."""
    chips = "".join(f'<li><a href="#{_html(c.id)}">{_html(c.name)}</a></li>' for c in carriers)
    return (f'<nav class="gs-chooser" aria-labelledby="gs-chooser-label"><p class="gs-chooser__label" '
            f'id="gs-chooser-label">{_html(CHOOSER)}</p><ul class="gs-chooser__list">{chips}</ul></nav>')


def table(carriers: list[Carrier], billing: dict[str, cards.Page]) -> str:
    """One row per carrier. A column no carrier has a fact for is left out: it would only repeat
    见官网 on a narrow phone screen (each carrier's section still says it)."""
    fields = [field for field in FIELDS if any(carrier.of(field) for carrier in carriers)]
    head = "".join(f'<th scope="col">{_html(heading)}</th>' for heading in ["运营商", *(FIELDS[f] for f in fields)])
    rows = "\n".join(table_row(carrier, fields, billing) for carrier in carriers)
    return (f'<div class="gs-carriers">\n<table class="gs-carriers__table">\n<thead><tr>{head}</tr></thead>\n'
            f"<tbody>\n{rows}\n</tbody>\n</table>\n</div>")


def table_row(carrier: Carrier, fields: list[str], billing: dict[str, cards.Page]) -> str:
    cells = [f'<th scope="row"><a href="#{_html(carrier.id)}">{_html(carrier.name)}</a></th>']
    for field in fields:
        label = f'<span class="gs-carriers__label">{_html(FIELDS[field])}：</span>'
        cells.append(f"<td>{label}{cell(carrier, field, billing)}</td>")
    return f"<tr>{''.join(cells)}</tr>"


def cell(carrier: Carrier, field: str, billing: dict[str, cards.Page]) -> str:
    """What a table cell says: the values for network and billing, else the field's short answer
    (with the billing model and 第三方 where they apply), linked to the field's details."""
    facts = carrier.of(field)
    if not facts:
        return _html(NO_FACT)
    if field == "billing":
        return _html("、".join(billing[model].title for model in carrier.models))
    if field == "network":
        return _html("、".join(dict.fromkeys(f.value for f in facts)))
    answer = carrier.answers.get(field)
    if answer is None:
        return f'<a href="#{_html(field_anchor(carrier, field))}">{_html(SEE_BELOW)}</a>'
    notes = [billing[answer.fact.billing].title] if answer.fact.billing else []
    notes += [THIRD_PARTY_MARK] if answer.fact.third_party else []
    text = answer.text + (f"（{'，'.join(notes)}）" if notes else "")
    return f'<a href="#{_html(field_anchor(carrier, field))}">{_html(text)}</a>'


def section(carrier: Carrier, billing: dict[str, cards.Page], guide: cards.Guide) -> list[str]:
    lines = [f"## {_md(carrier.name)} {{ #{carrier.id} }}", ""]
    if carrier.checked:
        lines += [f"本节的来源都在 {carrier.checked.isoformat()} 或之后和原网页核对过。", ""]
    for field, heading in FIELDS.items():
        groups = carrier.by_billing(field)
        if not groups:
            continue
        lines += [f'<h3 id="{_html(field_anchor(carrier, field))}">{_html(heading)}</h3>', ""]
        for model, facts in groups:
            if len(groups) > 1:
                lines += [f"<h4>{_html(billing[model].title if model else UNTAGGED)}</h4>", ""]
            lines += [fact_line(field, fact, billing, guide) for fact in facts]
            lines.append("")
    missing = [heading for field, heading in FIELDS.items() if not carrier.of(field)]
    if missing:
        lines += [f"{'、'.join(missing)}：{NO_FACT}（还没找到可靠来源）。", ""]
    return lines


def fact_line(field: str, fact: Fact, billing: dict[str, cards.Page], guide: cards.Guide) -> str:
    if field == "billing":
        page = billing[fact.value]
        return f"- [{_md(page.title)}]({guide.uri_of(page)}){provenance(fact)}"
    return f"- {_md(fact.value.rstrip('。'))}{provenance(fact)}。"


def field_anchor(carrier: Carrier, field: str) -> str:
    """The address of a field in a carrier's section: /carriers/#t-mobile-unlock."""
    return f"{carrier.id}-{field}"


def provenance(fact: Fact) -> str:
    """（来源）, after the third-party notice when only a third party states the fact."""
    cite = f"[{sources.CITE_LABEL}]({sources.SCHEME}:{fact.reference})"
    return f"（{THIRD_PARTY}：{cite}）" if fact.third_party else f"（{cite}）"


_md = markup.md_text
_html = markup.html_text
