"""YAML data files (docs/data/*.yml) read with their line numbers, and checked field by field.

Pure, no MkDocs event: the carrier facts and the source register use it to say exactly where a
mistake is ('docs/data/sources.yml:12: source 'fcc-port' field 'url' …'). The schemas are the same
`Config` classes as for front matter (schema.py), so every field type is declared once.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import yaml
import cards
import schema

Keys = tuple[str | int, ...]


class Mistake(Exception):
    """A mistake inside one entry of a data file: the keys that lead to it and what is wrong."""

    def __init__(self, keys: Keys, message: str) -> None:
        super().__init__(message)
        self.keys, self.message = keys, message


class HttpsUrl(schema.Option[str]):
    """An absolute https URL."""

    def run_validation(self, value: object) -> str:
        text = str(value)
        parts = urlsplit(text)
        if parts.scheme != "https" or not parts.netloc:
            raise schema.ValidationError(f"must be an https URL, got '{text}'")
        return schema.printable(text)


class Mappings(schema.Option[list]):
    """A list of mappings, each checked by `schema` one by one (with `check`), so that an error can
    name its exact field ('quotes[2].text'). `blank` is what to write when there is no entry, or
    None when the list may not be empty."""

    def __init__(self, entry: type[schema.Config], blank: str | None = None) -> None:
        super().__init__()
        self.schema, self.blank = entry, blank

    def run_validation(self, value: object) -> list:
        if value is None and self.blank is not None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value) \
                or (not value and self.blank is None):
            keys = ", ".join(key for key, _option in self.schema._schema)
            raise schema.ValidationError(f"must be a list of entries, each with {keys}"
                                       + (f"; {self.blank}" if self.blank else ""))
        return value


def load(path: str, text: str) -> tuple[yaml.Node | None, Any]:
    """The YAML as data and as a node tree (for line numbers); dates stay text, as in front matter."""
    loader = cards.TextDates(text)  # the front matter's loader: bad dates reported, duplicate keys refused
    try:
        root = loader.get_single_node()
        return root, loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise cards.SourceError(path, f"is not valid YAML: {problem}", mark.line + 1 if mark else 1) from None
    finally:
        loader.dispose()


def check(keys: Keys, meta: type[schema.Config], raw: dict[str, Any], name: str = "") -> schema.Config:
    """Run a schema; fields with a default may be left out. Errors name the field by its path."""
    optional = {key: option.default for key, option in meta._schema
                if isinstance(option, schema.Optional) or option.default is not None}
    try:
        return cards.check_schema(meta, {**optional, **raw})
    except cards.SchemaError as error:
        path = f"{name}.{error.key}" if name else error.key
        message = error.message.replace(f"'{error.key}'", f"'{path}'", 1)
        # "'id' must be …" reads as "field 'id' must be …"; "has unknown field …" stays as it is.
        raise Mistake(keys + (error.key,), ("field " if message.startswith("'") else "") + message) from None


def entry_name(field: str, index: int, count: int) -> str:
    """How an error names an entry: 'cancel' when the field has one, 'cancel[2]' among several."""
    return f"{field}[{index + 1}]" if count > 1 else field


def line(root: yaml.Node | None, keys: Keys) -> int | None:
    """The 1-based line of the deepest of `keys` that exists in the YAML node tree."""
    return find(root, keys)[1]


def find(node: yaml.Node | None, keys: Keys) -> tuple[yaml.Node | None, int | None]:
    """The node at `keys` (None if it is not there) and the line of the deepest key found."""
    if node is None:
        return None, None
    found = node.start_mark.line + 1
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == key), None)
            if pair is None:
                return None, found
            found, node = pair[0].start_mark.line + 1, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            found = node.start_mark.line + 1
        else:
            return None, found
    return node, found


def cut_by_comment(node: yaml.Node | None, lines: list[str]) -> bool:
    """YAML ends an unquoted text at ' #' and reads the rest as a comment, so a dial code such as
    #PORT would vanish without a word: True when that happened to this text."""
    if not isinstance(node, yaml.ScalarNode) or node.style:
        return False  # no text here, or a quoted one (plain is None or '', by parser)
    rest = lines[node.end_mark.line][node.end_mark.column:]
    return rest[:1] in (" ", "\t") and rest.lstrip(" \t").startswith("#")
