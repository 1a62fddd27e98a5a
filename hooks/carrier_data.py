"""Carrier facts (docs/data/carriers.yml) as data: read, validated and tied to the source register.

Each fact names the quote that backs it (`source: verizon-port-out#pin-in-app`); whether it is
official or third-party, and the day it was checked, come from that source in the register, so a
fact states neither. Pure, no MkDocs event: the build stops at the first mistake, naming the file,
line, carrier and field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cards
import datafile
import htmlguard
import schema
import sources

DATA = "data/carriers.yml"
NETWORK_KINDS = ("运营商", "虚拟运营商")
# The fact fields of a carrier, in page order, with their headings.
FIELDS = {"network": "网络类型", "billing": "计费方式", "cancel": "注销", "pin": "转网 PIN", "unlock": "解锁"}
NO_FACT = "见官网"


# --- schema: declared once, in the style of MkDocs' own Config classes -------------------------


class SourcedMeta(schema.Config):
    """The quote in the source register that states a fact: 'source-id#quote-id'."""

    value_key = ""  # the field holding the fact itself, set by each kind of fact
    source = schema.Text()


class FactMeta(SourcedMeta):
    value_key = "text"
    text = schema.Text()


class BillingMeta(SourcedMeta):
    value_key = "model"
    model = schema.Text()  # a billing card's id; the cards that exist are known only at build time


class NetworkMeta(SourcedMeta):
    value_key = "kind"
    kind = schema.OneOf(NETWORK_KINDS)


_FACTS = f"write [] when no fact has a source (the page says {NO_FACT})"


class CarrierMeta(schema.Config):
    id = schema.Text()
    name = schema.Text()
    network = datafile.Mappings(NetworkMeta, _FACTS)
    billing = datafile.Mappings(BillingMeta, _FACTS)
    cancel = datafile.Mappings(FactMeta, _FACTS)
    pin = datafile.Mappings(FactMeta, _FACTS)
    unlock = datafile.Mappings(FactMeta, _FACTS)


# --- the data the page is made from -------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    value: str  # the sentence; for billing the card id, for network the kind
    reference: str  # 'source-id#quote-id' in the register
    source: sources.Source
    quote: sources.Quote

    @property
    def third_party(self) -> bool:
        return not self.source.official


@dataclass(frozen=True)
class Carrier:
    id: str
    name: str
    facts: dict[str, tuple[Fact, ...]]

    def of(self, field: str) -> tuple[Fact, ...]:
        return self.facts.get(field, ())


# --- reading ------------------------------------------------------------------------------------


def billing_cards(guide: cards.Guide) -> tuple[str, ...]:
    return tuple(page.card for page in guide.by_axis("billing") if page.card)


def read_carriers(path: str, text: str, billing: tuple[str, ...], register: sources.Register) -> list[Carrier]:
    """Parse and validate the data file; raise SourceError naming the file, line, carrier, field."""
    root, data = datafile.load(path, text)
    if not isinstance(data, dict) or list(data) != ["carriers"] or not isinstance(data["carriers"], list) \
            or not data["carriers"]:
        raise cards.SourceError(path, "must hold one key, 'carriers:', with a list of carrier entries", 1)
    lines = text.split("\n")
    carriers: list[Carrier] = []
    first_line: dict[str, int] = {}
    for index, raw in enumerate(data["carriers"]):
        label = f"carrier '{raw['id']}'" if isinstance(raw, dict) and isinstance(raw.get("id"), str) \
            else f"carrier {index + 1}"
        try:
            carrier = read_carrier(raw, billing, register)
            if carrier.id in first_line:
                raise datafile.Mistake(("id",), f"is listed twice (first on line {first_line[carrier.id]}); "
                                       "each carrier needs its own id")
            _check_not_cut(carrier, lambda keys: datafile.find(root, ("carriers", index, *keys))[0], lines)
        except datafile.Mistake as mistake:
            line = datafile.line(root, ("carriers", index, *mistake.keys))
            raise cards.SourceError(path, f"{label} {mistake.message}", line) from None
        first_line[carrier.id] = datafile.line(root, ("carriers", index, "id")) or 0
        carriers.append(carrier)
    return carriers


def read_carrier(raw: object, billing: tuple[str, ...], register: sources.Register) -> Carrier:
    """One carrier entry, validated; raise Mistake at the first problem."""
    if not isinstance(raw, dict):
        raise datafile.Mistake((), "must be a mapping with " + ", ".join(k for k, _o in CarrierMeta._schema))
    meta = datafile.check((), CarrierMeta, raw)
    if not cards.STEP_ID.fullmatch(meta["id"]):
        raise datafile.Mistake(("id",), f"field 'id' must be lowercase ASCII words joined by '-' "
                               f"(it is the address /carriers/#id), got '{meta['id']}'")
    _guard(("name",), "name", meta["name"])
    facts = {field: tuple(read_fact(field, number, entry, len(meta[field]), billing, register)
                          for number, entry in enumerate(meta[field]))
             for field in FIELDS}
    return Carrier(meta["id"], meta["name"], facts)


def read_fact(field: str, index: int, raw: dict[str, Any], count: int, billing: tuple[str, ...],
              register: sources.Register) -> Fact:
    schema: type[SourcedMeta] = dict(CarrierMeta._schema)[field].schema
    name = datafile.entry_name(field, index, count)
    keys = (field, index)
    meta = datafile.check(keys, schema, raw, name)
    value_keys, value_name = keys + (schema.value_key,), f"{name}.{schema.value_key}"
    value = meta[schema.value_key]
    if field == "billing" and value not in billing:
        raise datafile.Mistake(value_keys, f"field '{value_name}' must be the id of a billing card page "
                               f"({', '.join(billing)}), got '{value}'")
    _guard(value_keys, value_name, value)
    try:
        source, quote = register.resolve(meta["source"])
    except LookupError as error:
        raise datafile.Mistake(keys + ("source",), f"field '{name}.source' {error}") from None
    return Fact(value, f"{source.id}#{quote.id}", source, quote)


def references(carriers: list[Carrier]) -> set[str]:
    """Every 'source-id#quote-id' the facts cite."""
    return {fact.reference for carrier in carriers for facts in carrier.facts.values() for fact in facts}


def _guard(keys: datafile.Keys, name: str, value: str) -> None:
    """The same link rules as the built pages (hooks/htmlguard.py), reported at the field; markup in
    a text is no mistake, it is shown as text (carrier_page.py)."""
    found = htmlguard.text_problem(value)
    if found:
        raise datafile.Mistake(keys, f"field '{name}': {found.message}")


def _check_not_cut(carrier: Carrier, node_at: Any, lines: list[str]) -> None:
    """A text YAML cut at ' #' (such as a dial code) must be quoted."""
    for field, facts in carrier.facts.items():
        for index, _fact in enumerate(facts):
            if datafile.cut_by_comment(node_at((field, index, "text")), lines):
                raise datafile.Mistake((field, index, "text"), f"field '{datafile.entry_name(field, index, len(facts))}"
                                       ".text' stops before ' #': YAML reads the rest of the line as a comment; "
                                       "put the text in quotes")
