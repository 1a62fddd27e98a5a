"""Carrier facts (docs/data/carriers.yml) as data: read, validated and tied to the source register.

Each fact names the quote that backs it (`source: verizon-port-out#pin-in-app`); whether it is
official or third-party, and the day it was checked, come from that source in the register, so a
fact states neither. A fact may say which billing model it is about (`billing: prepaid`) only when
its quote or source says so; one fact of a field may give the summary table's short answer, which can
hold no number or code its fact does not give. Pure, no MkDocs event: the build stops at the first mistake,
naming the file, line, carrier and field.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
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
ANSWER_MAX = 12  # characters: one line of a table cell on a 360 px phone
ANSWER_EXAMPLE = "App 或电话"
# What an answer may only repeat from its facts: numbers (7, 14, 100, 1.5) and dial codes (#PORT, *228).
FIGURE = re.compile(r"[*#][0-9A-Z]+|\d+(?:[.,]\d+)*")


# --- schema: declared once, in the style of MkDocs' own Config classes -------------------------


class SourcedMeta(schema.Config):
    """The quote in the source register that states a fact: 'source-id#quote-id'."""

    value_key = ""  # the field holding the fact itself, set by each kind of fact
    source = schema.Text()
    billing = schema.Optional(schema.Text())  # the billing card id the fact is about; checked in read_carrier


class FactMeta(SourcedMeta):
    value_key = "text"
    text = schema.Text()
    answer = schema.Optional(schema.Text())  # the fact in a few words, for the summary table


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
    billing: str | None = None  # the billing card the fact is about; None: its source does not say
    answer: str | None = None  # the fact in a few words, for the table

    @property
    def third_party(self) -> bool:
        return not self.source.official


@dataclass(frozen=True)
class Answer:
    """A field in a few words, for the summary table: the `answer` of one of its facts."""

    text: str
    fact: Fact


@dataclass(frozen=True)
class Carrier:
    id: str
    name: str
    facts: dict[str, tuple[Fact, ...]]
    answers: dict[str, Answer]

    def of(self, field: str) -> tuple[Fact, ...]:
        return self.facts.get(field, ())

    @property
    def models(self) -> tuple[str, ...]:
        """The billing card ids the carrier offers, in data order."""
        return tuple(dict.fromkeys(f.value for f in self.of("billing")))

    @property
    def checked(self) -> dt.date | None:
        """The oldest check date of the sources its facts cite: every source was compared with its
        page on this day or later."""
        return min((f.source.checked for facts in self.facts.values() for f in facts), default=None)

    def by_billing(self, field: str) -> list[tuple[str | None, tuple[Fact, ...]]]:
        """The facts of a field in groups: those whose source names no billing model (None) first,
        then one group per model in the carrier's order. Empty groups are left out."""
        facts = self.of(field)
        groups = [(model, tuple(f for f in facts if f.billing == model)) for model in (None, *self.models)]
        return [(model, group) for model, group in groups if group]


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
    models = tuple(dict.fromkeys(f.value for f in facts["billing"]))
    for field, field_facts in facts.items():
        for index, fact in enumerate(field_facts):
            _check_billing_tag(field, index, len(field_facts), fact, models, meta["name"])
    return Carrier(meta["id"], meta["name"], facts, read_answers(facts))


def read_answers(facts: dict[str, tuple[Fact, ...]]) -> dict[str, Answer]:
    """Each field's answer for the table: the `answer` of at most one of its facts."""
    answers: dict[str, Answer] = {}
    for field, field_facts in facts.items():
        for index, fact in enumerate(field_facts):
            if fact.answer is None:
                continue
            name = f"{datafile.entry_name(field, index, len(field_facts))}.answer"
            keys: datafile.Keys = (field, index, "answer")
            if field in answers:
                first = field_facts.index(answers[field].fact)
                raise datafile.Mistake(keys, f"field '{name}': the table has one answer per field, and "
                                       f"'{datafile.entry_name(field, first, len(field_facts))}.answer' gives it "
                                       "already; keep one of the two")
            if len(fact.answer) > ANSWER_MAX:
                raise datafile.Mistake(keys, f"field '{name}' is {len(fact.answer)} characters long; a table cell "
                                       f"holds at most {ANSWER_MAX} (such as '{ANSWER_EXAMPLE}'): shorten it, the "
                                       "carrier's section keeps the details")
            invented = sorted(_figures(fact.answer) - _figures(fact.value))
            if invented:
                raise datafile.Mistake(keys, f"field '{name}' says '{invented[0]}', which its fact's text does not: "
                                       "an answer repeats only numbers and codes its fact (with its source) gives; "
                                       "write it without, or answer from the fact that states it")
            answers[field] = Answer(fact.answer, fact)
    return answers


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
    answer = meta.get("answer")
    if answer is not None:
        answer = " ".join(answer.split())
        _guard(keys + ("answer",), f"{name}.answer", answer)
    return Fact(value, f"{source.id}#{quote.id}", source, quote, meta["billing"], answer)


def references(carriers: list[Carrier]) -> set[str]:
    """Every 'source-id#quote-id' the facts cite."""
    return {fact.reference for carrier in carriers for facts in carrier.facts.values() for fact in facts}


def _check_billing_tag(field: str, index: int, count: int, fact: Fact, models: tuple[str, ...],
                       carrier: str) -> None:
    """A fact's `billing:` names one of the carrier's billing models, and its source says so."""
    if fact.billing is None:
        return
    name = f"{datafile.entry_name(field, index, count)}.billing"
    keys: datafile.Keys = (field, index, "billing")
    if field == "billing":
        raise datafile.Mistake(keys, f"field '{name}' is not needed: the fact's model already says which; remove it")
    if len(models) < 2:
        raise datafile.Mistake(keys, f"field '{name}': {carrier} lists only {', '.join(models) or 'no model'} under "
                               "'billing', so every fact is about it; remove the tag")
    if fact.billing not in models:
        raise datafile.Mistake(keys, f"field '{name}' must be one of {carrier}'s billing models "
                               f"({', '.join(models)}), got '{fact.billing}'")
    said = re.compile(rf"\b{re.escape(fact.billing)}\b", re.IGNORECASE)
    if not any(said.search(words) for words in (fact.quote.text, fact.quote.id, fact.source.title)):
        raise datafile.Mistake(keys, f"field '{name}' says {fact.billing}, but neither the quote '{fact.reference}' "
                               "nor its source's title says it: leave 'billing' out (the fact then applies to "
                               "both), or cite words that name the billing model")


def _figures(text: str) -> set[str]:
    """The numbers and dial codes in a text, full-width digits read as ASCII."""
    return set(FIGURE.findall(unicodedata.normalize("NFKC", text)))


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
            for key in ("text", "answer"):
                if datafile.cut_by_comment(node_at((field, index, key)), lines):
                    raise datafile.Mistake((field, index, key), f"field '{datafile.entry_name(field, index, len(facts))}"
                                           f".{key}' stops before ' #': YAML reads the rest of the line as a "
                                           "comment; put the text in quotes")
