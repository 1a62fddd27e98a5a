"""运营商速查 as Markdown: a table and a section per carrier, each fact with its 来源.

Readers know their carrier's name before they know their card type, so each carrier gets a stable
anchor (/carriers/#t-mobile) and links to the card pages that apply to it. A fact only a third party
states is marked as such; a field with no sourced fact says 见官网. The citations are written as
`[来源](src:…)` like those of any page, and shown with their quotes by hooks/citations.py.
"""

from __future__ import annotations

import cards
import markup
import sources
from carrier_data import FIELDS, NO_FACT, Carrier, Fact

PAGE = cards.CARRIERS_PAGE
THIRD_PARTY = "第三方资料，请以官网为准"


def render(carriers: list[Carrier], guide: cards.Guide) -> str:
    billing = {page.card: page for page in guide.by_axis("billing")}
    forms = [f"[{_md(page.title)}]({guide.uri_of(page)})" for page in guide.by_axis("form")]
    lines = [
        *markup.front_matter(title="运营商速查", summary="按运营商查：" + "、".join(c.name for c in carriers[:4])
                             + " 等怎么注销、怎么拿转网 PIN、手机怎么解锁，每条都附来源和核对日期。"),
        "",
        "知道运营商的名字，就从这里开始：每家怎么注销、怎么拿转网 PIN、手机怎么解锁。每条都附来源和核对日期；"
        f"标着“{THIRD_PARTY}”的，只有第三方资料，办理前请到运营商官网核对；找不到可靠来源的写“{NO_FACT}”。",
        "",
        "不管是哪家，都先做完[注销前必读](before.md)，再看你的计费方式页面（每家下面都有链接），"
        "最后看卡片形态页面（" + "或".join(forms) + "）。",
        "",
        "表里的“官方”表示有运营商官网来源，“第三方”表示只有第三方资料。",
        "",
        *table(carriers, billing, guide),
        "",
    ]
    for carrier in carriers:
        lines += section(carrier, billing, guide)
    return "\n".join(lines)


def table(carriers: list[Carrier], billing: dict[str, cards.Page], guide: cards.Guide) -> list[str]:
    """One row per carrier. A column no carrier has a fact for is left out: it would only repeat
    见官网 on a narrow phone screen (each carrier's section still says it)."""
    fields = [field for field in FIELDS if any(carrier.of(field) for carrier in carriers)]
    return ["| 运营商 | " + " | ".join(FIELDS[field] for field in fields) + " |",
            "| --- |" + " --- |" * len(fields),
            *(table_row(carrier, fields, billing, guide) for carrier in carriers)]


def table_row(carrier: Carrier, fields: list[str], billing: dict[str, cards.Page], guide: cards.Guide) -> str:
    cells = [f"[{_md(carrier.name)}](#{carrier.id})"]
    for field in fields:
        facts = carrier.of(field)
        if field == "billing" and facts:
            cells.append("、".join(_billing_link(f, billing, guide) for f in facts))
        elif field == "network" and facts:
            cells.append("、".join(dict.fromkeys(f.value for f in facts)))
        else:
            cells.append(standing(facts))
    return "| " + " | ".join(cells) + " |"


def standing(facts: tuple[Fact, ...]) -> str:
    """How well a field is sourced, in a word: 官方, 第三方, both, or 见官网."""
    kinds = dict.fromkeys("第三方" if f.third_party else "官方" for f in facts)
    return " + ".join(sorted(kinds, key=lambda k: k != "官方")) or NO_FACT


def section(carrier: Carrier, billing: dict[str, cards.Page], guide: cards.Guide) -> list[str]:
    lines = [f"## {_md(carrier.name)} {{ #{carrier.id} }}", ""]
    for field, heading in FIELDS.items():
        facts = carrier.of(field)
        lines += [f"**{heading}**", ""]
        if not facts:
            lines.append(f"- {NO_FACT}。")
        for fact in facts:
            if field == "billing":
                lines.append(f"- {_billing_link(fact, billing, guide)}{provenance(fact)}")
            else:
                lines.append(f"- {_md(fact.value.rstrip('。'))}{provenance(fact)}。")
        lines.append("")
    return lines


def provenance(fact: Fact) -> str:
    """（来源）, after the third-party notice when only a third party states the fact."""
    cite = f"[{sources.CITE_LABEL}]({sources.SCHEME}:{fact.reference})"
    return f"（{THIRD_PARTY}：{cite}）" if fact.third_party else f"（{cite}）"


def _billing_link(fact: Fact, billing: dict[str, cards.Page], guide: cards.Guide) -> str:
    page = billing[fact.value]
    return f"[{_md(page.title)}]({guide.uri_of(page)})"


_md = markup.md_text
