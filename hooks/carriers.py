"""运营商速查: one generated page, a table and a section per carrier, from docs/data/carriers.yml.

Readers know their carrier's name before they know their card type, so each carrier gets a stable
anchor (/carriers/#t-mobile) and links to the card pages that apply to it. Every fact shows its
source and the date it was checked; a fact only a third party states is marked as such; a field
with no sourced fact says 见官网. The data file is validated here and the build stops at the first
mistake, naming the file, line, carrier and field.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import quote, urlsplit

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

import cards
import htmlguard
import markup

DATA = "data/carriers.yml"
PAGE = cards.CARRIERS_PAGE
THIRD_PARTY = "第三方资料，请以官网为准"
NO_FACT = "见官网"
NETWORK_KINDS = ("运营商", "虚拟运营商")
# The fact fields of a carrier, in page order, with their headings.
FIELDS = {"network": "网络类型", "billing": "计费方式", "cancel": "注销", "pin": "转网 PIN", "unlock": "解锁"}


def on_files(files: Files, config: MkDocsConfig) -> Files:
    guide: cards.Guide = cards.guide_from(config.extra)
    path = f"{cards.docs_label(config.docs_dir)}/{DATA}"
    try:
        with open(os.path.join(config.docs_dir, DATA), encoding="utf-8") as data:
            carriers = read_carriers(path, data.read(), billing_cards(guide))
    except FileNotFoundError:
        raise PluginError(f"{path} is missing: the page {PAGE} is built from it") from None
    except cards.SourceError as error:
        raise PluginError(str(error)) from None
    page = File.generated(config, PAGE, content=render(carriers, guide))
    page.edit_uri = DATA  # "edit this page" opens the data, not a page nobody wrote
    files.append(page)
    return files


# --- schema: declared once, in the style of MkDocs' own Config classes -------------------------


class HttpsUrl(c.BaseConfigOption[str]):
    """An absolute https URL."""

    def run_validation(self, value: object) -> str:
        text = str(value)
        parts = urlsplit(text)
        if parts.scheme != "https" or not parts.netloc:
            raise base.ValidationError(f"must be an https URL, got '{text}'")
        return text


class Facts(c.BaseConfigOption[list]):
    """A list of facts, each a mapping checked by `schema`; empty (or left blank) when no fact has
    a source. The entries are checked one by one in `read_carrier`, so that an error can name its
    exact field ('cancel[2].source')."""

    def __init__(self, schema: type[SourcedMeta]) -> None:
        super().__init__()
        self.schema = schema

    def run_validation(self, value: object) -> list:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            keys = ", ".join(key for key, _option in self.schema._schema)
            raise base.ValidationError(f"must be a list of facts, each with {keys}; "
                                       f"write [] when no fact has a source (the page says {NO_FACT})")
        return value


class SourcedMeta(base.Config):
    """Where a fact comes from and when it was checked against it."""

    value_key = ""  # the field holding the fact itself, set by each kind of fact
    source = c.Optional(HttpsUrl())
    checked = cards.IsoDate()
    third_party = c.Type(bool, default=False)


class FactMeta(SourcedMeta):
    value_key = "text"
    text = cards.Text()


class BillingMeta(SourcedMeta):
    value_key = "model"
    model = cards.Text()  # a billing card's id; the cards that exist are known only at build time


class NetworkMeta(SourcedMeta):
    value_key = "kind"
    kind = cards.OneOf(NETWORK_KINDS)


class CarrierMeta(base.Config):
    id = cards.Text()
    name = cards.Text()
    network = Facts(NetworkMeta)
    billing = Facts(BillingMeta)
    cancel = Facts(FactMeta)
    pin = Facts(FactMeta)
    unlock = Facts(FactMeta)


# --- the data the page is made from -------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    value: str  # the sentence; for billing the card id, for network the kind
    checked: dt.date
    source: str | None = None
    third_party: bool = False


@dataclass(frozen=True)
class Carrier:
    id: str
    name: str
    facts: dict[str, tuple[Fact, ...]]

    def of(self, field: str) -> tuple[Fact, ...]:
        return self.facts.get(field, ())

    @property
    def official_sources(self) -> list[str]:
        return [f.source for facts in self.facts.values() for f in facts if f.source and not f.third_party]


class Mistake(Exception):
    """A mistake inside one carrier entry: the keys that lead to it and what is wrong."""

    def __init__(self, keys: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.keys, self.message = keys, message


# --- reading ------------------------------------------------------------------------------------


def billing_cards(guide: cards.Guide) -> tuple[str, ...]:
    return tuple(page.card for page in guide.by_axis("billing") if page.card)


def read_carriers(path: str, text: str, billing: tuple[str, ...],
                  on: dt.date | None = None) -> list[Carrier]:
    """Parse and validate the data file; raise SourceError naming the file, line, carrier, field."""
    root, data = _load(path, text)
    if not isinstance(data, dict) or list(data) != ["carriers"] or not isinstance(data["carriers"], list) \
            or not data["carriers"]:
        raise cards.SourceError(path, "must hold one key, 'carriers:', with a list of carrier entries", 1)
    today = on or cards.today()
    lines = text.split("\n")
    carriers: list[Carrier] = []
    first_line: dict[str, int] = {}
    for index, raw in enumerate(data["carriers"]):
        label = f"carrier '{raw['id']}'" if isinstance(raw, dict) and isinstance(raw.get("id"), str) \
            else f"carrier {index + 1}"
        try:
            carrier = read_carrier(raw, billing, today)
            if carrier.id in first_line:
                raise Mistake(("id",), f"is listed twice (first on line {first_line[carrier.id]}); "
                              "each carrier needs its own id")
            _check_not_cut(carrier, lambda keys: _find(root, ("carriers", index, *keys))[0], lines)
        except Mistake as mistake:
            line = _line(root, ("carriers", index, *mistake.keys))
            raise cards.SourceError(path, f"{label} {mistake.message}", line) from None
        first_line[carrier.id] = _line(root, ("carriers", index, "id")) or 0
        carriers.append(carrier)
    return carriers


def read_carrier(raw: object, billing: tuple[str, ...], on: dt.date) -> Carrier:
    """One carrier entry, validated; raise Mistake at the first problem."""
    if not isinstance(raw, dict):
        raise Mistake((), "must be a mapping with " + ", ".join(k for k, _o in CarrierMeta._schema))
    meta = _check((), CarrierMeta, raw)
    if not cards.STEP_ID.fullmatch(meta["id"]):
        raise Mistake(("id",), f"field 'id' must be lowercase ASCII words joined by '-' "
                      f"(it is the address /carriers/#id), got '{meta['id']}'")
    _guard(("name",), "name", meta["name"])
    facts = {field: tuple(read_fact(field, number, entry, len(meta[field]), billing, on)
                          for number, entry in enumerate(meta[field]))
             for field in FIELDS}
    carrier = Carrier(meta["id"], meta["name"], facts)
    _check_third_party_links(carrier)
    return carrier


def read_fact(field: str, index: int, raw: dict[str, Any], count: int, billing: tuple[str, ...],
              on: dt.date) -> Fact:
    schema: type[SourcedMeta] = dict(CarrierMeta._schema)[field].schema
    name = _name(field, index, count)
    keys = (field, index)
    meta = _check(keys, schema, raw, name)
    value_keys, value_name = keys + (schema.value_key,), f"{name}.{schema.value_key}"
    value = meta[schema.value_key]
    if field == "billing" and value not in billing:
        raise Mistake(value_keys, f"field '{value_name}' must be the id of a billing card page "
                      f"({', '.join(billing)}), got '{value}'")
    _guard(value_keys, value_name, value)
    if meta["checked"] > on:
        raise Mistake(keys + ("checked",), f"field '{name}.checked' is {meta['checked'].isoformat()}, "
                      f"which lies in the future (today is {on.isoformat()})")
    if meta["source"] is None and not meta["third_party"]:
        raise Mistake(keys, f"field '{name}.source' is missing: an official fact needs the https URL "
                      "of the page that states it (a fact only a third party states says 'third_party: "
                      "true')")
    if meta["source"]:
        _guard(keys + ("source",), f"{name}.source", meta["source"], url=True)
    return Fact(value, meta["checked"], meta["source"], meta["third_party"])


def _check(keys: tuple[str | int, ...], schema: type[base.Config], raw: dict[str, Any],
           name: str = "") -> base.Config:
    """Run a schema; fields with a default may be left out. Errors name the field by its path."""
    optional = {key: option.default for key, option in schema._schema
                if isinstance(option, c.Optional) or option.default is not None}
    try:
        return cards.check_schema(schema, {**optional, **raw})
    except cards.SchemaError as error:
        path = f"{name}.{error.key}" if name else error.key
        message = error.message.replace(f"'{error.key}'", f"'{path}'", 1)
        # "'id' must be …" reads as "field 'id' must be …"; "has unknown field …" stays as it is.
        raise Mistake(keys + (error.key,), ("field " if message.startswith("'") else "") + message) from None


def _guard(keys: tuple[str | int, ...], name: str, value: str, url: bool = False) -> None:
    """The same link rules as the built pages (hooks/htmlguard.py), reported at the field."""
    found = htmlguard.text_problem(value)
    problem = htmlguard.url_problem(value) if url else (found.message if found else None)
    if problem:
        raise Mistake(keys, f"field '{name}': {problem}")


def _check_third_party_links(carrier: Carrier) -> None:
    """A third-party fact may go without a link only when the carrier has no official page at all."""
    if not carrier.official_sources:
        return
    for field, facts in carrier.facts.items():
        for index, fact in enumerate(facts):
            if fact.source is None:
                raise Mistake((field, index), f"field '{_name(field, index, len(facts))}.source' is missing: "
                              f"link the carrier's closest official page (such as "
                              f"{carrier.official_sources[0]}), where readers check a third-party fact")


def _check_not_cut(carrier: Carrier, node_at: Callable[[tuple[str | int, ...]], yaml.Node | None],
                   lines: list[str]) -> None:
    """YAML ends an unquoted text at ' #' and reads the rest as a comment, so a dial code such as
    #PORT would vanish without a word: such a text must be quoted."""
    for field, facts in carrier.facts.items():
        for index, _fact in enumerate(facts):
            node = node_at((field, index, "text"))
            if not isinstance(node, yaml.ScalarNode) or node.style:
                continue  # no text field here, or a quoted one (plain is None or '', by parser)
            rest = lines[node.end_mark.line][node.end_mark.column:]
            if rest[:1] in (" ", "\t") and rest.lstrip(" \t").startswith("#"):
                raise Mistake((field, index, "text"), f"field '{_name(field, index, len(facts))}.text' stops "
                              "before ' #': YAML reads the rest of the line as a comment; put the text in quotes")


def _name(field: str, index: int, count: int) -> str:
    """How an error names a fact: 'cancel' when the field has one, 'cancel[2]' among several."""
    return f"{field}[{index + 1}]" if count > 1 else field


def _load(path: str, text: str) -> tuple[yaml.Node | None, Any]:
    """The YAML as data and as a node tree (for line numbers); dates stay text, as in front matter."""
    loader = cards._TextDates(text)  # the front matter's loader: '2026-13-01' is reported, not a crash
    try:
        root = loader.get_single_node()
        return root, loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise cards.SourceError(path, f"is not valid YAML: {problem}", mark.line + 1 if mark else 1) from None
    finally:
        loader.dispose()


def _line(root: yaml.Node | None, keys: tuple[str | int, ...]) -> int | None:
    """The 1-based line of the deepest of `keys` that exists in the YAML node tree."""
    return _find(root, keys)[1]


def _find(node: yaml.Node | None, keys: tuple[str | int, ...]) -> tuple[yaml.Node | None, int | None]:
    """The node at `keys` (None if it is not there) and the line of the deepest key found."""
    if node is None:
        return None, None
    line = node.start_mark.line + 1
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == key), None)
            if pair is None:
                return None, line
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            return None, line
    return node, line


# --- Markdown for the page ----------------------------------------------------------------------


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
                lines.append(f"- {_billing_link(fact, billing, guide)}{provenance(fact, carrier)}")
            else:
                lines.append(f"- {_md(fact.value.rstrip('。'))}{provenance(fact, carrier)}。")
        lines.append("")
    return lines


def provenance(fact: Fact, carrier: Carrier) -> str:
    """（来源 · 核对日期）, or the third-party notice with the official page to check it on."""
    checked = f'核对于 <time datetime="{fact.checked.isoformat()}">{fact.checked.isoformat()}</time>'
    if not fact.third_party:
        return f"（[来源：{_md(carrier.name)}]({_url(fact.source)}) · {checked}）"
    if fact.source:
        return f"（{THIRD_PARTY}：[{_md(carrier.name)} 官网]({_url(fact.source)}) · {checked}）"
    return f"（{THIRD_PARTY} · {checked}）"


def _billing_link(fact: Fact, billing: dict[str, cards.Page], guide: cards.Guide) -> str:
    page = billing[fact.value]
    return f"[{_md(page.title)}]({guide.uri_of(page)})"


def _url(url: str) -> str:
    """A URL as a Markdown link target: anything that could end the link, or start markup, is
    percent-encoded (a source ending in ')<script>' stays inside the link, as text of the URL)."""
    return quote(url, safe="/:?#[]@!$&*+,;=%~")


_md = markup.md_text
