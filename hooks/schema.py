"""Field types for validating YAML mappings (front matter, data files), declared once.

MkDocs' own `Config` option classes serve as the schema library: a schema is a `Config` subclass
whose attributes are options, and `check_schema` runs it over a mapping. This is the one module of
the core that imports `mkdocs.config`, and only for that machinery, never for a build event.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

SEMVER = re.compile(r"\d+\.\d+\.\d+")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Control characters no page shows (tab and line breaks are whitespace), which HTML builders refuse.
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
Config = base.Config
ValidationError = base.ValidationError
# MkDocs' stock options, under the names the schemas use.
Choice, ListOfItems, Optional, Type = c.Choice, c.ListOfItems, c.Optional, c.Type
Option = c.BaseConfigOption  # the base of a field type of our own (datafile.py, sources.py)


class IsoDate(c.BaseConfigOption[dt.date]):
    """A calendar date written YYYY-MM-DD (kept as text by the loader, so bad dates reach us)."""

    def run_validation(self, value: object) -> dt.date:
        text = str(value)
        try:
            if not ISO_DATE.fullmatch(text):
                raise ValueError
            return dt.date.fromisoformat(text)
        except ValueError:
            raise base.ValidationError(f"must be a date (YYYY-MM-DD), got '{text}'") from None


class SemVer(c.BaseConfigOption[str]):
    """A content version x.y.z: major = steps added or removed, minor = wording or facts."""

    def run_validation(self, value: object) -> str:
        text = str(value)
        if not SEMVER.fullmatch(text):
            raise base.ValidationError(f"must be a version x.y.z (e.g. 1.0.0), got '{text}'")
        return text


class Text(c.BaseConfigOption[str]):
    """A non-empty line of text."""

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise base.ValidationError(f"must be non-empty text, got {value!r}")
        return printable(value.strip())


def printable(text: str) -> str:
    """`text`, if it holds no control character; a value of a data file is shown on a page."""
    control = CONTROLS.search(text)
    if control:
        raise base.ValidationError(f"holds the control character U+{ord(control.group()):04X}, which no page "
                                   f"can show; write the text without it (an escape such as \\x01 included)")
    return text


class SchemaError(Exception):
    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key, self.message = key, message


def check_schema(schema: type[base.Config], raw: dict[str, Any],
                 suggest: tuple[str, ...] = ()) -> base.Config:
    """Validate a mapping against a Config schema: no unknown key, no missing key, valid values.

    An `Optional` option may be left out. An unknown key that looks like a known one (or like one
    of `suggest`, the fields of related schemas) is reported with the name it probably meant.
    """
    keys = [key for key, _option in schema._schema]
    for key in raw:
        if key not in keys:
            raise SchemaError(str(key), f"has unknown field '{key}'{did_you_mean(str(key), keys, suggest)}; "
                              "expected only " + ", ".join(keys))
    for key, option in schema._schema:
        if key not in raw and not isinstance(option, c.Optional):
            raise SchemaError(key, f"is missing required field '{key}'")
    config = schema()
    config.load_dict(raw)
    failed, _warnings = config.validate()
    if failed:
        key, error = failed[0]
        raise SchemaError(key, f"'{key}' {error}")
    return config


def did_you_mean(key: str, keys: list[str], more: tuple[str, ...] = ()) -> str:
    """'; did you mean 'version'?' for 'Version' or 'verison', or nothing when no name is close."""
    names = list(dict.fromkeys([*keys, *more]))
    by_lower = {name.lower(): name for name in names}
    close = difflib.get_close_matches(key.lower(), list(by_lower), n=1, cutoff=0.7)
    return f" (did you mean '{by_lower[close[0]]}'?)" if close else ""


class Fields(c.BaseConfigOption[base.Config]):
    """A mapping validated by a Config schema (e.g. Material's `search: {exclude: true}`)."""

    def __init__(self, schema: type[base.Config]) -> None:
        super().__init__()
        self.schema = schema

    def run_validation(self, value: object) -> base.Config:
        keys = ", ".join(key for key, _option in self.schema._schema)
        if not isinstance(value, dict):
            raise base.ValidationError(f"must be a mapping with {keys}, got {value!r}")
        try:
            return check_schema(self.schema, value)
        except SchemaError as exc:
            raise base.ValidationError(exc.message) from None


class Entries(c.BaseConfigOption[list]):
    """A non-empty list of mappings, each validated by a Config schema (e.g. the `changes` list)."""

    def __init__(self, schema: type[base.Config]) -> None:
        super().__init__()
        self.schema = schema

    def run_validation(self, value: object) -> list:
        keys = ", ".join(key for key, _option in self.schema._schema)
        if not isinstance(value, list) or not value:
            raise base.ValidationError(f"must be a list of entries with {keys}, newest first")
        entries = []
        for number, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                raise base.ValidationError(f"entry {number} must be a mapping with {keys}")
            try:
                entries.append(check_schema(self.schema, item))
            except SchemaError as exc:
                raise base.ValidationError(f"entry {number}: {exc.message}") from None
        return entries


class OneOf(c.BaseConfigOption[str]):
    """One of a fixed set of words."""

    def __init__(self, choices: tuple[str, ...]) -> None:
        super().__init__()
        self.choices = choices

    def run_validation(self, value: object) -> str:
        if value not in self.choices:
            raise base.ValidationError(f"must be one of {', '.join(self.choices)}, got '{value}'")
        return str(value)


