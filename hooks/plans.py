"""我的注销计划 as data: which steps a reader's answers call for, and when, read from
docs/data/plan.yml and checked against the guide's pages and carriers.yml.

Pure functions, no MkDocs event: the plan page (hooks/plan.py), the checklists and the tests call
the same code. The step texts stay on their pages; this module only adds when a step is done and
whom it is for, and hands the browser one JSON document to build a reader's plan from.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

import cards
import htmlguard
import carrier_data
import datafile
import sources as source_register

DATA = "data/plan.yml"
# The plan's time groups, in order: (id, heading when leaving the US, heading when staying).
GROUPS = (
    ("now", "现在", "现在"),
    ("week-before", "出发前一周", "注销前一周"),
    ("last-day", "离开前最后一天", "注销当天"),
    ("after", "离开之后", "注销之后"),
)
WHEN = tuple(g[0] for g in GROUPS)
# When a step with no entry in plan.yml is done, by the section it is written in.
BY_SECTION = {"注销前准备": "now", "注销步骤": "last-day", "注销之后": "after"}
# 保留号码: the answers and how the question shows them.
KEEP = {
    "port": "转到新运营商",
    "gv": "转到 Google Voice",
    "cheap": "保留一条便宜的美国线路",
    "drop": "不要了，注销",
}
CARRIER_FIELDS = ("cancel", "pin", "unlock")
DEADLINES = ("leave",)
TRAVEL = "travel"
OTHER = "other"


@dataclass(frozen=True)
class StepMeta:
    id: str
    when: str
    keep: tuple[str, ...] = tuple(KEEP)
    leave: bool = False
    carrier: str | None = None
    any_card: bool = False
    deadline: str | None = None


@dataclass(frozen=True)
class PlanData:
    steps: dict[str, StepMeta]
    deadlines: tuple[dict[str, str], ...]
    prepare: tuple[dict[str, Any], ...]
    phrases: tuple[dict[str, Any], ...]
    travel_steps: tuple[str, ...]
    travel_see: tuple[str, ...]
    any_card: tuple[str, ...] = field(default=())


# --- reading and checking -----------------------------------------------------------------------


def load(docs_dir: str, label: str, guide: cards.Guide) -> tuple[list[carrier_data.Carrier], PlanData]:
    """carriers.yml and plan.yml, read and checked (SourceError names file, line and field)."""
    texts = {}
    for name in (carrier_data.DATA, DATA):
        try:
            with open(os.path.join(docs_dir, name), encoding="utf-8") as data:
                texts[name] = data.read()
        except FileNotFoundError:
            built = "the page carriers.md is built from it, and the plan" if name == carrier_data.DATA \
                else "the plan page is built from it"
            raise cards.SourceError(f"{label}/{name}", f"is missing: {built}") from None
    known = carrier_data.read_carriers(f"{label}/{carrier_data.DATA}", texts[carrier_data.DATA],
                                       carrier_data.billing_cards(guide), source_register.load(docs_dir, label))
    return known, read_plan(f"{label}/{DATA}", texts[DATA], guide, known)


class _Mistake(Exception):
    def __init__(self, keys: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.keys, self.message = keys, message


def read_plan(path: str, text: str, guide: cards.Guide,
              known_carriers: list[carrier_data.Carrier]) -> PlanData:
    """Parse and check plan.yml; raise cards.SourceError naming the file, line and field."""
    root, data = datafile.load(path, text)
    try:
        return _read(data, guide, known_carriers)
    except _Mistake as mistake:
        line = datafile.line(root, mistake.keys)
        raise cards.SourceError(path, mistake.message, line) from None


def _read(data: Any, guide: cards.Guide, known: list[carrier_data.Carrier]) -> PlanData:
    expected = ["steps", "deadlines", "prepare", "phrases", "travel"]
    if not isinstance(data, dict) or sorted(data) != sorted(expected):
        raise _Mistake((), "must hold the keys " + ", ".join(expected))
    step_ids = {step.id for page in guide.pages.values() for step in page.steps}
    card_steps = {step.id for page in guide.cards for step in page.steps}
    steps = _mapping(data, "steps")
    metas = {}
    for step_id, raw in steps.items():
        metas[step_id] = _step(step_id, raw, step_ids, card_steps)
    # A step with no entry (a new card page, say) goes in by its section, for every reader.
    for page in guide.pages.values():
        for step in page.steps:
            if step.id not in metas:
                metas[step.id] = StepMeta(step.id, BY_SECTION[step.section])
    deadlines = tuple(_deadline(i, raw, known) for i, raw in enumerate(_list(data, "deadlines")))
    prepare = tuple(_prepare(i, raw, step_ids, guide, known) for i, raw in enumerate(_list(data, "prepare")))
    phrases = tuple(_phrase(i, raw) for i, raw in enumerate(_list(data, "phrases")))
    travel = _mapping(data, "travel")
    travel_steps = _ids(travel.get("steps"), ("travel", "steps"), step_ids)
    see = travel.get("see")
    if not isinstance(see, list) or not see or any(s not in guide.pages for s in see):
        raise _Mistake(("travel", "see"), "field 'travel.see' must list pages of the guide, such as "
                       f"{next(iter(guide.pages))}, got {see!r}")
    return PlanData(metas, deadlines, prepare, phrases, travel_steps, tuple(see),
                    tuple(m.id for m in metas.values() if m.any_card))


def _mapping(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict) or not value:
        raise _Mistake((key,), f"field '{key}' must be a mapping")
    return value


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise _Mistake((key,), f"field '{key}' must be a list of mappings")
    return value


def _fields(keys: tuple[str | int, ...], name: str, raw: object, allowed: tuple[str, ...],
            required: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _Mistake(keys, f"field '{name}' must be a mapping such as {{{required[0]}: …}}")
    for key in raw:
        if key not in allowed:
            raise _Mistake(keys + (key,), f"field '{name}' has unknown field '{key}'; expected only "
                           + ", ".join(allowed))
    for key in required:
        if key not in raw:
            raise _Mistake(keys, f"field '{name}' is missing required field '{key}'")
    return raw


def _step(step_id: str, raw: object, step_ids: set[str], card_steps: set[str]) -> StepMeta:
    keys, name = ("steps", step_id), f"steps.{step_id}"
    if step_id not in step_ids:
        raise _Mistake(keys, f"field '{name}': no page of the guide has a step with the id '{step_id}'")
    meta = _fields(keys, name, raw, ("when", "keep", "leave", "carrier", "any_card", "deadline"), ("when",))
    if meta["when"] not in WHEN:
        raise _Mistake(keys + ("when",), f"field '{name}.when' must be one of {', '.join(WHEN)}, "
                       f"got '{meta['when']}'")
    keep = meta.get("keep", list(KEEP))
    if not isinstance(keep, list) or not keep or any(k not in KEEP for k in keep):
        raise _Mistake(keys + ("keep",), f"field '{name}.keep' must be a list of {', '.join(KEEP)}, "
                       f"got {keep!r}")
    for flag in ("leave", "any_card"):
        if not isinstance(meta.get(flag, False), bool):
            raise _Mistake(keys + (flag,), f"field '{name}.{flag}' must be true or false")
    if meta.get("any_card") and step_id not in card_steps:
        # The checklists take every-card steps from the card pages only: anywhere else (the travel
        # page, say) the flag would put nothing on a sheet, or the wrong thing, without a word.
        raise _Mistake(keys + ("any_card",), f"field '{name}.any_card': only a step of a card page "
                       "(docs/cards/) can be for every card; this step is on another page")
    if meta.get("carrier") not in (None, *CARRIER_FIELDS):
        raise _Mistake(keys + ("carrier",), f"field '{name}.carrier' must be one of "
                       f"{', '.join(CARRIER_FIELDS)}, got '{meta['carrier']}'")
    if meta.get("deadline") not in (None, *DEADLINES):
        raise _Mistake(keys + ("deadline",), f"field '{name}.deadline' must be 'leave', "
                       f"got '{meta['deadline']}'")
    if meta.get("deadline") == "leave" and not meta.get("leave"):
        raise _Mistake(keys + ("deadline",), f"field '{name}.deadline' is 'leave', but the step is not "
                       "only for readers who leave the US; add 'leave: true'")
    return StepMeta(step_id, meta["when"], keep=tuple(keep), leave=meta.get("leave", False),
                    carrier=meta.get("carrier"), any_card=meta.get("any_card", False),
                    deadline=meta.get("deadline"))


def _deadline(index: int, raw: object, known: list[carrier_data.Carrier]) -> dict[str, str]:
    keys, name = ("deadlines", index), f"deadlines[{index + 1}]"
    meta = _fields(keys, name, raw, ("carrier", "field", "says"), ("carrier", "field", "says"))
    carrier = next((c for c in known if c.id == meta["carrier"]), None)
    if carrier is None:
        raise _Mistake(keys + ("carrier",), f"field '{name}.carrier' must be a carrier id of carriers.yml "
                       f"({', '.join(c.id for c in known)}), got '{meta['carrier']}'")
    if meta["field"] not in CARRIER_FIELDS:
        raise _Mistake(keys + ("field",), f"field '{name}.field' must be one of {', '.join(CARRIER_FIELDS)}")
    says = str(meta["says"])
    matches = [f for f in carrier.of(meta["field"]) if says in f.value]
    if len(matches) != 1:
        raise _Mistake(keys + ("says",), f"field '{name}.says' must be words of exactly one "
                       f"'{meta['field']}' fact of carrier '{carrier.id}' in carriers.yml, so that the "
                       f"limit comes from a sourced fact; '{says}' is in {len(matches)}")
    if not re.search(r"\d", says):
        raise _Mistake(keys + ("says",), f"field '{name}.says' must include the day count, got '{says}'")
    return {"carrier": carrier.id, "field": meta["field"], "says": says}


def _prepare(index: int, raw: object, step_ids: set[str], guide: cards.Guide,
             known: list[carrier_data.Carrier]) -> dict[str, Any]:
    keys, name = ("prepare", index), f"prepare[{index + 1}]"
    meta = _fields(keys, name, raw, ("text", "step", "keep", "billing", "carrier"), ("text", "step"))
    _text(keys + ("text",), f"{name}.text", meta["text"])
    if meta["step"] not in step_ids:
        raise _Mistake(keys + ("step",), f"field '{name}.step' must be a step id of the guide, "
                       f"got '{meta['step']}'")
    billing = [p.card for p in guide.by_axis("billing")]
    return {"text": meta["text"], "step": meta["step"],
            "keep": _choice(keys, f"{name}.keep", meta.get("keep"), tuple(KEEP)),
            "billing": _choice(keys, f"{name}.billing", meta.get("billing"), tuple(billing)),
            # None: for every carrier, "其他" included
            "carrier": None if meta.get("carrier") is None else
            _choice(keys, f"{name}.carrier", meta["carrier"], tuple(c.id for c in known))}


def _phrase(index: int, raw: object) -> dict[str, Any]:
    keys, name = ("phrases", index), f"phrases[{index + 1}]"
    meta = _fields(keys, name, raw, ("en", "zh", "keep"), ("en", "zh"))
    _text(keys + ("en",), f"{name}.en", meta["en"])
    _text(keys + ("zh",), f"{name}.zh", meta["zh"])
    if re.search(r"\d", str(meta["en"]) + str(meta["zh"])):
        raise _Mistake(keys, f"field '{name}' has a number; a phrase states no fee, day count or "
                       "phone number")
    return {"en": meta["en"], "zh": meta["zh"],
            "keep": _choice(keys, f"{name}.keep", meta.get("keep"), tuple(KEEP))}


def _choice(keys: tuple[str | int, ...], name: str, value: object, allowed: tuple[str, ...]) -> list[str]:
    if value is None:
        return list(allowed)
    if not isinstance(value, list) or not value or any(v not in allowed for v in value):
        raise _Mistake(keys + (name.rsplit(".", 1)[-1],),
                       f"field '{name}' must be a list of {', '.join(allowed)}, got {value!r}")
    return list(value)


def _text(keys: tuple[str | int, ...], name: str, value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise _Mistake(keys, f"field '{name}' must be non-empty text")
    found = htmlguard.text_problem(value)  # the same host rules as the built pages
    problem = found.message if found else ("'<' is not allowed" if "<" in value else None)
    if problem:
        raise _Mistake(keys, f"field '{name}': {problem}")


def _ids(value: object, keys: tuple[str, ...], step_ids: set[str]) -> tuple[str, ...]:
    if not isinstance(value, list) or any(v not in step_ids for v in value):
        raise _Mistake(keys, f"field '{'.'.join(keys)}' must list step ids of the guide, got {value!r}")
    return tuple(value)


# --- what a reader's plan is made from ------------------------------------------------------------


def common_steps(guide: cards.Guide, plan: PlanData) -> list[tuple[cards.Step, cards.Page]]:
    """Steps written on one card page but meant for every card (any_card), with their page."""
    found = []
    for page in guide.cards:
        for step in page.steps:
            if step.id in plan.any_card and all(step.id != s.id for s, _p in found):
                found.append((step, page))
    return found


def document(guide: cards.Guide, plan: PlanData, known: list[carrier_data.Carrier],
             url_of: dict[str, str], sources: dict[str, str] | None = None) -> dict[str, Any]:
    """The JSON the plan page renders a reader's plan from. `url_of` maps a page's path in docs/
    to its address relative to the plan page."""
    steps: dict[str, dict[str, Any]] = {}
    pages: dict[str, list[str]] = {}
    for uri, page in sorted(guide.pages.items()):
        if not page.steps:
            continue
        pages[page.key] = [s.id for s in page.steps]
        for step in page.steps:
            if step.id in steps:
                continue
            meta = plan.steps[step.id]
            steps[step.id] = {
                "title": step.title, "section": step.section, "page": page.title,
                "url": f"{url_of[uri]}#{step.id}", "when": meta.when, "keep": list(meta.keep),
                "leave": meta.leave, "carrier": meta.carrier, "deadline": meta.deadline,
            }
    limits = {(d["carrier"], d["field"], d["says"]) for d in plan.deadlines}
    return {
        "groups": [{"id": g, "leaving": a, "staying": b} for g, a, b in GROUPS],
        "sections": list(cards.STEP_SECTIONS),
        "keep": KEEP,
        "forms": [{"id": p.card, "title": p.title} for p in guide.by_axis("form")],
        "billings": [{"id": p.card, "title": p.title} for p in guide.by_axis("billing")],
        "pages": pages,
        "common": [s.id for s, _p in common_steps(guide, plan)],
        "steps": steps,
        "carriers": [_carrier(c, limits, (sources or {}), {p.card: p.title for p in guide.by_axis("billing")})
                     for c in known],
        "prepare": list(plan.prepare),
        "phrases": list(plan.phrases),
        "travel": {"steps": list(plan.travel_steps),
                   "see": [{"title": guide.pages[u].title, "url": url_of[u]} for u in plan.travel_see]},
        "links": {"home": url_of.get("index.md", "../"), "carriers": url_of.get("carriers.md", ""), "checklists": url_of.get("checklists/index.md", ""),
                  "before": url_of.get(cards.BEFORE_PAGE, "")},
    }


def _carrier(carrier: carrier_data.Carrier, limits: set[tuple[str, str, str]],
             sources: dict[str, str], titles: dict[str, str]) -> dict[str, Any]:
    def fact(field_name: str, f: carrier_data.Fact) -> dict[str, Any]:
        limit = next((says for c, fl, says in limits if c == carrier.id and fl == field_name
                      and says in f.value), None)
        # A fact about one billing model says which (the page shows it under the model's name).
        told = f"{titles[f.billing]}：" if f.billing else ""
        return {"text": told + f.value.rstrip("。"), "source": sources.get(f.source.url, f.source.url),
                "third_party": f.third_party, "checked": f.source.checked.isoformat(), "limit": limit,
                "publisher": f.source.publisher, "quote": f.quote.text}

    return {"id": carrier.id, "name": carrier.name,
            "billing": [f.value for f in carrier.of("billing")],
            "facts": {name: [fact(name, f) for f in carrier.of(name)] for name in CARRIER_FIELDS}}


def plan_steps(doc: dict[str, Any], answers: dict[str, str]) -> list[tuple[str, list[str]]]:
    """The reader's steps by time group, as the browser computes them (plan.js mirrors this; the
    tests compare the two). answers: form, billing, keep, leave (a date or 'no')."""
    if answers["form"] == TRAVEL:
        ids = list(doc["travel"]["steps"])
    else:
        order = [*doc["pages"].get("before", []), *doc["pages"][answers["billing"]],
                 *doc["pages"][answers["form"]], *doc["common"]]
        ids = [s for section in doc["sections"] for s in dict.fromkeys(order)
               if doc["steps"][s]["section"] == section]
    leaving = answers["leave"] != "no"
    chosen = [s for s in ids if answers.get("keep", "drop") in doc["steps"][s]["keep"]
              and (leaving or not doc["steps"][s]["leave"])]
    return [(g["id"], [s for s in chosen if doc["steps"][s]["when"] == g["id"]])
            for g in doc["groups"] if any(doc["steps"][s]["when"] == g["id"] for s in chosen)]
